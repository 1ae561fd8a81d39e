// Learning rows for the RLS attack matrix: one row or more of every learning
// table for an organization, written as the app writes them (content and
// cohorts by the org's admin, enrollments by the cohort's trainer, progress,
// attempts, goals and events by each learner, all through RLS); only what no
// user writes (mastery) goes through the service role.
import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { recordEvent } from "@/db/queries/events";
import {
  activities,
  answers,
  apiKeys,
  assessmentAttempts,
  assessments,
  cohortTrainers,
  cohorts,
  courseSections,
  courseSkills,
  courses,
  enrollments,
  goalSkills,
  goals,
  lessonProgress,
  lessonSkills,
  lessons,
  obstacles,
  organizationSettings,
  questionKeys,
  questions,
  skills,
  taskCompletions,
  tasks,
  userSkills,
  visionBoards,
} from "@/db/schema";
import { testDb, withServiceDb, withUserDb, type TestOrg } from "./db";

const as = <T>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());
const service = <T>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test fixture", fn, testDb());

/** Members to create with createOrg for a learning fixture. */
export const LEARNING_ROLES = { trainer: "trainer", outsider: "trainer", learner: "learner", learner2: "learner" } as const;

/**
 * `trainer` teaches cohort 1 (with `learner`); `outsider` teaches cohort 2 (with
 * `learner2`) of the same course, and cohort 3 of a second course, in which
 * `learner` is enrolled too: `trainer` must reach nothing of `learner`'s
 * records in that second course.
 */
export interface LearningPeople {
  admin: SessionClaims;
  trainer: SessionClaims;
  outsider: SessionClaims;
  learner: SessionClaims;
  learner2: SessionClaims;
}

export function learningPeople(org: TestOrg): LearningPeople {
  const { trainer, outsider, learner, learner2 } = org.members;
  if (!trainer || !outsider || !learner || !learner2) throw new Error("createOrg(LEARNING_ROLES) first");
  return { admin: org.owner, trainer, outsider, learner, learner2 };
}

export interface LearningIds {
  skill: string;
  publishedCourse: string;
  draftCourse: string;
  publishedLessons: string[];
  publishedAssessment: string;
  publishedActivity: string;
  /** An activity without a course (practice for a skill): open to every member. */
  skillActivity: string;
  cohort1: string;
  cohort2: string;
  /** A second published course (with its own skill), run by cohort 3, taught by `outsider`, with `learner` enrolled. */
  secondSkill: string;
  secondCourse: string;
  secondCourseLessons: string[];
  secondAssessment: string;
  secondActivity: string;
  cohort3: string;
}

async function createCourseWithParts(tx: Tx, orgId: string, adminId: string, skillId: string, status: "draft" | "published", lessonCount: number) {
  const [course] = await tx
    .insert(courses)
    .values({ organizationId: orgId, title: `A ${status} course`, status, publishedAt: status === "published" ? new Date() : null, createdBy: adminId })
    .returning({ id: courses.id });
  const [section] = await tx
    .insert(courseSections)
    .values({ organizationId: orgId, courseId: course.id, title: "Section 1" })
    .returning({ id: courseSections.id });
  const lessonRows = await tx
    .insert(lessons)
    .values(
      Array.from({ length: lessonCount }, (_, i) => ({
        organizationId: orgId,
        courseId: course.id,
        sectionId: section.id,
        title: `Lesson ${i + 1}`,
        bodyMd: `# Lesson ${i + 1}\n\nBody.`,
        position: i,
      })),
    )
    .returning({ id: lessons.id });
  await tx.insert(courseSkills).values({ organizationId: orgId, courseId: course.id, skillId });
  await tx.insert(lessonSkills).values({ organizationId: orgId, lessonId: lessonRows[0].id, skillId });
  const [assessment] = await tx
    .insert(assessments)
    .values({ organizationId: orgId, courseId: course.id, lessonId: lessonRows[0].id, title: "Check", createdBy: adminId })
    .returning({ id: assessments.id });
  const [question] = await tx
    .insert(questions)
    .values({
      organizationId: orgId,
      assessmentId: assessment.id,
      kind: "single_choice",
      prompt: "Pick a",
      options: [{ id: "a", label: "A" }, { id: "b", label: "B" }],
      skillId,
    })
    .returning({ id: questions.id });
  await tx.insert(questionKeys).values({ organizationId: orgId, questionId: question.id, answer: { option: "a" } });
  const [activity] = await tx
    .insert(activities)
    .values({ organizationId: orgId, courseId: course.id, skillId, title: "Practice", createdBy: adminId })
    .returning({ id: activities.id });
  const [task] = await tx.insert(tasks).values({ organizationId: orgId, activityId: activity.id, title: "Do it" }).returning({ id: tasks.id });
  return { course: course.id, lessons: lessonRows.map((l) => l.id), assessment: assessment.id, question: question.id, activity: activity.id, task: task.id };
}

type CourseIds = { course: string; lesson: string; assessment: string; question: string; task: string; skill: string };

/** A learner's records in one course: progress, events, an open attempt with an answer, a task completion. */
async function courseActivity(tx: Tx, orgId: string, me: SessionClaims, ids: CourseIds, complete: boolean) {
  await tx.insert(lessonProgress).values({ organizationId: orgId, userId: me.sub, lessonId: ids.lesson, courseId: ids.course, completedAt: complete ? new Date() : null });
  await recordEvent(tx, { organizationId: orgId, type: "lesson_started", courseId: ids.course, lessonId: ids.lesson });
  const [attempt] = await tx
    .insert(assessmentAttempts)
    .values({ organizationId: orgId, assessmentId: ids.assessment, userId: me.sub, attemptNumber: 1 })
    .returning({ id: assessmentAttempts.id });
  // The attempt stays open, so its owner may still change the answer.
  await tx.insert(answers).values({ organizationId: orgId, attemptId: attempt.id, questionId: ids.question, userId: me.sub, response: { option: "a" } });
  await tx.insert(taskCompletions).values({ organizationId: orgId, taskId: ids.task, userId: me.sub });
  await recordEvent(tx, { organizationId: orgId, type: "task_completed", taskId: ids.task });
}

async function learnerActivity(tx: Tx, orgId: string, me: SessionClaims, ids: CourseIds, complete: boolean) {
  await courseActivity(tx, orgId, me, ids, complete);
  const [board] = await tx.insert(visionBoards).values({ organizationId: orgId, userId: me.sub }).returning({ id: visionBoards.id });
  const [goal] = await tx
    .insert(goals)
    .values({ organizationId: orgId, visionBoardId: board.id, userId: me.sub, title: "Ship it", progress: 20 })
    .returning({ id: goals.id });
  await tx.insert(goalSkills).values({ organizationId: orgId, goalId: goal.id, skillId: ids.skill, userId: me.sub });
  await tx.insert(obstacles).values({ organizationId: orgId, goalId: goal.id, userId: me.sub, title: "No time" });
}

/**
 * Published and draft courses with all their parts, an activity without a
 * course, two cohorts of the published course (one per trainer, one learner
 * each), each learner's progress, open attempt, answer, task completion,
 * vision board and events, mastery rows, settings and an API key; and a
 * second published course whose cohort 3 (taught by `outsider`) has
 * `learner` too, with their records in it.
 */
export async function seedLearningRows(org: TestOrg): Promise<LearningIds> {
  const people = learningPeople(org);
  const orgId = org.id;
  const raw = `sw_test_${randomBytes(24).toString("base64url")}`;
  const content = await as(people.admin, async (tx) => {
    await tx.insert(organizationSettings).values({ organizationId: orgId, rawRetentionDays: 30 });
    const [skill] = await tx.insert(skills).values({ organizationId: orgId, name: "Negotiation" }).returning({ id: skills.id });
    const published = await createCourseWithParts(tx, orgId, people.admin.sub, skill.id, "published", 2);
    const draft = await createCourseWithParts(tx, orgId, people.admin.sub, skill.id, "draft", 1);
    const [secondSkill] = await tx.insert(skills).values({ organizationId: orgId, name: "Facilitation" }).returning({ id: skills.id });
    const second = await createCourseWithParts(tx, orgId, people.admin.sub, secondSkill.id, "published", 1);
    const [skillActivity] = await tx
      .insert(activities)
      .values({ organizationId: orgId, skillId: skill.id, title: "Daily practice", createdBy: people.admin.sub })
      .returning({ id: activities.id });
    await tx.insert(tasks).values({ organizationId: orgId, activityId: skillActivity.id, title: "Practise 5 minutes" });
    const cohortRows = await tx
      .insert(cohorts)
      .values(
        [1, 2].map((n) => ({
          organizationId: orgId,
          courseId: published.course,
          name: `Cohort ${n}`,
          startsOn: "2026-01-01",
          endsOn: "2026-12-31",
          createdBy: people.admin.sub,
        })),
      )
      .returning({ id: cohorts.id });
    const [cohort3] = await tx
      .insert(cohorts)
      .values({ organizationId: orgId, courseId: second.course, name: "Cohort 3", startsOn: "2026-01-01", endsOn: "2026-12-31", createdBy: people.admin.sub })
      .returning({ id: cohorts.id });
    await tx.insert(cohortTrainers).values([
      { organizationId: orgId, cohortId: cohortRows[0].id, userId: people.trainer.sub },
      { organizationId: orgId, cohortId: cohortRows[1].id, userId: people.outsider.sub },
      { organizationId: orgId, cohortId: cohort3.id, userId: people.outsider.sub },
    ]);
    await tx.insert(apiKeys).values({
      organizationId: orgId,
      name: "LMS",
      keyPrefix: raw.slice(0, 12),
      keyHash: createHash("sha256").update(raw).digest("hex"),
      createdBy: people.admin.sub,
    });
    return {
      skill: skill.id,
      published,
      draft,
      skillActivity: skillActivity.id,
      cohort1: cohortRows[0].id,
      cohort2: cohortRows[1].id,
      secondSkill: secondSkill.id,
      second,
      cohort3: cohort3.id,
    };
  });

  // Each trainer enrolls the learner of the cohort they teach.
  const enroll = (trainer: SessionClaims, cohortId: string, learner: SessionClaims, courseId = content.published.course) =>
    as(trainer, (tx) => tx.insert(enrollments).values({ organizationId: orgId, cohortId, courseId, userId: learner.sub }));
  await enroll(people.trainer, content.cohort1, people.learner);
  await enroll(people.outsider, content.cohort2, people.learner2);
  await enroll(people.outsider, content.cohort3, people.learner, content.second.course);

  const learnerIds = {
    course: content.published.course,
    lesson: content.published.lessons[0],
    assessment: content.published.assessment,
    question: content.published.question,
    task: content.published.task,
    skill: content.skill,
  };
  await as(people.learner, (tx) => learnerActivity(tx, orgId, people.learner, learnerIds, true));
  await as(people.learner2, (tx) => learnerActivity(tx, orgId, people.learner2, learnerIds, false));
  const secondIds = {
    course: content.second.course,
    lesson: content.second.lessons[0],
    assessment: content.second.assessment,
    question: content.second.question,
    task: content.second.task,
    skill: content.secondSkill,
  };
  await as(people.learner, (tx) => courseActivity(tx, orgId, people.learner, secondIds, true));

  // Mastery is computed by the analytics jobs, never written by users.
  await service((tx) =>
    tx.insert(userSkills).values([
      ...[people.learner, people.learner2].map((learner) => ({ organizationId: orgId, userId: learner.sub, skillId: content.skill, mastery: 55 })),
      { organizationId: orgId, userId: people.learner.sub, skillId: content.secondSkill, mastery: 70 },
    ]),
  );

  return {
    skill: content.skill,
    publishedCourse: content.published.course,
    draftCourse: content.draft.course,
    publishedLessons: content.published.lessons,
    publishedAssessment: content.published.assessment,
    publishedActivity: content.published.activity,
    skillActivity: content.skillActivity,
    cohort1: content.cohort1,
    cohort2: content.cohort2,
    secondSkill: content.secondSkill,
    secondCourse: content.second.course,
    secondCourseLessons: content.second.lessons,
    secondAssessment: content.second.assessment,
    secondActivity: content.second.activity,
    cohort3: content.cohort3,
  };
}
