// A learner's progress: "My learning", opening and completing lessons (the
// trigger keeps the enrollment's progress), the events each action writes in
// its own transaction, the vision board and notifications.
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createOrg } from "../support/db";
import { as, createLearningWorld, eventsOf, failure, service } from "../support/learning-world";
import { enrollments, lessonProgress, notifications } from "@/db/schema";
import { completeLesson, learnerCourse, learnerLesson, myLearning, recordLessonHeartbeat, startLesson } from "@/db/queries/progress";
import { createLesson, deleteLesson } from "@/db/queries/courses";
import { addObstacle, createGoal, getVisionBoard, updateGoalProgress, updateObstacle } from "@/db/queries/goals";
import { countUnreadNotifications, listNotifications, markAllNotificationsRead, markNotificationRead } from "@/db/queries/notifications";
import { createSkill } from "@/db/queries/courses";

describe("lessons and progress", () => {
  it("My learning shows the enrollment at 0 % with the first lesson next; completing lessons moves it to 50 % then 100 %", async () => {
    const world = await createLearningWorld();
    const { org, learner, lessonIds, courseId } = world;
    const mine = () => as(learner, (tx) => myLearning(tx, { organizationId: org.id, userId: learner.sub }));
    expect(await mine()).toEqual([
      expect.objectContaining({ courseId, courseTitle: "Numbers", cohortName: "Spring", progressPercent: 0, dueOn: "2026-06-30", lessons: 2, completedLessons: 0, nextLesson: expect.objectContaining({ id: lessonIds[0] }) }),
    ]);

    const opened = await as(learner, (tx) => startLesson(tx, { organizationId: org.id, userId: learner.sub, lessonId: lessonIds[0] }));
    expect(opened.started).toBe(true);
    expect((await as(learner, (tx) => startLesson(tx, { organizationId: org.id, userId: learner.sub, lessonId: lessonIds[0] }))).started).toBe(false);
    expect(await as(learner, (tx) => completeLesson(tx, { organizationId: org.id, userId: learner.sub, lessonId: lessonIds[0] }))).toEqual({
      completed: true,
      progressPercent: 50,
      courseCompleted: false,
    });
    expect((await mine())[0]).toMatchObject({ progressPercent: 50, completedLessons: 1, nextLesson: expect.objectContaining({ id: lessonIds[1] }) });
    // Completing without opening first still records the start.
    expect(await as(learner, (tx) => completeLesson(tx, { organizationId: org.id, userId: learner.sub, lessonId: lessonIds[1] }))).toEqual({
      completed: true,
      progressPercent: 100,
      courseCompleted: true,
    });
    expect(await as(learner, (tx) => completeLesson(tx, { organizationId: org.id, userId: learner.sub, lessonId: lessonIds[1] }))).toMatchObject({ completed: false });
    expect((await mine())[0]).toMatchObject({ progressPercent: 100, completedAt: expect.any(Date), nextLesson: null });

    const events = await eventsOf(org.id, learner.sub);
    expect(events.map((e) => [e.eventType, e.lessonId])).toEqual([
      ["lesson_started", lessonIds[0]],
      ["lesson_completed", lessonIds[0]],
      ["lesson_started", lessonIds[1]],
      ["lesson_completed", lessonIds[1]],
    ]);
    expect(events.every((e) => e.courseId === courseId && e.source === "app")).toBe(true);
  });

  it("a new lesson in the course lowers progress; deleting it raises it again", async () => {
    const world = await createLearningWorld();
    const { org, learner, trainer, lessonIds, sectionId } = world;
    await as(learner, (tx) => completeLesson(tx, { organizationId: org.id, userId: learner.sub, lessonId: lessonIds[0] }));
    const progress = async () => (await service((tx) => tx.select().from(enrollments).where(eq(enrollments.userId, learner.sub))))[0].progressPercent;
    expect(await progress()).toBe(50);
    const third = await as(trainer, (tx) => createLesson(tx, { organizationId: org.id, sectionId, title: "Third", bodyMd: "", estimatedMinutes: 1, skillIds: [] }));
    expect(await progress()).toBe(33.33);
    await as(trainer, (tx) => deleteLesson(tx, { organizationId: org.id, lessonId: third.id }));
    expect(await progress()).toBe(50);
  });

  it("the lesson page's data: neighbours, skills, position; the course page's outline with completion", async () => {
    const world = await createLearningWorld();
    const { org, learner, lessonIds, courseId } = world;
    const page = await as(learner, (tx) => learnerLesson(tx, { organizationId: org.id, userId: learner.sub, lessonId: lessonIds[0] }));
    expect(page).toMatchObject({
      lesson: { title: "Counting", bodyMd: "# One\n\nTwo", courseTitle: "Numbers", sectionTitle: "Basics" },
      skills: [{ name: "Maths" }],
      enrolled: true,
      completedAt: null,
      previous: null,
      next: { id: lessonIds[1] },
      position: { index: 1, of: 2 },
    });
    await as(learner, (tx) => completeLesson(tx, { organizationId: org.id, userId: learner.sub, lessonId: lessonIds[0] }));
    const course = await as(learner, (tx) => learnerCourse(tx, { organizationId: org.id, userId: learner.sub, courseId }));
    expect(course.sections[0].lessons.map((l) => [l.title, l.completed])).toEqual([
      ["Counting", true],
      ["Adding", false],
    ]);
    expect(course.nextLesson?.id).toBe(lessonIds[1]);
    expect(course.assessments.map((a) => a.title)).toEqual(["Numbers quiz"]);
  });

  it("refuses progress to a learner who is not enrolled and to another organization, and writes nothing", async () => {
    const world = await createLearningWorld();
    const { org, otherLearner, lessonIds } = world;
    const other = await createOrg({ learner: "learner" });
    expect(await failure(as(otherLearner, (tx) => completeLesson(tx, { organizationId: org.id, userId: otherLearner.sub, lessonId: lessonIds[0] })))).toMatchObject({
      status: 403,
      message: "Enroll in this course to track your progress",
    });
    const intruder = other.members.learner;
    expect((await failure(as(intruder, (tx) => completeLesson(tx, { organizationId: other.id, userId: intruder.sub, lessonId: lessonIds[0] })))).status).toBe(404);
    expect((await failure(as(intruder, (tx) => learnerLesson(tx, { organizationId: org.id, userId: intruder.sub, lessonId: lessonIds[0] })))).status).toBe(404);
    expect(await service((tx) => tx.select().from(lessonProgress).where(eq(lessonProgress.lessonId, lessonIds[0])))).toEqual([]);
    expect(await eventsOf(org.id, otherLearner.sub)).toEqual([]);
  });

  it("a heartbeat records reading time", async () => {
    const world = await createLearningWorld();
    await as(world.learner, (tx) => recordLessonHeartbeat(tx, { organizationId: world.org.id, userId: world.learner.sub, lessonId: world.lessonIds[0], seconds: 30 }));
    expect((await eventsOf(world.org.id, world.learner.sub)).map((e) => [e.eventType, e.durationSeconds])).toEqual([["session_heartbeat", 30]]);
  });
});

describe("vision board", () => {
  it("a learner sets goals with skills, moves progress (goal_progressed), and resolves obstacles; nobody else sees them", async () => {
    const world = await createLearningWorld();
    const { org, learner, trainer, skillIds } = world;
    const owner = { organizationId: org.id, userId: learner.sub };
    const goal = await as(learner, (tx) => createGoal(tx, { ...owner, title: "Lead a team", description: "", targetDate: "2026-12-31", skillIds: [skillIds.maths] }));
    const obstacle = await as(learner, (tx) => addObstacle(tx, { ...owner, goalId: goal.id, title: "No time" }));
    expect(await as(learner, (tx) => updateGoalProgress(tx, { ...owner, goalId: goal.id, progress: 40 }))).toMatchObject({ progress: 40, status: "active" });
    expect(await as(learner, (tx) => updateGoalProgress(tx, { ...owner, goalId: goal.id, progress: 100 }))).toMatchObject({ progress: 100, status: "achieved" });
    await as(learner, (tx) => updateObstacle(tx, { ...owner, obstacleId: obstacle.id, status: "resolved", resolution: "Blocked Friday mornings" }));

    const board = await as(learner, (tx) => getVisionBoard(tx, owner));
    expect(board).toEqual([
      expect.objectContaining({
        title: "Lead a team",
        targetDate: "2026-12-31",
        progress: 100,
        status: "achieved",
        skills: [expect.objectContaining({ name: "Maths" })],
        obstacles: [expect.objectContaining({ title: "No time", status: "resolved", resolution: "Blocked Friday mornings", resolvedAt: expect.any(Date) })],
      }),
    ]);
    const events = await eventsOf(org.id, learner.sub);
    expect(events.map((e) => [e.eventType, e.context])).toEqual([
      ["goal_progressed", { goalId: goal.id, progress: 40 }],
      ["goal_progressed", { goalId: goal.id, progress: 100 }],
    ]);
    expect(await as(trainer, (tx) => getVisionBoard(tx, { organizationId: org.id, userId: learner.sub }))).toEqual([]);
    expect((await failure(as(trainer, (tx) => updateGoalProgress(tx, { organizationId: org.id, userId: trainer.sub, goalId: goal.id, progress: 0 })))).status).toBe(404);
    expect((await failure(as(trainer, (tx) => addObstacle(tx, { organizationId: org.id, userId: trainer.sub, goalId: goal.id, title: "x" })))).status).toBe(404);
  });

  it("refuses another organization's skill on a goal", async () => {
    const world = await createLearningWorld();
    const other = await createOrg({ trainer: "trainer" });
    const foreign = await as(other.members.trainer, (tx) => createSkill(tx, { organizationId: other.id, name: "F", description: "" }));
    expect(
      await failure(as(world.learner, (tx) => createGoal(tx, { organizationId: world.org.id, userId: world.learner.sub, title: "G", description: "", skillIds: [foreign.id] }))),
    ).toMatchObject({ status: 400, message: "One of the chosen skills is not a skill of this organization" });
    expect(await as(world.learner, (tx) => getVisionBoard(tx, { organizationId: world.org.id, userId: world.learner.sub }))).toEqual([]);
  });
});

describe("notifications", () => {
  it("a member lists their notifications with the unread count and marks them read; others' are out of reach", async () => {
    const world = await createLearningWorld();
    const { org, learner, trainer } = world;
    const ids = await service(async (tx) => {
      const rows = await tx
        .insert(notifications)
        .values([
          { organizationId: org.id, userId: learner.sub, type: "learning.answer_graded", title: "First" },
          { organizationId: org.id, userId: learner.sub, type: "learning.answer_graded", title: "Second", createdAt: sql`now() + interval '1 second'` },
          { organizationId: org.id, userId: trainer.sub, type: "learning.answer_graded", title: "Trainer's" },
        ])
        .returning({ id: notifications.id });
      return rows.map((row) => row.id);
    });
    const me = { organizationId: org.id, userId: learner.sub };
    expect((await as(learner, (tx) => listNotifications(tx, me))).map((n) => n.title)).toEqual(["Second", "First"]);
    expect(await as(learner, (tx) => countUnreadNotifications(tx, me))).toBe(2);
    await as(learner, (tx) => markNotificationRead(tx, { ...me, notificationId: ids[0] }));
    expect(await as(learner, (tx) => countUnreadNotifications(tx, me))).toBe(1);
    expect((await failure(as(learner, (tx) => markNotificationRead(tx, { ...me, notificationId: ids[2] })))).status).toBe(404);
    expect(await as(learner, (tx) => markAllNotificationsRead(tx, me))).toEqual({ marked: 1 });
    expect(await as(learner, (tx) => countUnreadNotifications(tx, me))).toBe(0);
    expect(await as(trainer, (tx) => countUnreadNotifications(tx, { organizationId: org.id, userId: trainer.sub }))).toBe(1);
  });
});
