import type { Metadata } from "next";
import Link from "next/link";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { getCohortDetail, listCohortCandidates } from "@/db/queries/cohorts";
import { ActionForm } from "@/components/action-form";
import { Card, StatusPill } from "@/components/ui/card";
import { CheckboxList, SelectField, TextField } from "@/components/ui/field";
import { addCohortTrainerAction, enrollLearnersAction } from "../actions";
import { Table } from "@/components/ui/table";
import { AlarmClock, CircleCheck } from "lucide-react";
import { isLearnerOverdue } from "@/lib/learning/overdue";
import { ProgressBar } from "@/components/ui/progress-bar";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatDate } from "@/lib/format";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Cohort" };

const STATUS = { in_progress: ["In progress", "neutral"], submitted: ["Needs grading", "warning"], graded: ["Graded", "success"] } as const;

export default async function CohortPage({ params }: { params: Promise<{ org: string; cohortId: string }> }) {
  const { org, cohortId: rawId } = await params;
  const cohortId = idParam(rawId);
  const context = await requirePermission(org, "cohorts.view");
  const organizationId = context.organization.id;
  const [detail, members] = await found(withOrgDb(context, (tx) => Promise.all([getCohortDetail(tx, organizationId, cohortId), listCohortCandidates(tx, organizationId)])));
  const { cohort, trainers, learners, submissions } = detail;
  const enrolled = new Set(learners.map((l) => l.userId));
  const teaching = new Set(trainers.map((t) => t.userId));
  const nameOf = new Map(learners.map((l) => [l.userId, l.fullName || l.email]));
  const waiting = submissions.filter((s) => s.status === "submitted").length;
  const learnersLeft = members.filter((m) => m.role === "learner" && !enrolled.has(m.userId)).length;
  const overdue = new Set(learners.filter((l) => isLearnerOverdue({ dueOn: l.dueOn, endsOn: cohort.endsOn, progressPercent: l.progressPercent, completedAt: l.completedAt })).map((l) => l.userId));

  return (
    <Page>
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

      <Card title={`Learners (${learners.length})`} description={overdue.size ? `${formatCount(overdue.size, "learner")} overdue` : undefined}>
        {learners.length === 0 ? (
          <EmptyState action={{ href: "#enroll", label: "Enroll learners" }}>No learner enrolled yet: enroll learners to follow their progress here.</EmptyState>
        ) : (
          <Table label="Learners">
            <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
              <tr><th className="py-2">Learner</th><th>Progress</th><th>Due</th><th>Status</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {learners.map((learner) => (
                <tr key={learner.userId}>
                  <td className="py-2">{learner.fullName || learner.email} <span className="text-slate-600">{learner.email}</span></td>
                  <td><ProgressBar value={learner.progressPercent} label={`Progress of ${learner.fullName || learner.email}`} className="w-24" /></td>
                  <td className="text-slate-600">{learner.dueOn ?? cohort.endsOn}</td>
                  <td>
                    {learner.completedAt ? (
                      <StatusPill tone="success" icon={CircleCheck}>Completed {formatDate(learner.completedAt)}</StatusPill>
                    ) : overdue.has(learner.userId) ? (
                      <StatusPill tone="danger" icon={AlarmClock}>Overdue</StatusPill>
                    ) : (
                      <StatusPill tone="neutral">In progress</StatusPill>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      <Card title={`Submissions${waiting ? ` (${waiting} to grade)` : ""}`}>
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
