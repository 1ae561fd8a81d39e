import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { getCourseOutline, getLesson, listSkills } from "@/db/queries/courses";
import { ActionButton, ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { CheckboxList, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { Markdown } from "@/components/markdown";
import { deleteLessonAction, updateLessonAction } from "../../../actions";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Edit lesson" };

export default async function LessonEditorPage({ params }: { params: Promise<{ org: string; courseId: string; lessonId: string }> }) {
  const { org, courseId: rawCourse, lessonId: rawLesson } = await params;
  const courseId = idParam(rawCourse);
  const lessonId = idParam(rawLesson);
  const context = await requirePermission(org, "courses.manage");
  const organizationId = context.organization.id;
  const [lesson, outline, skills] = await found(
    withOrgDb(context, (tx) => Promise.all([getLesson(tx, organizationId, lessonId), getCourseOutline(tx, organizationId, courseId), listSkills(tx, organizationId)])),
  );
  if (lesson.courseId !== courseId) notFound();

  return (
    <Page>
      <PageHeader back={{ href: `/o/${org}/courses/${courseId}`, label: outline.course.title }} title={lesson.title} />
      <Card title="Lesson">
        <ActionForm action={updateLessonAction.bind(null, org)} submit="Save lesson" label="Edit lesson">
          <input type="hidden" name="lessonId" value={lesson.id} />
          <TextField label="Lesson title" name="title" defaultValue={lesson.title} required maxLength={200} />
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField label="Section" name="sectionId" defaultValue={lesson.sectionId} options={outline.sections.map((s) => ({ value: s.id, label: s.title }))} />
            <TextField label="Estimated minutes" name="estimatedMinutes" type="number" min={1} max={600} defaultValue={lesson.estimatedMinutes} />
          </div>
          <TextAreaField label="Body (Markdown)" name="bodyMd" rows={16} defaultValue={lesson.bodyMd} hint="# Heading, **bold**, *italic*, - lists, [links](https://…), ``` code" />
          <CheckboxList legend="Skills taught" name="skillIds" options={skills.map((s) => ({ value: s.id, label: s.name }))} defaultChecked={lesson.skillIds} />
        </ActionForm>
      </Card>
      <Card title="Preview">
        <Markdown source={lesson.bodyMd} />
      </Card>
      <ActionButton action={deleteLessonAction.bind(null, org)} fields={{ lessonId: lesson.id }} submit="Delete lesson" variant="danger" confirm={`Delete lesson ${lesson.title} and learners' progress on it?`} />
    </Page>
  );
}
