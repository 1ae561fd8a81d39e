// GET /api/o/<org>/dashboards/admin/activity?from&to&cohort — the admin
// overview's active-users widget, refreshed by react-query (its Refresh button
// and window focus). Same queries as the page's first paint (getActiveUsers,
// listDailyActivity), same URL filters and validation, in the caller's
// RLS-scoped transaction. A bad filter → 400 with the reason; not signed in,
// not a member, no analytics.view_org or no such organization → 404.
import { withUserDb } from "@/db/rls";
import { findMyOrgBySlug } from "@/db/queries/organizations";
import { orgEntitlements } from "@/db/queries/entitlements";
import { getActiveUsers, listDailyActivity } from "@/db/queries/dashboard-admin";
import { getSessionClaims, requestContext } from "@/lib/auth";
import { orgSlugSchema } from "@/lib/validation/tenancy";
import { parseAdminFilters } from "@/lib/validation/dashboard-admin";

export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const today = new Date().toISOString().slice(0, 10);
  const { filters, problem } = parseAdminFilters(Object.fromEntries(new URL(request.url).searchParams), today);
  if (problem) return Response.json({ error: problem }, { status: 400 });
  const claims = orgSlugSchema.safeParse(org).success ? await getSessionClaims() : null;
  const membership = claims ? await withUserDb(claims, (tx) => findMyOrgBySlug(tx, claims.sub, org)) : null;
  if (!claims || !membership || !membership.permissions.has("analytics.view_org")) {
    return Response.json({ error: "Not found" }, { status: 404 });
  }
  // The plan's analytics_dashboards entitlement, as the page checks it.
  const entitlements = await withUserDb(claims, (tx) => orgEntitlements(tx, membership.organization.id));
  if (!entitlements?.features.has("analytics_dashboards")) {
    return Response.json({ error: "Analytics dashboards are not included in this organization's plan" }, { status: 402 });
  }
  const scope = { organizationId: membership.organization.id, ...filters };
  const widget = await withUserDb(
    claims,
    async (tx) => ({ activeUsers: await getActiveUsers(tx, scope), daily: await listDailyActivity(tx, scope) }),
    await requestContext(),
  );
  return Response.json(widget, { headers: { "Cache-Control": "private, no-store" } });
}
