// A learner's progress: what they are enrolled in, the lesson to take next,
// and opening / completing lessons. Run inside the learner's withUserDb; each
// action writes its event with recordEvent in the same transaction, and the
// lesson_progress trigger keeps enrollments.progress_percent current.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { assessments, cohorts, courseSections, courses, enrollments, lessonProgress, lessonSkills, lessons, skills } from "../schema";
import { recordEvent } from "./events";
import { forbidden, notFound } from "@/lib/errors";

type Org = { organizationId: string };
type Learner = Org & { userId: string };

/** The course's lessons in reading order: by section, then by position within it. */
async function lessonsInOrder(tx: Tx, courseIds: string[]) {
  if (courseIds.length === 0) return [];
  return tx
    .select({ id: lessons.id, courseId: lessons.courseId, sectionId: lessons.sectionId, title: lessons.title, estimatedMinutes: lessons.estimatedMinutes })
    .from(lessons)
    .innerJoin(courseSections, eq(courseSections.id, lessons.sectionId))
    .where(inArray(lessons.courseId, courseIds))
    .orderBy(asc(courseSections.position), asc(courseSections.createdAt), asc(lessons.position), asc(lessons.createdAt));
}

async function completedLessonIds(tx: Tx, userId: string, courseIds: string[]) {
  if (courseIds.length === 0) return new Set<string>();
  const rows = await tx
    .select({ lessonId: lessonProgress.lessonId })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), inArray(lessonProgress.courseId, courseIds), sql`${lessonProgress.completedAt} is not null`));
  return new Set(rows.map((row) => row.lessonId));
}

/** "My learning": the caller's enrollments with progress, due date and the next lesson. */
export async function myLearning(tx: Tx, input: Learner) {
  const rows = await tx
    .select({
      enrollmentId: enrollments.id,
      courseId: courses.id,
      courseTitle: courses.title,
      courseDescription: courses.description,
      cohortName: cohorts.name,
      cohortEndsOn: cohorts.endsOn,
      progressPercent: enrollments.progressPercent,
      dueOn: enrollments.dueOn,
      completedAt: enrollments.completedAt,
    })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .innerJoin(cohorts, eq(cohorts.id, enrollments.cohortId))
    .where(and(eq(enrollments.userId, input.userId), eq(enrollments.organizationId, input.organizationId)))
    .orderBy(sql`${enrollments.completedAt} is not null`, sql`${enrollments.dueOn} nulls last`, asc(courses.title));
  const courseIds = [...new Set(rows.map((row) => row.courseId))];
  const [ordered, done] = await Promise.all([lessonsInOrder(tx, courseIds), completedLessonIds(tx, input.userId, courseIds)]);
  return rows.map((row) => {
    const courseLessons = ordered.filter((lesson) => lesson.courseId === row.courseId);
    return {
      ...row,
      lessons: courseLessons.length,
      completedLessons: courseLessons.filter((lesson) => done.has(lesson.id)).length,
      nextLesson: courseLessons.find((lesson) => !done.has(lesson.id)) ?? null,
    };
  });
}

/** Whether the user is enrolled in the course (in any of its cohorts): what taking its lessons, assessments and tasks requires. */
export async function isEnrolled(tx: Tx, userId: string, courseId: string) {
  const [row] = await tx
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.userId, userId), eq(enrollments.courseId, courseId)))
    .limit(1);
  return Boolean(row);
}

/** A course as its learner sees it: lessons in order with what they completed, and its assessments. */
export async function learnerCourse(tx: Tx, input: Learner & { courseId: string }) {
  const [course] = await tx
    .select()
    .from(courses)
    .where(and(eq(courses.id, input.courseId), eq(courses.organizationId, input.organizationId)));
  if (!course) throw notFound("That course");
  const [sections, ordered, done, assessmentRows, enrolled] = await Promise.all([
    tx.select().from(courseSections).where(eq(courseSections.courseId, course.id)).orderBy(asc(courseSections.position), asc(courseSections.createdAt)),
    lessonsInOrder(tx, [course.id]),
    completedLessonIds(tx, input.userId, [course.id]),
    tx
      .select({ id: assessments.id, title: assessments.title, lessonId: assessments.lessonId })
      .from(assessments)
      .where(eq(assessments.courseId, course.id))
      .orderBy(asc(assessments.createdAt)),
    isEnrolled(tx, input.userId, course.id),
  ]);
  return {
    course,
    enrolled,
    sections: sections.map((section) => ({
      id: section.id,
      title: section.title,
      lessons: ordered.filter((lesson) => lesson.sectionId === section.id).map((lesson) => ({ ...lesson, completed: done.has(lesson.id) })),
    })),
    nextLesson: ordered.find((lesson) => !done.has(lesson.id)) ?? null,
    assessments: assessmentRows,
  };
}

/** One lesson to read, with its neighbours, the caller's progress and the assessments attached to it. */
export async function learnerLesson(tx: Tx, input: Learner & { lessonId: string }) {
  const [lesson] = await tx
    .select({
      id: lessons.id,
      courseId: lessons.courseId,
      courseTitle: courses.title,
      sectionTitle: courseSections.title,
      title: lessons.title,
      bodyMd: lessons.bodyMd,
      estimatedMinutes: lessons.estimatedMinutes,
    })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .innerJoin(courseSections, eq(courseSections.id, lessons.sectionId))
    .where(and(eq(lessons.id, input.lessonId), eq(lessons.organizationId, input.organizationId)));
  if (!lesson) throw notFound("That lesson");
  const [ordered, [progress], skillRows, attached, enrolled] = await Promise.all([
    lessonsInOrder(tx, [lesson.courseId]),
    tx.select().from(lessonProgress).where(and(eq(lessonProgress.userId, input.userId), eq(lessonProgress.lessonId, lesson.id))),
    tx.select({ id: skills.id, name: skills.name }).from(lessonSkills).innerJoin(skills, eq(skills.id, lessonSkills.skillId)).where(eq(lessonSkills.lessonId, lesson.id)),
    tx.select({ id: assessments.id, title: assessments.title }).from(assessments).where(eq(assessments.lessonId, lesson.id)),
    isEnrolled(tx, input.userId, lesson.courseId),
  ]);
  const index = ordered.findIndex((row) => row.id === lesson.id);
  return {
    lesson,
    skills: skillRows,
    assessments: attached,
    enrolled,
    completedAt: progress?.completedAt ?? null,
    previous: index > 0 ? ordered[index - 1] : null,
    next: index >= 0 && index < ordered.length - 1 ? ordered[index + 1] : null,
    position: { index: index + 1, of: ordered.length },
  };
}

async function requireEnrolledLesson(tx: Tx, input: Learner & { lessonId: string }) {
  const [lesson] = await tx
    .select({ id: lessons.id, courseId: lessons.courseId })
    .from(lessons)
    .where(and(eq(lessons.id, input.lessonId), eq(lessons.organizationId, input.organizationId)));
  if (!lesson) throw notFound("That lesson");
  if (!(await isEnrolled(tx, input.userId, lesson.courseId))) throw forbidden("Enroll in this course to track your progress");
  return lesson;
}

/** The first open of a lesson: starts its progress and records lesson_started once. */
export async function startLesson(tx: Tx, input: Learner & { lessonId: string }) {
  const lesson = await requireEnrolledLesson(tx, input);
  const inserted = await tx
    .insert(lessonProgress)
    .values({ organizationId: input.organizationId, userId: input.userId, lessonId: lesson.id, courseId: lesson.courseId })
    .onConflictDoNothing()
    .returning({ startedAt: lessonProgress.startedAt });
  if (inserted.length) {
    await recordEvent(tx, {
      organizationId: input.organizationId,
      type: "lesson_started",
      idempotencyKey: `lesson_started:${input.userId}:${lesson.id}`,
      courseId: lesson.courseId,
      lessonId: lesson.id,
    });
  }
  return { lesson, started: inserted.length > 0 };
}

/** Marks the lesson done (once); the trigger updates the enrollment's progress. */
export async function completeLesson(tx: Tx, input: Learner & { lessonId: string }) {
  const { lesson } = await startLesson(tx, input);
  const [row] = await tx
    .update(lessonProgress)
    .set({ completedAt: sql`now()` })
    .where(and(eq(lessonProgress.userId, input.userId), eq(lessonProgress.lessonId, lesson.id), isNull(lessonProgress.completedAt)))
    .returning({ startedAt: lessonProgress.startedAt, completedAt: lessonProgress.completedAt });
  if (row) {
    const seconds = Math.round(((row.completedAt?.getTime() ?? Date.now()) - row.startedAt.getTime()) / 1000);
    await recordEvent(tx, {
      organizationId: input.organizationId,
      type: "lesson_completed",
      idempotencyKey: `lesson_completed:${input.userId}:${lesson.id}`,
      courseId: lesson.courseId,
      lessonId: lesson.id,
      durationSeconds: Math.min(Math.max(seconds, 0), 86_400),
    });
  }
  const [enrollment] = await tx
    .select({ progressPercent: enrollments.progressPercent, completedAt: enrollments.completedAt })
    .from(enrollments)
    .where(and(eq(enrollments.userId, input.userId), eq(enrollments.courseId, lesson.courseId)))
    .limit(1);
  return { completed: Boolean(row), progressPercent: enrollment?.progressPercent ?? 0, courseCompleted: Boolean(enrollment?.completedAt) };
}

/** Time spent reading a lesson, sent by the lesson page while it is visible. */
export async function recordLessonHeartbeat(tx: Tx, input: Learner & { lessonId: string; seconds: number }) {
  const lesson = await requireEnrolledLesson(tx, input);
  await recordEvent(tx, {
    organizationId: input.organizationId,
    type: "session_heartbeat",
    courseId: lesson.courseId,
    lessonId: lesson.id,
    durationSeconds: input.seconds,
  });
}
