import type { Metadata } from "next";
import Link from "next/link";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { getCohortDetail, listCohortCandidates } from "@/db/queries/cohorts";
import { ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { CheckboxList, SelectField, TextField } from "@/components/ui/field";
import { addCohortTrainerAction, enrollLearnersAction } from "../actions";

export const metadata: Metadata = { title: "Cohort" };

const STATUS = { in_progress: ["In progress", "slate"], submitted: ["Needs grading", "amber"], graded: ["Graded", "green"] } as const;

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

  return (
    <div className="max-w-5xl space-y-6">
      <header>
        <p className="text-sm"><Link href={`/o/${org}/cohorts`} className="text-brand-700 hover:underline">Cohorts</Link></p>
        <h1 className="text-2xl font-semibold">{cohort.name}</h1>
        <p className="text-sm text-slate-500">
          {cohort.courseTitle} · {cohort.startsOn} → {cohort.endsOn} · trainers: {trainers.map((t) => t.fullName || t.email).join(", ")}
        </p>
      </header>

      <Card title={`Learners (${learners.length})`}>
        {learners.length === 0 ? (
          <p className="text-sm text-slate-500">No learner enrolled yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2">Learner</th><th>Progress</th><th>Due</th><th>Completed</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {learners.map((learner) => (
                <tr key={learner.userId}>
                  <td className="py-2">{learner.fullName || learner.email} <span className="text-slate-500">{learner.email}</span></td>
                  <td>
                    <div className="flex items-center gap-2">
                      <progress value={learner.progressPercent} max={100} className="h-2 w-24" aria-label={`Progress of ${learner.fullName || learner.email}`} />
                      {learner.progressPercent} %
                    </div>
                  </td>
                  <td className="text-slate-500">{learner.dueOn ?? "—"}</td>
                  <td className="text-slate-500">{learner.completedAt ? learner.completedAt.toISOString().slice(0, 10) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title={`Submissions${waiting ? ` (${waiting} to grade)` : ""}`}>
        {submissions.length === 0 ? (
          <p className="text-sm text-slate-500">No attempt yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2">Learner</th><th>Assessment</th><th>Attempt</th><th>Status</th><th>Score</th><th className="sr-only">Review</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {submissions.map((s) => (
                <tr key={s.attemptId}>
                  <td className="py-2">{nameOf.get(s.userId)}</td>
                  <td>{s.assessmentTitle}</td>
                  <td>#{s.attemptNumber}</td>
                  <td><Badge tone={STATUS[s.status][1]}>{STATUS[s.status][0]}</Badge></td>
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
          </table>
        )}
      </Card>

      <Card title="Enroll learners">
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
    </div>
  );
}
