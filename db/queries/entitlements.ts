// Plan entitlements (public.plan_entitlements): what each plan includes, as
// the pricing page shows it and as every guard checks it. Plans and their
// entitlements are readable by visitors (RLS); an organization's own plan and
// features only by its members (app.org_entitlements) or the service role
// (private.org_has_feature, for the ingestion API).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { features, planEntitlements, plans } from "../schema";

export interface PlanFeature {
  key: string;
  name: string;
  description: string;
  limitValue: number | null;
}

/** The plans on sale with the features each includes, in display order: the pricing page's data. */
export async function plansForSaleWithFeatures(tx: Tx) {
  const planRows = await tx.select().from(plans).where(eq(plans.isActive, true)).orderBy(asc(plans.sortOrder), asc(plans.id));
  const rows = planRows.length
    ? await tx
        .select({
          planId: planEntitlements.planId,
          key: features.key,
          name: features.name,
          description: features.description,
          limitValue: planEntitlements.limitValue,
        })
        .from(planEntitlements)
        .innerJoin(features, eq(features.key, planEntitlements.feature))
        .where(inArray(planEntitlements.planId, planRows.map((plan) => plan.id)))
        .orderBy(asc(features.sortOrder), asc(features.key))
    : [];
  return planRows.map((plan) => ({
    ...plan,
    entitlements: rows.filter((row) => row.planId === plan.id).map(({ planId: _, ...feature }): PlanFeature => feature),
  }));
}
export type PlanForSale = Awaited<ReturnType<typeof plansForSaleWithFeatures>>[number];

/** The feature keys the database knows (equal to FEATURES of lib/tenancy/entitlements.ts). */
export async function featureKeys(tx: Tx): Promise<string[]> {
  return (await tx.select({ key: features.key }).from(features).orderBy(asc(features.sortOrder))).map((row) => row.key);
}

/** The caller's organization's plan and features (members only; null for anyone else). */
export async function orgEntitlements(tx: Tx, organizationId: string): Promise<{ planId: string; features: Set<string> } | null> {
  const [row] = await tx.execute<{ plan_id: string; features: string[] }>(
    sql`select plan_id, features from app.org_entitlements(${organizationId}::uuid)`,
  );
  return row ? { planId: row.plan_id, features: new Set(row.features) } : null;
}

/** Service role (no session): whether the organization's plan includes the feature, and the plan. */
export async function orgFeatureAsService(tx: Tx, organizationId: string, feature: string): Promise<{ planId: string; allowed: boolean }> {
  const [row] = await tx.execute<{ plan_id: string; allowed: boolean }>(
    sql`select private.org_plan(${organizationId}::uuid) as plan_id, private.org_has_feature(${organizationId}::uuid, ${feature}) as allowed`,
  );
  return { planId: row.plan_id, allowed: row.allowed };
}

/** The feature's name, the organization's plan's name and the first plan on sale that includes the feature (for an upgrade message). */
export async function upgradeFacts(tx: Tx, feature: string, currentPlanId: string) {
  const [featureRow] = await tx.select({ name: features.name }).from(features).where(eq(features.key, feature));
  const [current] = await tx.select({ name: plans.name }).from(plans).where(eq(plans.id, currentPlanId));
  const [including] = await tx
    .select({ id: plans.id, name: plans.name })
    .from(planEntitlements)
    .innerJoin(plans, eq(plans.id, planEntitlements.planId))
    .where(and(eq(planEntitlements.feature, feature), eq(plans.isActive, true)))
    .orderBy(asc(plans.sortOrder), asc(plans.id))
    .limit(1);
  return {
    featureName: featureRow?.name ?? feature,
    currentPlanName: current?.name ?? currentPlanId,
    includedIn: including ?? null,
  };
}
