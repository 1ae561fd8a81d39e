// Rules the learning migration enforces in the database, whatever the caller
// (in production a user can reach the tables through PostgREST with their own
// token): who may teach a cohort, ids that must stay inside one organization
// and one owner, progress that only the learner's own lessons move, and
// events that only carry the organization's own ids.
import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { recordEvent } from "@/db/queries/events";
import { activities, assessments, cohortTrainers, enrollments, goals, lessonProgress, lessons, obstacles, questions, visionBoards } from "@/db/schema";
import { createOrg, testDb, withServiceDb, type TestOrg } from "../support/db";
import { attemptAs, type Outcome } from "../support/attempt";
import { LEARNING_ROLES, seedLearningRows, type LearningIds } from "../support/learning-matrix";

let a: TestOrg;
let b: TestOrg;
let ids: LearningIds;
let bIds: LearningIds;

beforeAll(async () => {
  [a, b] = await Promise.all([createOrg(LEARNING_ROLES), createOrg(LEARNING_ROLES)]);
  [ids, bIds] = await Promise.all([seedLearningRows(a), seedLearningRows(b)]);
});

const code = (outcome: Outcome<unknown>) => (outcome.ok ? "ok" : outcome.code);
const as = <T>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => attemptAs(claims, fn);

describe("teaching a cohort", () => {
  it("a trainer or an org admin can be added as a cohort's trainer; a learner cannot", async () => {
    const add = (userId: string) =>
      as(a.owner, (tx) => tx.insert(cohortTrainers).values({ organizationId: a.id, cohortId: ids.cohort1, userId }));
    expect(code(await add(a.members.outsider.sub))).toBe("ok");
    const learner = await add(a.members.learner2.sub);
    expect(code(learner)).toBe("SW400");
    expect(!learner.ok && learner.message).toMatch(/Only trainers and org admins/);
  });
});

describe("ids stay inside one organization", () => {
  it("a question, an activity or a goal cannot point at another organization's skill", async () => {
    const question = await as(a.owner, (tx) =>
      tx.insert(questions).values({ organizationId: a.id, assessmentId: ids.publishedAssessment, kind: "numeric", prompt: "2+2?", skillId: bIds.skill }),
    );
    const activity = await as(a.owner, (tx) => tx.insert(activities).values({ organizationId: a.id, skillId: bIds.skill, title: "Borrowed skill" }));
    expect([code(question), code(activity)]).toEqual(["SW400", "SW400"]);
  });

  it("an assessment's lesson must be a lesson of its course", async () => {
    const [draftLesson] = await withServiceDb("test: a lesson of the draft course", (tx) => tx.select({ id: lessons.id }).from(lessons).where(eq(lessons.courseId, ids.draftCourse)), testDb());
    const outcome = await as(a.owner, (tx) =>
      tx.insert(assessments).values({ organizationId: a.id, courseId: ids.publishedCourse, lessonId: draftLesson.id, title: "Mismatch" }),
    );
    expect(code(outcome)).toBe("SW400");
  });

  it("a lesson's course is its section's, whatever the caller sends", async () => {
    const outcome = await as(a.owner, async (tx) => {
      const [lesson] = await tx.select({ sectionId: lessons.sectionId }).from(lessons).where(eq(lessons.id, ids.publishedLessons[0]));
      const [row] = await tx
        .insert(lessons)
        .values({ organizationId: a.id, courseId: ids.draftCourse, sectionId: lesson.sectionId, title: "Misfiled" })
        .returning({ courseId: lessons.courseId });
      return row.courseId;
    });
    expect(outcome).toEqual({ ok: true, value: ids.publishedCourse });
  });
});

describe("a vision board's parts belong to its owner", () => {
  it("a learner cannot hang a goal on another learner's board, nor an obstacle on their goal", async () => {
    const theirs = await withServiceDb(
      "test: learner2's board and goal",
      async (tx) => ({
        board: (await tx.select({ id: visionBoards.id }).from(visionBoards).where(eq(visionBoards.userId, a.members.learner2.sub)))[0].id,
        goal: (await tx.select({ id: goals.id }).from(goals).where(eq(goals.userId, a.members.learner2.sub)))[0].id,
      }),
      testDb(),
    );
    const me = a.members.learner;
    const goal = await as(me, (tx) => tx.insert(goals).values({ organizationId: a.id, visionBoardId: theirs.board, userId: me.sub, title: "Squat" }));
    const obstacle = await as(me, (tx) => tx.insert(obstacles).values({ organizationId: a.id, goalId: theirs.goal, userId: me.sub, title: "Sabotage" }));
    expect([code(goal), code(obstacle)]).toEqual(["SW400", "SW400"]);
  });
});

describe("enrollment progress is the learner's", () => {
  it("starts from the lessons already completed, and trainers cannot set it", async () => {
    // learner completed 1 of the 2 lessons of the published course; enroll them in cohort 2 as well.
    const enrolled = await as(a.owner, async (tx) => {
      const [row] = await tx
        .insert(enrollments)
        .values({ organizationId: a.id, cohortId: ids.cohort2, courseId: ids.publishedCourse, userId: a.members.learner.sub, progressPercent: 100 })
        .returning({ progress: enrollments.progressPercent, completedAt: enrollments.completedAt });
      return row;
    });
    expect(enrolled).toEqual({ ok: true, value: { progress: 50, completedAt: null } });

    const forged = await as(a.members.trainer, (tx) =>
      tx.update(enrollments).set({ progressPercent: 100 }).where(eq(enrollments.cohortId, ids.cohort1)),
    );
    expect(code(forged)).toBe("42501");
    const dueDate = await as(a.members.trainer, async (tx) =>
      (await tx.update(enrollments).set({ dueOn: "2026-06-30" }).where(eq(enrollments.cohortId, ids.cohort1)).returning()).length,
    );
    expect(dueDate).toEqual({ ok: true, value: 1 });
  });

  it("moves when the learner completes a lesson", async () => {
    const progress = await as(a.members.learner, async (tx) => {
      await tx.update(lessonProgress).set({ completedAt: new Date() }).where(eq(lessonProgress.userId, a.members.learner.sub));
      await tx.insert(lessonProgress).values({ organizationId: a.id, userId: a.members.learner.sub, lessonId: ids.publishedLessons[1], courseId: ids.publishedCourse, completedAt: new Date() });
      return (await tx.select({ p: enrollments.progressPercent }).from(enrollments).where(eq(enrollments.userId, a.members.learner.sub)))[0].p;
    });
    expect(progress).toEqual({ ok: true, value: 100 });
  });
});

describe("the enrollment progress formula", () => {
  it("is written once: every trigger that sets progress calls public.course_progress_percent", async () => {
    const rows = await withServiceDb(
      "test: read the trigger functions",
      async (tx) =>
        (await tx.execute<{ name: string; calls: boolean; own_formula: boolean }>(sql`
          select p.proname as name, p.prosrc like '%course_progress_percent(%' as calls, p.prosrc ~ '100\.0 \*' as own_formula
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and p.proname in ('derive_parent_ids', 'refresh_enrollment_progress', 'refresh_course_progress')
          order by 1`)).map((row) => ({ ...row })),
      testDb(),
    );
    expect(rows).toEqual([
      { name: "derive_parent_ids", calls: true, own_formula: false },
      { name: "refresh_course_progress", calls: true, own_formula: false },
      { name: "refresh_enrollment_progress", calls: true, own_formula: false },
    ]);
  });

  it("gives what the enrollments hold, and is not for users to call", async () => {
    const [row] = await withServiceDb(
      "test: compare",
      (tx) =>
        tx.execute<{ stored: number; computed: number }>(sql`
          select e.progress_percent::float8 as stored, public.course_progress_percent(e.user_id, e.course_id)::float8 as computed
          from public.enrollments e where e.cohort_id = ${ids.cohort1}::uuid`),
      testDb(),
    );
    expect(row.computed).toBe(row.stored);
    const outcome = await as(a.members.learner, (tx) => tx.execute(sql`select public.course_progress_percent(${a.members.learner2.sub}::uuid, ${ids.publishedCourse}::uuid)`));
    expect(code(outcome)).toBe("42501");
  });
});

describe("events carry only the organization's ids", () => {
  it("record_event refuses another organization's course, lesson or task, and takes the organization's own", async () => {
    const learner = a.members.learner;
    const event = (fields: Parameters<typeof recordEvent>[1]) => as(learner, (tx) => recordEvent(tx, fields));
    expect(code(await event({ organizationId: a.id, type: "content_viewed", courseId: bIds.publishedCourse }))).toBe("SW400");
    expect(code(await event({ organizationId: a.id, type: "lesson_started", courseId: ids.publishedCourse, lessonId: bIds.publishedLessons[0] }))).toBe("SW400");
    expect(await event({ organizationId: a.id, type: "lesson_started", courseId: ids.publishedCourse, lessonId: ids.publishedLessons[0] })).toEqual({ ok: true, value: true });
  });

  it("record_event refuses a non-member, even for an organization whose ids they know", async () => {
    const outcome = await as(b.members.learner, (tx) => recordEvent(tx, { organizationId: a.id, type: "content_viewed", courseId: ids.publishedCourse }));
    expect(code(outcome)).toBe("SW403");
  });
});
