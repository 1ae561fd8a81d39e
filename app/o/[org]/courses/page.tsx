import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { listCourses, listSkills } from "@/db/queries/courses";
import { ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { CheckboxList, TextAreaField, TextField } from "@/components/ui/field";
import { createCourseAction, createSkillAction } from "./actions";

export const metadata: Metadata = { title: "Courses" };

export default async function CoursesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "courses.manage");
  const [courses, skills] = await withOrgDb(context, (tx) =>
    Promise.all([listCourses(tx, context.organization.id), listSkills(tx, context.organization.id)]),
  );
  const skillOptions = skills.map((skill) => ({ value: skill.id, label: skill.name }));

  return (
    <div className="max-w-5xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Courses</h1>
        <p className="text-sm text-slate-500">Write courses, publish them, and run them as cohorts.</p>
      </header>

      <Card title={`Courses (${courses.length})`}>
        {courses.length === 0 ? (
          <p className="text-sm text-slate-500">No course yet: create the first one below.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2">Title</th><th>Status</th><th>Lessons</th><th>Updated</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {courses.map((course) => (
                <tr key={course.id}>
                  <td className="py-2"><Link href={`/o/${org}/courses/${course.id}`} className="font-medium text-brand-700 hover:underline">{course.title}</Link></td>
                  <td><Badge tone={course.status === "published" ? "green" : "amber"}>{course.status === "published" ? "Published" : "Draft"}</Badge></td>
                  <td>{course.lessons}</td>
                  <td className="text-slate-500">{course.updatedAt.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="Create a course">
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
    </div>
  );
}
