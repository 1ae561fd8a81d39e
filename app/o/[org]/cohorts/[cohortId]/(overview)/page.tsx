import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { getCohortDetail, listCohortCandidates } from "@/db/queries/cohorts";
import { listCohortLearners } from "@/db/queries/analytics-cohort";
import { cohortAnalytics, teachesCohort } from "@/db/queries/dashboard-trainer";
import { cohortLearnersQuerySchema } from "@/lib/validation/analytics";
import { ActionForm } from "@/components/action-form";
import { Card, StatusPill } from "@/components/ui/card";
import { CheckboxList, SelectField, TextField } from "@/components/ui/field";
import { addCohortTrainerAction, enrollLearnersAction } from "../../actions";
import { Table } from "@/components/ui/table";
import { AlarmClock } from "lucide-react";
import { isLearnerOverdue } from "@/lib/learning/overdue";
import { formatCount } from "@/lib/format";
import { Page, PageHeader } from "@/components/ui/page-header";
import { CohortAnalyticsSection } from "@/components/trainer-dashboard/cohort-analytics";
import { LearnersTable } from "@/components/trainer-dashboard/learners-table";

export const metadata: Metadata = { title: "Cohort" };

const STATUS = { in_progress: ["In progress", "neutral"], submitted: ["Needs grading", "warning"], graded: ["Graded", "success"] } as const;

// Only the cohort's own trainers and holders of cohorts.view_all (org admins):
// another trainer's cohort is a 404, like a missing one. The learners table is
// sorted, filtered and paged in SQL from the URL's search params.
export default async function CohortPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; cohortId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org, cohortId: rawId } = await params;
  const cohortId = idParam(rawId);
  const context = await requirePermission(org, "cohorts.view");
  const organizationId = context.organization.id;
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = cohortLearnersQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : cohortLearnersQuerySchema.parse({});
  const problem = parsed.success ? null : `Those table settings are not valid: ${parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; ")}.`;
  const { detail, members, analytics, page } = await found(
    withOrgDb(context, async (tx) => {
      if (!can(context, "cohorts.view_all") && !(await teachesCohort(tx, { organizationId, cohortId, userId: context.claims.sub }))) notFound();
      const [detail, members, page] = await Promise.all([
        getCohortDetail(tx, organizationId, cohortId),
        listCohortCandidates(tx, organizationId),
        listCohortLearners(tx, { organizationId, cohortId, ...query }),
      ]);
      const analytics = await cohortAnalytics(tx, { organizationId, cohortId, courseId: detail.cohort.courseId });
      return { detail, members, analytics, page };
    }),
  );
  const { cohort, trainers, learners, submissions } = detail;
  const enrolled = new Set(learners.map((l) => l.userId));
  const teaching = new Set(trainers.map((t) => t.userId));
  const nameOf = new Map(learners.map((l) => [l.userId, l.fullName || l.email]));
  const waiting = submissions.filter((s) => s.status === "submitted").length;
  const learnersLeft = members.filter((m) => m.role === "learner" && !enrolled.has(m.userId)).length;
  const overdue = new Set(learners.filter((l) => isLearnerOverdue({ dueOn: l.dueOn, endsOn: cohort.endsOn, progressPercent: l.progressPercent, completedAt: l.completedAt })).map((l) => l.userId));
  const basePath = `/o/${org}/cohorts/${cohort.id}`;

  return (
    <Page width="wide">
      <PageHeader
        back={{ href: `/o/${org}/cohorts`, label: "Cohorts" }}
        title={cohort.name}
        description={`${cohort.courseTitle} · ${cohort.startsOn} → ${cohort.endsOn} · trainers: ${trainers.map((t) => t.fullName || t.email).join(", ")}`}
      />
      {overdue.size ? (
        <p role="status" className="flex items-center gap-2 rounded-md border border-danger-200 bg-danger-50 px-3 py-2 text-sm text-danger-800">
          <AlarmClock aria-hidden className="size-4 shrink-0" />
          {formatCount(overdue.size, "learner")} overdue: past the due date with the course below 100 %.
        </p>
      ) : null}

      <nav aria-label="On this page" className="-mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {[["#analytics", "Analytics"], ["#learners", "Learners"], ["#submissions", "Submissions"], ["#enroll", "Enroll learners"]].map(([href, label]) => (
          <a key={href} href={href} className="font-medium text-brand-700 hover:underline">
            {label}
          </a>
        ))}
      </nav>

      <CohortAnalyticsSection slug={org} cohortId={cohort.id} data={analytics} learners={learners.length} />

      <Card
        id="learners"
        title={`Learners (${learners.length})`}
        description={`${overdue.size ? `${formatCount(overdue.size, "learner")} overdue · ` : ""}open a learner for their analytics`}
      >
        <LearnersTable basePath={basePath} query={query} total={page.total} rows={page.rows} endsOn={cohort.endsOn} problem={problem} />
      </Card>

      <Card id="submissions" title={`Submissions${waiting ? ` (${waiting} to grade)` : ""}`}>
        {submissions.length === 0 ? (
          <p className="text-sm text-slate-600">No attempt yet.</p>
        ) : (
          <Table label="Submissions">
            <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
              <tr><th className="py-2">Learner</th><th>Assessment</th><th>Attempt</th><th>Status</th><th>Score</th><th className="sr-only">Review</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {submissions.map((s) => (
                <tr key={s.attemptId}>
                  <td className="py-2">{nameOf.get(s.userId)}</td>
                  <td>{s.assessmentTitle}</td>
                  <td>#{s.attemptNumber}</td>
                  <td><StatusPill tone={STATUS[s.status][1]}>{STATUS[s.status][0]}</StatusPill></td>
                  <td>{s.score === null ? "—" : `${s.score}${s.passed ? " ✓" : ""}`}</td>
                  <td className="text-right">
                    {s.status !== "in_progress" ? (
                      <Link href={`/o/${org}/cohorts/${cohort.id}/attempts/${s.attemptId}`} className="font-medium text-brand-700 hover:underline">
                        {s.status === "submitted" ? "Grade" : "Review"}
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      <Card title="Enroll learners" id="enroll">
        <ActionForm action={enrollLearnersAction.bind(null, org)} submit="Enroll" pending="Enrolling…" label="Enroll learners">
          <input type="hidden" name="cohortId" value={cohort.id} />
          <CheckboxList
            legend="Members not in this cohort"
            name="userIds"
            options={members.filter((m) => !enrolled.has(m.userId)).map((m) => ({ value: m.userId, label: m.fullName ? `${m.fullName} · ${m.email}` : m.email }))}
            empty="Every member is enrolled."
            all={learnersLeft ? { name: "allLearners", label: `All learners of the organization (${learnersLeft} not enrolled yet)` } : undefined}
          />
          <TextField label="Due date (empty: the cohort's end)" name="dueOn" type="date" />
        </ActionForm>
      </Card>

      {can(context, "cohorts.manage") ? (
        <Card title="Add a trainer">
          <ActionForm action={addCohortTrainerAction.bind(null, org)} submit="Add trainer" variant="secondary" className="flex flex-wrap items-end gap-3" label="Add a trainer">
            <input type="hidden" name="cohortId" value={cohort.id} />
            <SelectField
              label="Trainer"
              name="userId"
              options={members.filter((m) => m.role !== "learner" && !teaching.has(m.userId)).map((m) => ({ value: m.userId, label: m.fullName || m.email }))}
            />
          </ActionForm>
        </Card>
      ) : null}
    </Page>
  );
}
