import type { Metadata } from "next";
import Link from "next/link";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { listCohortCandidates, listCohorts } from "@/db/queries/cohorts";
import { listCourses } from "@/db/queries/courses";
import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { CheckboxList, SelectField, TextField } from "@/components/ui/field";
import { ROLE_LABELS, type MemberRole } from "@/lib/validation/tenancy";
import { createCohortAction } from "./actions";

export const metadata: Metadata = { title: "Cohorts" };

export default async function CohortsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "cohorts.view");
  const organizationId = context.organization.id;
  const mayCreate = can(context, "cohorts.manage");
  const [cohorts, courses, members] = await withOrgDb(context, (tx) =>
    Promise.all([listCohorts(tx, organizationId), mayCreate ? listCourses(tx, organizationId) : [], mayCreate ? listCohortCandidates(tx, organizationId) : []]),
  );
  const published = courses.filter((course) => course.status === "published");
  const person = (m: (typeof members)[number]) => `${m.fullName ? `${m.fullName} · ` : ""}${m.email} (${ROLE_LABELS[m.role as MemberRole] ?? m.role})`;
  const teachesAll = context.permissions.has("cohorts.view_all");

  return (
    <div className="max-w-5xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Cohorts</h1>
        <p className="text-sm text-slate-500">{teachesAll ? "Every cohort of the organization." : "The cohorts you teach."}</p>
      </header>

      <Card title={`Cohorts (${cohorts.length})`}>
        {cohorts.length === 0 ? (
          <p className="text-sm text-slate-500">No cohort yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2">Cohort</th><th>Course</th><th>Dates</th><th>Learners</th><th>Avg. progress</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {cohorts.map((cohort) => (
                <tr key={cohort.id}>
                  <td className="py-2"><Link href={`/o/${org}/cohorts/${cohort.id}`} className="font-medium text-brand-700 hover:underline">{cohort.name}</Link></td>
                  <td>{cohort.courseTitle}</td>
                  <td className="text-slate-500">{cohort.startsOn} → {cohort.endsOn}</td>
                  <td>{cohort.learners}</td>
                  <td>{cohort.avgProgress} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      {mayCreate ? (
        <Card title="Create a cohort">
          {published.length === 0 ? (
            <p className="text-sm text-slate-500">Publish a course first: a cohort is a run of a published course.</p>
          ) : (
            <ActionForm action={createCohortAction.bind(null, org)} submit="Create cohort" pending="Creating…" label="Create a cohort">
              <div className="grid gap-3 sm:grid-cols-2">
                <SelectField label="Course" name="courseId" options={published.map((c) => ({ value: c.id, label: c.title }))} />
                <TextField label="Cohort name" name="name" required maxLength={120} />
                <TextField label="Starts on" name="startsOn" type="date" required />
                <TextField label="Ends on" name="endsOn" type="date" required />
              </div>
              <CheckboxList
                legend={teachesAll ? "Trainers" : "Other trainers (you teach the cohorts you create)"}
                name="trainerIds"
                options={members.filter((m) => m.role !== "learner" && (teachesAll || m.userId !== context.claims.sub)).map((m) => ({ value: m.userId, label: person(m) }))}
              />
              <CheckboxList
                legend="Learners"
                name="learnerIds"
                all={{ name: "allLearners", label: `All learners of the organization (${members.filter((m) => m.role === "learner").length})` }}
                options={members.map((m) => ({ value: m.userId, label: person(m) }))}
              />
            </ActionForm>
          )}
        </Card>
      ) : null}
    </div>
  );
}
