// Plan entitlements as the app checks them: the feature keys, and the one
// guard pages, server actions and the ingestion API use. All of them read the
// organization's features from the database (public.plan_entitlements through
// private.org_features), the same rows the pricing page lists.
import { cache } from "react";
import { AppError } from "@/lib/errors";
import { orgEntitlements, upgradeFacts } from "@/db/queries/entitlements";
import { withOrgDb, type OrgContext } from "./org-context";

/** Every feature a plan can include; equal to public.features (tests/integration/entitlements.test.ts). */
export const FEATURES = [
  "courses",
  "learner_dashboards",
  "analytics_dashboards",
  "kpi_tree",
  "report_exports",
  "api_keys",
  "audit_log",
  "retention_settings",
] as const;
export type Feature = (typeof FEATURES)[number];

export type FeatureAccess =
  | { feature: Feature; allowed: true }
  | { feature: Feature; allowed: false; featureName: string; currentPlanName: string; includedIn: { id: string; name: string } | null };

/** Why the organization cannot use the feature, in words for the person who sees it. */
export function upgradeMessage(facts: { featureName: string; currentPlanName: string; includedIn: { name: string } | null }): string {
  const where = facts.includedIn ? `is included in the ${facts.includedIn.name} plan` : "is not included in any plan on sale";
  return `${facts.featureName} ${where}; your organization is on the ${facts.currentPlanName} plan. An org admin can upgrade under Admin → Billing.`;
}

// Once per request and organization (getOrgContext is itself cached per request).
const entitlementsOf = cache((context: OrgContext) => withOrgDb(context, (tx) => orgEntitlements(tx, context.organization.id)));

/** Whether the organization's plan includes the feature; when not, what to upgrade to. */
export async function featureAccess(context: OrgContext, feature: Feature): Promise<FeatureAccess> {
  const entitlements = await entitlementsOf(context);
  if (entitlements?.features.has(feature)) return { feature, allowed: true };
  const facts = await withOrgDb(context, (tx) => upgradeFacts(tx, feature, entitlements?.planId ?? "free"));
  return { feature, allowed: false, ...facts };
}

/** For server actions: refuses (402, with what to upgrade to) unless the organization's plan includes the feature. */
export async function requireFeature(context: OrgContext, feature: Feature): Promise<void> {
  const access = await featureAccess(context, feature);
  if (!access.allowed) throw new AppError(402, upgradeMessage(access));
}
