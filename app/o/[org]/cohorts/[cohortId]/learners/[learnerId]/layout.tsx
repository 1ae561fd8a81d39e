// The drill-down's gate: the learner must be enrolled in this cohort (which
// the cohort layout above already let the caller open) — otherwise 404. In a
// layout, outside the page's loading boundary, so the status is a real 404.
import { notFound } from "next/navigation";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { idParam } from "@/lib/pages";
import { getCohortEnrollment } from "@/db/queries/dashboard-trainer";

export default async function CohortLearnerLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ org: string; cohortId: string; learnerId: string }>;
}) {
  const { org, cohortId: rawCohort, learnerId: rawLearner } = await params;
  const cohortId = idParam(rawCohort);
  const userId = idParam(rawLearner);
  const context = await requirePermission(org, "cohorts.view");
  const enrollment = await withOrgDb(context, (tx) => getCohortEnrollment(tx, { organizationId: context.organization.id, cohortId, userId }));
  if (!enrollment) notFound();
  return children;
}
