// Learning fixtures built the way the app builds them: through db/queries as
// the trainer, under RLS. A small course — one section, two lessons, two
// skills, an assessment with one question of each kind — and a cohort that
// enrolls one learner.
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { rawEvents } from "@/db/schema";
import { addSection, createCourse, createLesson, createSkill, setCoursePublished } from "@/db/queries/courses";
import { createAssessment, saveQuestion } from "@/db/queries/assessments";
import { createCohort } from "@/db/queries/cohorts";
import { questionSchema } from "@/lib/validation/learning";
import { AppError, toAppError } from "@/lib/errors";
import { createOrg, testDb, withServiceDb, withUserDb, type TestOrg } from "./db";

export const as = <T,>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());
export const service = <T,>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test fixture", fn, testDb());

export { failure } from "./attempt";

/** A question as the authoring form would send it. */
export function question(assessmentId: string, fields: Record<string, string>) {
  return questionSchema.parse({ assessmentId, points: "1", ...fields });
}

export interface LearningWorld {
  org: TestOrg;
  trainer: SessionClaims;
  learner: SessionClaims;
  otherLearner: SessionClaims;
  skillIds: { reading: string; maths: string };
  courseId: string;
  sectionId: string;
  lessonIds: [string, string];
  assessmentId: string;
  questionIds: { single: string; multiple: string; numeric: string; text: string };
  cohortId: string;
}

export async function createLearningWorld(options: { maxAttempts?: number; timeLimitMinutes?: number; passMark?: number } = {}): Promise<LearningWorld> {
  const org = await createOrg({ trainer: "trainer", learner: "learner", otherLearner: "learner" });
  const { trainer, learner, otherLearner } = org.members;
  const organizationId = org.id;
  return as(trainer, async (tx) => {
    const reading = await createSkill(tx, { organizationId, name: "Reading", description: "" });
    const maths = await createSkill(tx, { organizationId, name: "Maths", description: "" });
    const course = await createCourse(tx, { organizationId, createdBy: trainer.sub, title: "Numbers", description: "A course", skillIds: [maths.id] });
    const section = await addSection(tx, { organizationId, courseId: course.id, title: "Basics" });
    const lesson1 = await createLesson(tx, { organizationId, sectionId: section.id, title: "Counting", bodyMd: "# One\n\nTwo", estimatedMinutes: 5, skillIds: [maths.id] });
    const lesson2 = await createLesson(tx, { organizationId, sectionId: section.id, title: "Adding", bodyMd: "1 + 1", estimatedMinutes: 5, skillIds: [] });
    await setCoursePublished(tx, { organizationId, courseId: course.id, publish: true });
    const assessment = await createAssessment(tx, {
      organizationId,
      courseId: course.id,
      createdBy: trainer.sub,
      title: "Numbers quiz",
      description: "",
      passMark: options.passMark ?? 60,
      timeLimitMinutes: options.timeLimitMinutes,
      maxAttempts: options.maxAttempts,
      showAnswersAfterSubmit: true,
    });
    const single = await saveQuestion(tx, { organizationId, ...question(assessment.id, { kind: "single_choice", prompt: "2 + 2?", choices: "3\n* 4\n5", points: "2", skillId: maths.id }) });
    const multiple = await saveQuestion(tx, { organizationId, ...question(assessment.id, { kind: "multiple_choice", prompt: "Even numbers?", choices: "* 2\n3\n* 4", points: "3", skillId: maths.id }) });
    const numeric = await saveQuestion(tx, { organizationId, ...question(assessment.id, { kind: "numeric", prompt: "Pi to 2 decimals", value: "3.14", tolerance: "0.01", points: "1", skillId: reading.id }) });
    const text = await saveQuestion(tx, { organizationId, ...question(assessment.id, { kind: "free_text", prompt: "Why count?", rubric: "Any reason", points: "4" }) });
    const cohort = await createCohort(tx, {
      organizationId,
      createdBy: trainer.sub,
      creatorTeaches: true,
      courseId: course.id,
      name: "Spring",
      startsOn: "2026-03-01",
      endsOn: "2026-06-30",
      trainerIds: [],
      learnerIds: [learner.sub],
    });
    return {
      org,
      trainer,
      learner,
      otherLearner,
      skillIds: { reading: reading.id, maths: maths.id },
      courseId: course.id,
      sectionId: section.id,
      lessonIds: [lesson1.id, lesson2.id] as [string, string],
      assessmentId: assessment.id,
      questionIds: { single: single.id, multiple: multiple.id, numeric: numeric.id, text: text.id },
      cohortId: cohort.id,
    };
  });
}

/** The raw events of a user, oldest first (as the owner reads them). */
export function eventsOf(organizationId: string, userId: string) {
  return service((tx) =>
    tx
      .select()
      .from(rawEvents)
      .where(and(eq(rawEvents.organizationId, organizationId), eq(rawEvents.userId, userId)))
      .orderBy(rawEvents.id),
  );
}
