// One learner's analytics, drilled down from a cohort the caller teaches
// (org admins: any cohort). Another trainer's cohort, a learner who is not in
// this cohort, a malformed id: 404, whatever exists behind it.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { idParam } from "@/lib/pages";
import { cohortLearnerAnalytics, teachesCohort } from "@/db/queries/dashboard-trainer";
import { Page, PageHeader } from "@/components/ui/page-header";
import { LearnerAnalytics } from "@/components/trainer-dashboard/learner-analytics";

export const metadata: Metadata = { title: "Learner" };

export default async function CohortLearnerPage({ params }: { params: Promise<{ org: string; cohortId: string; learnerId: string }> }) {
  const { org, cohortId: rawCohort, learnerId: rawLearner } = await params;
  const cohortId = idParam(rawCohort);
  const userId = idParam(rawLearner);
  const context = await requirePermission(org, "cohorts.view");
  const organizationId = context.organization.id;
  const data = await withOrgDb(context, async (tx) => {
    if (!can(context, "cohorts.view_all") && !(await teachesCohort(tx, { organizationId, cohortId, userId: context.claims.sub }))) return null;
    return cohortLearnerAnalytics(tx, { organizationId, cohortId, userId });
  });
  if (!data) notFound();

  return (
    <Page width="wide">
      <PageHeader
        back={{ href: `/o/${org}/cohorts/${cohortId}#learners`, label: data.enrollment.cohortName }}
        title={data.enrollment.name}
        description={`${data.enrollment.email} · enrolled ${data.enrollment.enrolledAt.slice(0, 10)} · ${data.enrollment.cohortName}`}
      />
      <LearnerAnalytics data={data} />
    </Page>
  );
}
