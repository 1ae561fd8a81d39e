// The gate of every page under one cohort: only its own trainers and holders
// of cohorts.view_all (org admins) get in; another trainer's cohort is a 404
// like a missing one. It sits in a layout, outside the pages' loading
// boundaries, because a notFound() inside a streamed page answers 200.
import { notFound } from "next/navigation";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { idParam } from "@/lib/pages";
import { mayOpenCohort } from "@/db/queries/dashboard-trainer";

export default async function CohortLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string; cohortId: string }> }) {
  const { org, cohortId: rawId } = await params;
  const cohortId = idParam(rawId);
  const context = await requirePermission(org, "cohorts.view");
  const allowed = await withOrgDb(context, (tx) =>
    mayOpenCohort(tx, { organizationId: context.organization.id, cohortId, userId: context.claims.sub, viewAll: can(context, "cohorts.view_all") }),
  );
  if (!allowed) notFound();
  return children;
}
