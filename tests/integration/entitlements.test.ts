// Plan entitlements: one list in the database (public.plan_entitlements)
// that the pricing page shows and every guard enforces. The ingestion API is
// the guard exercised end to end (a Free organization's key is refused, a
// Business one's accepted), and changing an entitlement row changes the
// pricing data and the guard together.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { POST } from "@/app/api/v1/events/route";
import { closeDb } from "@/db/client";
import { planEntitlements, subscriptions } from "@/db/schema";
import { createApiKey } from "@/db/queries/api-keys";
import { featureKeys, orgEntitlements, plansForSaleWithFeatures, upgradeFacts } from "@/db/queries/entitlements";
import { FEATURES, upgradeMessage } from "@/lib/tenancy/entitlements";
import { createOrg, testDb, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import { givePaidSeats } from "../support/billing";

afterAll(closeDb);

interface Tenant {
  org: TestOrg;
  key: string;
}
let free: Tenant;
let team: Tenant;
let business: Tenant;

async function tenant(planId: string | null): Promise<Tenant> {
  const org = await createOrg({ learner: "learner" });
  if (planId) await givePaidSeats(org.id, 20, "active", planId);
  const { key } = await withUserDb(org.owner, (tx) => createApiKey(tx, { organizationId: org.id, name: "LMS", createdBy: org.owner.sub }), {}, testDb());
  return { org, key };
}

beforeAll(async () => {
  [free, team, business] = await Promise.all([tenant(null), tenant("team"), tenant("business")]);
});

function postHeartbeat(tenant: Tenant) {
  const event = {
    type: "session_heartbeat",
    userId: tenant.org.members.learner.sub,
    occurredAt: new Date().toISOString(),
    idempotencyKey: `ent-${randomUUID()}`,
    durationSeconds: 60,
  };
  return POST(
    new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tenant.key}` },
      body: JSON.stringify({ events: [event] }),
    }),
  );
}

const pricing = () => withUserDb(null, (tx) => plansForSaleWithFeatures(tx), {}, testDb());
const featuresOnSale = async (planId: string) => (await pricing()).find((plan) => plan.id === planId)!.entitlements.map((feature) => feature.key);
const service = <T>(fn: Parameters<typeof withServiceDb<T>>[1]) => withServiceDb("test: entitlements", fn, testDb());

describe("the one list", () => {
  it("FEATURES of the code equals public.features", async () => {
    expect(await service((tx) => featureKeys(tx))).toEqual([...FEATURES]);
  });

  it("the pricing data, read by a visitor: Free has learning; Team adds analytics, KPI tree and exports; Business adds API keys, audit log and retention", async () => {
    expect(await featuresOnSale("free")).toEqual(["courses", "learner_dashboards"]);
    expect(await featuresOnSale("team")).toEqual(["courses", "learner_dashboards", "analytics_dashboards", "kpi_tree", "report_exports"]);
    expect(await featuresOnSale("business")).toEqual([...FEATURES]);
    const plans = await pricing();
    expect(plans.find((plan) => plan.id === "business")!.entitlements.find((feature) => feature.key === "audit_log")!.name).toBe("Audit log");
    // The old free-text bullets are gone: nothing is listed that no guard checks.
    expect(plans.every((plan) => plan.features.length === 0)).toBe(true);
  });

  it("an organization's members read its plan and features; a member of another organization reads nothing", async () => {
    const own = await withUserDb(team.org.owner, (tx) => orgEntitlements(tx, team.org.id), {}, testDb());
    expect(own?.planId).toBe("team");
    expect([...own!.features].sort()).toEqual(["analytics_dashboards", "courses", "kpi_tree", "learner_dashboards", "report_exports"]);
    expect((await withUserDb(team.org.members.learner, (tx) => orgEntitlements(tx, team.org.id), {}, testDb()))?.planId).toBe("team");
    expect(await withUserDb(business.org.owner, (tx) => orgEntitlements(tx, team.org.id), {}, testDb())).toBeNull();
    expect((await withUserDb(free.org.owner, (tx) => orgEntitlements(tx, free.org.id), {}, testDb()))?.planId).toBe("free");
  });

  it("the upgrade message names the feature, the plan that includes it and the organization's plan", async () => {
    const facts = await withUserDb(free.org.owner, (tx) => upgradeFacts(tx, "audit_log", "free"), {}, testDb());
    expect(facts).toEqual({ featureName: "Audit log", currentPlanName: "Free", includedIn: { id: "business", name: "Business" } });
    expect(upgradeMessage(facts)).toBe(
      "Audit log is included in the Business plan; your organization is on the Free plan. An org admin can upgrade under Admin → Billing.",
    );
  });
});

describe("the ingestion API reads the same list", () => {
  it("a Free organization's key: 402 saying which plan includes it, and nothing stored", async () => {
    const response = await postHeartbeat(free);
    expect(response.status).toBe(402);
    expect(((await response.json()) as { error: string }).error).toBe(
      "This organization's plan does not include event ingestion: API keys for learning-event ingestion is included in the Business plan; your organization is on the Free plan. An org admin can upgrade under Admin → Billing.",
    );
    const [{ n }] = await service((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from public.raw_events where organization_id = ${free.org.id}::uuid`));
    expect(n).toBe(0);
  });

  it("a Team organization's key: 402; a Business organization's: 202 and stored", async () => {
    expect((await postHeartbeat(team)).status).toBe(402);
    const response = await postHeartbeat(business);
    expect(response.status).toBe(202);
    expect(((await response.json()) as { stored: number }).stored).toBe(1);
  });

  it("changing the entitlement row changes the pricing page's data and the guard together", async () => {
    const row = { planId: "team", feature: "api_keys" };
    try {
      await service((tx) => tx.insert(planEntitlements).values(row));
      expect(await featuresOnSale("team")).toContain("api_keys");
      expect((await postHeartbeat(team)).status).toBe(202);
    } finally {
      await service((tx) => tx.delete(planEntitlements).where(and(eq(planEntitlements.planId, "team"), eq(planEntitlements.feature, "api_keys"))));
    }
    expect(await featuresOnSale("team")).not.toContain("api_keys");
    expect((await postHeartbeat(team)).status).toBe(402);
  });

  it("the plan is the seat-granting subscription's: past_due keeps it, canceled falls back to Free", async () => {
    const org = await tenant("business");
    expect((await postHeartbeat(org)).status).toBe(202);
    await service((tx) => tx.update(subscriptions).set({ status: "past_due" }).where(eq(subscriptions.organizationId, org.org.id)));
    expect((await postHeartbeat(org)).status).toBe(202);
    await service((tx) => tx.update(subscriptions).set({ status: "canceled" }).where(eq(subscriptions.organizationId, org.org.id)));
    expect((await postHeartbeat(org)).status).toBe(402);
  });
});
