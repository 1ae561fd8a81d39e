// GET /api/o/<org>/dashboards/learner/leaderboard?period=week|month — the
// learner dashboard's leaderboard widget, refreshed by react-query when the
// period changes. Same query as the page's first paint (leaderboardWidget),
// in the caller's RLS-scoped transaction; privacy applied by analytics.leaderboard.
// Not signed in, not a member or no such organization → 404 (slugs are not disclosed).
import { withUserDb } from "@/db/rls";
import { findMyOrgBySlug } from "@/db/queries/organizations";
import { leaderboardWidget } from "@/db/queries/dashboard-learner";
import { getSessionClaims, requestContext } from "@/lib/auth";
import { orgSlugSchema } from "@/lib/validation/tenancy";
import { leaderboardPeriodSchema } from "@/lib/validation/analytics";

export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const period = leaderboardPeriodSchema.safeParse(new URL(request.url).searchParams.get("period") ?? "week");
  if (!period.success) return Response.json({ error: period.error.issues[0].message }, { status: 400 });
  const claims = orgSlugSchema.safeParse(org).success ? await getSessionClaims() : null;
  const membership = claims ? await withUserDb(claims, (tx) => findMyOrgBySlug(tx, claims.sub, org)) : null;
  if (!claims || !membership || !membership.permissions.has("learning.participate")) {
    return Response.json({ error: "Not found" }, { status: 404 });
  }
  const widget = await withUserDb(
    claims,
    (tx) => leaderboardWidget(tx, { organizationId: membership.organization.id, userId: claims.sub, period: period.data }),
    await requestContext(),
  );
  return Response.json(widget, { headers: { "Cache-Control": "private, no-store" } });
}
