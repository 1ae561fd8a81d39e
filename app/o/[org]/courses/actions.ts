"use server";
// Authoring for holders of courses.manage: skills, courses, sections,
// lessons, assessments with their questions, activities and tasks. RLS and
// the same-organization triggers enforce the same rules in the database.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { orgAction } from "@/lib/actions";
import { withOrgDb } from "@/lib/tenancy/org-context";
import {
  addSection,
  createCourse,
  createLesson,
  createSkill,
  deleteLesson,
  deleteSection,
  renameSection,
  setCoursePublished,
  updateCourse,
  updateLesson,
} from "@/db/queries/courses";
import { createAssessment, deleteQuestion, saveQuestion, updateAssessment } from "@/db/queries/assessments";
import { createActivity, createTask, deleteTask } from "@/db/queries/tasks";
import {
  activitySchema,
  assessmentSchema,
  courseSchema,
  lessonIdSchema,
  lessonSchema,
  publishCourseSchema,
  questionIdSchema,
  questionSchema,
  renameSectionSchema,
  sectionIdSchema,
  sectionSchema,
  skillSchema,
  taskIdSchema,
  taskSchema,
  updateAssessmentSchema,
  updateCourseSchema,
  updateLessonSchema,
} from "@/lib/validation/learning";

const coursesPath = (slug: string) => `/o/${slug}/courses`;
const refresh = (slug: string) => revalidatePath(coursesPath(slug), "layout");

export const createSkillAction = orgAction(skillSchema, "courses.manage", async (context, input) => {
  const skill = await withOrgDb(context, (tx) => createSkill(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: `Skill "${skill.name}" created` };
});

export const createCourseAction = orgAction(courseSchema, "courses.manage", async (context, input) => {
  const course = await withOrgDb(context, (tx) =>
    createCourse(tx, { ...input, organizationId: context.organization.id, createdBy: context.claims.sub }),
  );
  refresh(context.organization.slug);
  redirect(`${coursesPath(context.organization.slug)}/${course.id}`);
});

export const updateCourseAction = orgAction(updateCourseSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => updateCourse(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: "Course saved" };
});

export const publishCourseAction = orgAction(publishCourseSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => setCoursePublished(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: input.publish ? "Course published" : "Course unpublished" };
});

export const addSectionAction = orgAction(sectionSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => addSection(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: "Section added" };
});

export const renameSectionAction = orgAction(renameSectionSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => renameSection(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: "Section renamed" };
});

export const deleteSectionAction = orgAction(sectionIdSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => deleteSection(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: "Section deleted" };
});

export const createLessonAction = orgAction(lessonSchema, "courses.manage", async (context, input) => {
  const lesson = await withOrgDb(context, (tx) => createLesson(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: `Lesson "${lesson.title}" added` };
});

export const updateLessonAction = orgAction(updateLessonSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => updateLesson(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: "Lesson saved" };
});

export const deleteLessonAction = orgAction(lessonIdSchema, "courses.manage", async (context, input) => {
  const lesson = await withOrgDb(context, (tx) => deleteLesson(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  redirect(`${coursesPath(context.organization.slug)}/${lesson.courseId}`);
});

export const createAssessmentAction = orgAction(assessmentSchema, "courses.manage", async (context, input) => {
  const assessment = await withOrgDb(context, (tx) =>
    createAssessment(tx, { ...input, organizationId: context.organization.id, createdBy: context.claims.sub }),
  );
  refresh(context.organization.slug);
  redirect(`${coursesPath(context.organization.slug)}/${assessment.courseId}/assessments/${assessment.id}`);
});

export const updateAssessmentAction = orgAction(updateAssessmentSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => updateAssessment(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: "Assessment saved" };
});

export const saveQuestionAction = orgAction(questionSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => saveQuestion(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: input.questionId ? "Question saved" : "Question added" };
});

export const deleteQuestionAction = orgAction(questionIdSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => deleteQuestion(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: "Question deleted" };
});

export const createActivityAction = orgAction(activitySchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => createActivity(tx, { ...input, organizationId: context.organization.id, createdBy: context.claims.sub }));
  refresh(context.organization.slug);
  return { ok: true, message: "Activity added" };
});

export const createTaskAction = orgAction(taskSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => createTask(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: "Task added" };
});

export const deleteTaskAction = orgAction(taskIdSchema, "courses.manage", async (context, input) => {
  await withOrgDb(context, (tx) => deleteTask(tx, { ...input, organizationId: context.organization.id }));
  refresh(context.organization.slug);
  return { ok: true, message: "Task deleted" };
});
