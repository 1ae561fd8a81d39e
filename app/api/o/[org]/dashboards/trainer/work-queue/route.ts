// GET /api/o/<org>/dashboards/trainer/work-queue — the trainer home's work
// queue (submissions to grade, overdue learners, learners at risk), refreshed
// by react-query when the trainer comes back to the tab (after grading in
// another one). Same query as the page's first paint (trainerWorkQueue), in
// the caller's RLS-scoped transaction.
// Not signed in, not a member, no such organization or no cohorts.view → 404 (slugs are not disclosed).
import { withUserDb } from "@/db/rls";
import { findMyOrgBySlug } from "@/db/queries/organizations";
import { trainerWorkQueue } from "@/db/queries/dashboard-trainer";
import { getSessionClaims, requestContext } from "@/lib/auth";
import { orgSlugSchema } from "@/lib/validation/tenancy";

export async function GET(_request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const claims = orgSlugSchema.safeParse(org).success ? await getSessionClaims() : null;
  const membership = claims ? await withUserDb(claims, (tx) => findMyOrgBySlug(tx, claims.sub, org)) : null;
  if (!claims || !membership || !membership.permissions.has("cohorts.view")) {
    return Response.json({ error: "Not found" }, { status: 404 });
  }
  const queue = await withUserDb(
    claims,
    (tx) => trainerWorkQueue(tx, { organizationId: membership.organization.id, userId: claims.sub }),
    await requestContext(),
  );
  return Response.json(queue, { headers: { "Cache-Control": "private, no-store" } });
}
