import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { listCourses, listSkills } from "@/db/queries/courses";
import { ActionForm } from "@/components/action-form";
import { Badge, Card, StatusPill } from "@/components/ui/card";
import { CheckboxList, TextAreaField, TextField } from "@/components/ui/field";
import { createCourseAction, createSkillAction } from "./actions";
import { Table } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/empty-state";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Courses" };

export default async function CoursesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "courses.manage");
  const [courses, skills] = await withOrgDb(context, (tx) =>
    Promise.all([listCourses(tx, context.organization.id), listSkills(tx, context.organization.id)]),
  );
  const skillOptions = skills.map((skill) => ({ value: skill.id, label: skill.name }));

  return (
    <Page>
      <PageHeader title="Courses" description="Write courses, publish them, and run them as cohorts." />

      <Card title={`Courses (${courses.length})`}>
        {courses.length === 0 ? (
          <EmptyState action={{ href: "#create-course", label: "Create a course" }}>No course yet: create the first one, then publish it to run it as a cohort.</EmptyState>
        ) : (
          <Table label="Courses">
            <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
              <tr><th className="py-2">Title</th><th>Status</th><th>Lessons</th><th>Updated</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {courses.map((course) => (
                <tr key={course.id}>
                  <td className="py-2"><Link href={`/o/${org}/courses/${course.id}`} className="font-medium text-brand-700 hover:underline">{course.title}</Link></td>
                  <td><StatusPill tone={course.status === "published" ? "success" : "warning"}>{course.status === "published" ? "Published" : "Draft"}</StatusPill></td>
                  <td>{course.lessons}</td>
                  <td className="text-slate-600">{course.updatedAt.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      <Card title="Create a course" id="create-course">
        <ActionForm action={createCourseAction.bind(null, org)} submit="Create course" pending="Creating…" label="Create a course">
          <TextField label="Title" name="title" required maxLength={200} />
          <TextAreaField label="Description" name="description" maxLength={5000} />
          <CheckboxList legend="Skills taught" name="skillIds" options={skillOptions} empty="No skills yet: create one below." />
        </ActionForm>
      </Card>

      <Card title={`Skills (${skills.length})`}>
        {skills.length ? (
          <ul className="mb-4 flex flex-wrap gap-2">
            {skills.map((skill) => <li key={skill.id}><Badge tone="brand">{skill.name}</Badge></li>)}
          </ul>
        ) : null}
        <ActionForm action={createSkillAction.bind(null, org)} submit="Create skill" pending="Creating…" label="Create a skill" className="grid gap-3 sm:grid-cols-2">
          <TextField label="Skill name" name="name" required maxLength={80} />
          <TextField label="Skill description" name="description" maxLength={2000} />
        </ActionForm>
      </Card>
    </Page>
  );
}
