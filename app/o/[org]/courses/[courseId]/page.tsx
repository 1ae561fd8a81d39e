import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { getCourseOutline, listSkills } from "@/db/queries/courses";
import { listActivities } from "@/db/queries/tasks";
import { ActionButton, ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { CheckboxList, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { StatusPill } from "@/components/ui/badge";
import { formatPoints } from "@/lib/format";
import { Page, PageHeader } from "@/components/ui/page-header";
import {
  addSectionAction,
  createActivityAction,
  createAssessmentAction,
  createLessonAction,
  createTaskAction,
  deleteSectionAction,
  deleteTaskAction,
  publishCourseAction,
  renameSectionAction,
  updateCourseAction,
} from "../actions";

export const metadata: Metadata = { title: "Edit course" };

export default async function CourseEditorPage({ params }: { params: Promise<{ org: string; courseId: string }> }) {
  const { org, courseId: rawId } = await params;
  const courseId = idParam(rawId);
  const context = await requirePermission(org, "courses.manage");
  const organizationId = context.organization.id;
  const [outline, skills, activities] = await found(
    withOrgDb(context, (tx) =>
      Promise.all([
        getCourseOutline(tx, organizationId, courseId),
        listSkills(tx, organizationId),
        listActivities(tx, { organizationId, courseIds: [courseId], userId: context.claims.sub }),
      ]),
    ),
  );
  const { course, sections } = outline;
  const skillOptions = skills.map((skill) => ({ value: skill.id, label: skill.name }));
  const lessonOptions = [{ value: "", label: "The whole course" }, ...sections.flatMap((s) => s.lessons.map((l) => ({ value: l.id, label: `${s.title} · ${l.title}` })))];
  const published = course.status === "published";

  return (
    <Page>
      <PageHeader
        back={{ href: `/o/${org}/courses`, label: "Courses" }}
        title={course.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusPill tone={published ? "success" : "warning"}>{published ? "Published" : "Draft"}</StatusPill>
            {published ? <Link href={`/o/${org}/learn/courses/${course.id}`} className="font-medium text-brand-700 hover:underline">View as a learner</Link> : "Learners see it once published."}
          </span>
        }
        actions={
          <ActionButton
            action={publishCourseAction.bind(null, org)}
            fields={{ courseId: course.id, publish: published ? "false" : "true" }}
            submit={published ? "Unpublish" : "Publish"}
            variant={published ? "secondary" : "primary"}
          />
        }
      />

      <Card title="Details">
        <ActionForm action={updateCourseAction.bind(null, org)} submit="Save course" label="Course details">
          <input type="hidden" name="courseId" value={course.id} />
          <TextField label="Title" name="title" defaultValue={course.title} required maxLength={200} />
          <TextAreaField label="Description" name="description" defaultValue={course.description} maxLength={5000} />
          <CheckboxList legend="Skills taught" name="skillIds" options={skillOptions} defaultChecked={outline.skills.map((s) => s.id)} empty="No skills yet: create them on the Courses page." />
        </ActionForm>
      </Card>

      <Card title="Sections and lessons">
        <div className="space-y-6">
          {sections.length === 0 ? <p className="text-sm text-slate-600">Add a section, then its lessons.</p> : null}
          {sections.map((section, index) => (
            <section key={section.id} aria-label={`Section ${section.title}`} className="rounded-md border border-slate-200 p-4">
              <div className="flex flex-wrap items-end justify-between gap-3">
                <h3 className="font-semibold">{index + 1}. {section.title}</h3>
                <div className="flex flex-wrap items-end gap-2">
                  <ActionForm action={renameSectionAction.bind(null, org)} submit="Rename" variant="secondary" className="flex items-end gap-2" label={`Rename section ${section.title}`}>
                    <input type="hidden" name="sectionId" value={section.id} />
                    <TextField label="Section title" name="title" defaultValue={section.title} maxLength={200} />
                  </ActionForm>
                  {section.lessons.length === 0 ? (
                    <ActionButton action={deleteSectionAction.bind(null, org)} fields={{ sectionId: section.id }} submit="Delete section" variant="danger" confirm={`Delete section ${section.title}?`} />
                  ) : null}
                </div>
              </div>
              <ol className="mt-3 space-y-1 text-sm">
                {section.lessons.map((lesson) => (
                  <li key={lesson.id} className="flex items-center justify-between">
                    <Link href={`/o/${org}/courses/${course.id}/lessons/${lesson.id}`} className="text-brand-700 hover:underline">{lesson.title}</Link>
                    <span className="text-slate-600">{lesson.estimatedMinutes} min</span>
                  </li>
                ))}
              </ol>
              <details className="mt-3">
                <summary className="cursor-pointer text-sm font-medium text-brand-700">Add a lesson to {section.title}</summary>
                <ActionForm action={createLessonAction.bind(null, org)} submit="Add lesson" label={`Add a lesson to ${section.title}`} className="mt-3 space-y-3">
                  <input type="hidden" name="sectionId" value={section.id} />
                  <TextField label="Lesson title" name="title" required maxLength={200} />
                  <TextField label="Estimated minutes" name="estimatedMinutes" type="number" min={1} max={600} defaultValue={10} />
                  <TextAreaField label="Body (Markdown)" name="bodyMd" rows={8} hint="# Heading, **bold**, *italic*, - lists, [links](https://…), ``` code" />
                  <CheckboxList legend="Skills taught" name="skillIds" options={skillOptions} />
                </ActionForm>
              </details>
            </section>
          ))}
          <ActionForm action={addSectionAction.bind(null, org)} submit="Add section" variant="secondary" className="flex items-end gap-2" label="Add a section">
            <input type="hidden" name="courseId" value={course.id} />
            <TextField label="New section title" name="title" required maxLength={200} />
          </ActionForm>
        </div>
      </Card>

      <Card title="Assessments">
        {outline.assessments.length ? (
          <ul className="mb-4 space-y-1 text-sm">
            {outline.assessments.map((assessment) => (
              <li key={assessment.id}>
                <Link href={`/o/${org}/courses/${course.id}/assessments/${assessment.id}`} className="text-brand-700 hover:underline">{assessment.title}</Link>
                <span className="text-slate-600"> · pass mark {assessment.passMark}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <details>
          <summary className="cursor-pointer text-sm font-medium text-brand-700">Create an assessment</summary>
          <ActionForm action={createAssessmentAction.bind(null, org)} submit="Create assessment" label="Create an assessment" className="mt-3 grid gap-3 sm:grid-cols-2">
            <input type="hidden" name="courseId" value={course.id} />
            <TextField label="Assessment title" name="title" required maxLength={200} />
            <SelectField label="Attached to" name="lessonId" options={lessonOptions} defaultValue="" />
            <TextField label="Pass mark (0–100)" name="passMark" type="number" min={0} max={100} step="0.01" defaultValue={60} />
            <TextField label="Time limit (minutes, empty for none)" name="timeLimitMinutes" type="number" min={1} max={600} />
            <TextField label="Max attempts (empty for unlimited)" name="maxAttempts" type="number" min={1} max={100} />
            <label className="flex items-center gap-2 self-end text-sm text-slate-700">
              <input type="checkbox" name="showAnswersAfterSubmit" defaultChecked /> Show correct answers after submission
            </label>
          </ActionForm>
        </details>
      </Card>

      <Card title="Micro-learning activities">
        <div className="space-y-4">
          {activities.map((activity) => (
            <section key={activity.id} aria-label={`Activity ${activity.title}`} className="rounded-md border border-slate-200 p-4 text-sm">
              <h3 className="font-semibold">{activity.title}</h3>
              {activity.description ? <p className="text-slate-600">{activity.description}</p> : null}
              <ul className="my-2 space-y-1">
                {activity.tasks.map((task) => (
                  <li key={task.id} className="flex items-center justify-between gap-2">
                    <span>{task.title} <span className="text-slate-600">· {task.estimatedMinutes} min · {formatPoints(task.points)}</span></span>
                    <ActionButton action={deleteTaskAction.bind(null, org)} fields={{ taskId: task.id }} submit="Delete" variant="ghost" ariaLabel={`Delete task ${task.title}`} confirm={`Delete task ${task.title}?`} />
                  </li>
                ))}
              </ul>
              <ActionForm action={createTaskAction.bind(null, org)} submit="Add task" variant="secondary" className="grid items-end gap-2 sm:grid-cols-4" label={`Add a task to ${activity.title}`}>
                <input type="hidden" name="activityId" value={activity.id} />
                <TextField label="Task" name="title" required maxLength={200} />
                <TextField label="Minutes" name="estimatedMinutes" type="number" min={1} max={240} defaultValue={5} />
                <TextField label="Points" name="points" type="number" min={0} max={1000} defaultValue={10} />
              </ActionForm>
            </section>
          ))}
          <ActionForm action={createActivityAction.bind(null, org)} submit="Add activity" variant="secondary" className="grid items-end gap-2 sm:grid-cols-3" label="Add an activity">
            <input type="hidden" name="courseId" value={course.id} />
            <TextField label="Activity title" name="title" required maxLength={200} />
            <TextField label="Activity description" name="description" maxLength={5000} />
          </ActionForm>
        </div>
      </Card>
    </Page>
  );
}
