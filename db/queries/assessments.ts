// Assessment authoring: an assessment belongs to a course (optionally to one
// of its lessons) and holds questions; each question's answer key lives apart
// in question_keys, which RLS shows only to holders of courses.manage.
// Run inside withUserDb. Taking and scoring attempts: db/queries/attempts.ts.
import { and, asc, count, eq, max } from "drizzle-orm";
import type { Tx } from "../client";
import { assessmentAttempts, assessments, lessons, questionKeys, questions, skills } from "../schema";
import { badRequest, notFound } from "@/lib/errors";
import type { QuestionInput } from "@/lib/validation/learning";
import { requireCourse } from "./courses";

type Org = { organizationId: string };

interface AssessmentFields {
  lessonId?: string;
  title: string;
  description: string;
  passMark: number;
  timeLimitMinutes?: number;
  maxAttempts?: number;
  showAnswersAfterSubmit: boolean;
}

async function requireLessonOfCourse(tx: Tx, organizationId: string, courseId: string, lessonId: string | undefined) {
  if (!lessonId) return null;
  const [row] = await tx
    .select({ id: lessons.id })
    .from(lessons)
    .where(and(eq(lessons.id, lessonId), eq(lessons.organizationId, organizationId), eq(lessons.courseId, courseId)));
  if (!row) throw badRequest("Choose a lesson of this course");
  return row.id;
}

const fields = (input: AssessmentFields, lessonId: string | null) => ({
  lessonId,
  title: input.title,
  description: input.description,
  passMark: input.passMark,
  timeLimitMinutes: input.timeLimitMinutes ?? null,
  maxAttempts: input.maxAttempts ?? null,
  showAnswersAfterSubmit: input.showAnswersAfterSubmit,
});

export async function createAssessment(tx: Tx, input: Org & AssessmentFields & { courseId: string; createdBy: string }) {
  await requireCourse(tx, input.organizationId, input.courseId);
  const lessonId = await requireLessonOfCourse(tx, input.organizationId, input.courseId, input.lessonId);
  const [row] = await tx
    .insert(assessments)
    .values({ organizationId: input.organizationId, courseId: input.courseId, createdBy: input.createdBy, ...fields(input, lessonId) })
    .returning({ id: assessments.id, courseId: assessments.courseId });
  return row;
}

export async function requireAssessment(tx: Tx, organizationId: string, assessmentId: string) {
  const [row] = await tx
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organizationId, organizationId)));
  if (!row) throw notFound("That assessment");
  return row;
}

export async function updateAssessment(tx: Tx, input: Org & AssessmentFields & { assessmentId: string }) {
  const current = await requireAssessment(tx, input.organizationId, input.assessmentId);
  const lessonId = await requireLessonOfCourse(tx, input.organizationId, current.courseId, input.lessonId);
  const [row] = await tx
    .update(assessments)
    .set(fields(input, lessonId))
    .where(and(eq(assessments.id, input.assessmentId), eq(assessments.organizationId, input.organizationId)))
    .returning({ id: assessments.id, courseId: assessments.courseId });
  if (!row) throw notFound("That assessment");
  return row;
}

/** Questions as learners see them: prompt, options and points, never the key. */
export function listQuestions(tx: Tx, assessmentId: string) {
  return tx
    .select({
      id: questions.id,
      kind: questions.kind,
      prompt: questions.prompt,
      options: questions.options,
      points: questions.points,
      position: questions.position,
      skillId: questions.skillId,
    })
    .from(questions)
    .where(eq(questions.assessmentId, assessmentId))
    .orderBy(asc(questions.position), asc(questions.id));
}

/** The assessment with its questions and answer keys, for its authors (RLS hides keys from everyone else). */
export async function getAssessmentForAuthoring(tx: Tx, organizationId: string, assessmentId: string) {
  const assessment = await requireAssessment(tx, organizationId, assessmentId);
  const [questionRows, keyRows, [{ attempts }]] = await Promise.all([
    listQuestions(tx, assessmentId),
    tx
      .select({ questionId: questionKeys.questionId, answer: questionKeys.answer })
      .from(questionKeys)
      .innerJoin(questions, eq(questions.id, questionKeys.questionId))
      .where(eq(questions.assessmentId, assessmentId)),
    tx.select({ attempts: count() }).from(assessmentAttempts).where(eq(assessmentAttempts.assessmentId, assessmentId)),
  ]);
  const keys = new Map(keyRows.map((row) => [row.questionId, row.answer]));
  return {
    assessment,
    questions: questionRows.map((question) => ({ ...question, key: keys.get(question.id) ?? null })),
    attempts,
  };
}

async function requireSkillOfOrg(tx: Tx, organizationId: string, skillId: string | null) {
  if (!skillId) return null;
  const [row] = await tx.select({ id: skills.id }).from(skills).where(and(eq(skills.id, skillId), eq(skills.organizationId, organizationId)));
  if (!row) throw badRequest("That skill is not a skill of this organization");
  return row.id;
}

/** Creates the question, or replaces its content and key when `questionId` is given. */
export async function saveQuestion(tx: Tx, input: Org & QuestionInput) {
  await requireAssessment(tx, input.organizationId, input.assessmentId);
  const skillId = await requireSkillOfOrg(tx, input.organizationId, input.skillId);
  const content = { kind: input.kind, prompt: input.prompt, options: input.options, points: input.points, skillId };
  let questionId: string;
  if (input.questionId) {
    const [row] = await tx
      .update(questions)
      .set(content)
      .where(
        and(
          eq(questions.id, input.questionId),
          eq(questions.organizationId, input.organizationId),
          eq(questions.assessmentId, input.assessmentId),
        ),
      )
      .returning({ id: questions.id });
    if (!row) throw notFound("That question");
    questionId = row.id;
  } else {
    const [{ last }] = await tx.select({ last: max(questions.position) }).from(questions).where(eq(questions.assessmentId, input.assessmentId));
    const [row] = await tx
      .insert(questions)
      .values({ organizationId: input.organizationId, assessmentId: input.assessmentId, position: (last ?? -1) + 1, ...content })
      .returning({ id: questions.id });
    questionId = row.id;
  }
  await tx
    .insert(questionKeys)
    .values({ questionId, organizationId: input.organizationId, answer: input.key })
    .onConflictDoUpdate({ target: questionKeys.questionId, set: { answer: input.key } });
  return { id: questionId };
}

export async function deleteQuestion(tx: Tx, input: Org & { questionId: string }) {
  const [row] = await tx
    .delete(questions)
    .where(and(eq(questions.id, input.questionId), eq(questions.organizationId, input.organizationId)))
    .returning({ id: questions.id, assessmentId: questions.assessmentId });
  if (!row) throw notFound("That question");
  return row;
}
