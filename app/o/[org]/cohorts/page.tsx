import type { Metadata } from "next";
import Link from "next/link";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { listCohortCandidates } from "@/db/queries/cohorts";
import { listCohortHealth } from "@/db/queries/dashboard-trainer";
import { CohortHealthTable } from "@/components/trainer-dashboard/cohort-health";
import { listCourses } from "@/db/queries/courses";
import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { CheckboxList, SelectField, TextField } from "@/components/ui/field";
import { ROLE_LABELS, type MemberRole } from "@/lib/validation/tenancy";
import { createCohortAction } from "./actions";
import { EmptyState } from "@/components/ui/empty-state";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Cohorts" };

export default async function CohortsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "cohorts.view");
  const organizationId = context.organization.id;
  const mayCreate = can(context, "cohorts.manage");
  const [cohorts, courses, members] = await withOrgDb(context, (tx) =>
    Promise.all([listCohortHealth(tx, { organizationId }), mayCreate ? listCourses(tx, organizationId) : [], mayCreate ? listCohortCandidates(tx, organizationId) : []]),
  );
  const published = courses.filter((course) => course.status === "published");
  const person = (m: (typeof members)[number]) => `${m.fullName ? `${m.fullName} · ` : ""}${m.email} (${ROLE_LABELS[m.role as MemberRole] ?? m.role})`;
  const teachesAll = context.permissions.has("cohorts.view_all");

  return (
    <Page>
      <PageHeader title="Cohorts" description={teachesAll ? "Every cohort of the organization, with its health at a glance." : "The cohorts you teach, with their health at a glance."} />

      <Card title={`Cohorts (${cohorts.length})`}>
        {cohorts.length === 0 ? (
          <EmptyState action={mayCreate ? { href: "#create-cohort", label: "Create a cohort" } : undefined}>
            {mayCreate ? "No cohort yet: create one to run a published course with its learners and trainers." : "You are not teaching a cohort yet: an org admin adds you to one."}
          </EmptyState>
        ) : (
          <CohortHealthTable slug={org} cohorts={cohorts} label="Cohorts" />
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
