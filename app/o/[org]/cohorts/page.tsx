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
import { EmptyState } from "@/components/ui/empty-state";
import { Table } from "@/components/ui/table";
import { AlarmClock } from "lucide-react";
import { StatusPill } from "@/components/ui/badge";
import { formatCount, formatPercent, formatPoints } from "@/lib/format";
import { Page, PageHeader } from "@/components/ui/page-header";

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
    <Page>
      <PageHeader title="Cohorts" description={teachesAll ? "Every cohort of the organization." : "The cohorts you teach."} />

      <Card title={`Cohorts (${cohorts.length})`}>
        {cohorts.length === 0 ? (
          <EmptyState action={mayCreate ? { href: "#create-cohort", label: "Create a cohort" } : undefined}>
            {mayCreate ? "No cohort yet: create one to run a published course with its learners and trainers." : "You are not teaching a cohort yet: an org admin adds you to one."}
          </EmptyState>
        ) : (
          <Table label="Cohorts">
            <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
              <tr><th className="py-2">Cohort</th><th>Course</th><th>Dates</th><th>Learners</th><th>Avg. progress</th><th>Overdue</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {cohorts.map((cohort) => (
                <tr key={cohort.id}>
                  <td className="py-2"><Link href={`/o/${org}/cohorts/${cohort.id}`} className="font-medium text-brand-700 hover:underline">{cohort.name}</Link></td>
                  <td>{cohort.courseTitle}</td>
                  <td className="text-slate-600">{cohort.startsOn} → {cohort.endsOn}</td>
                  <td className="tabular-nums">{cohort.learners}</td>
                  <td className="tabular-nums">{formatPercent(cohort.avgProgress)}</td>
                  <td>{cohort.overdueLearners ? <StatusPill tone="danger" icon={AlarmClock}>{formatCount(cohort.overdueLearners, "learner")} overdue</StatusPill> : <span className="text-slate-600">None</span>}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      {mayCreate ? (
        <Card title="Create a cohort" id="create-cohort">
          {published.length === 0 ? (
            <p className="text-sm text-slate-600">Publish a course first: a cohort is a run of a published course.</p>
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
    </Page>
  );
}
