// Taking assessments: attempts counted against max_attempts with a deadline
// from the time limit, answers saved as the learner goes, one submission per
// attempt scored on the server (keys hidden from learners), free-text answers
// graded by a trainer of the learner's cohort. The world's assessment: single
// choice (2 pts), multiple choice (3), numeric 3.14 ± 0.01 (1), free text (4).
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createOrg, createUser, testDb } from "../support/db";
import { as, createLearningWorld, eventsOf, failure, service, type LearningWorld } from "../support/learning-world";
import { answers, assessmentAttempts, notifications, userSkills } from "@/db/schema";
import { answerKeysForReview, getAttempt, gradeAnswer, saveAnswer, startAttempt, submitAttempt } from "@/db/queries/attempts";
import { deleteQuestion, updateAssessment } from "@/db/queries/assessments";
import type { AnswerResponse } from "@/lib/validation/learning";

function learnerOf(world: LearningWorld, who: "learner" | "otherLearner" = "learner") {
  const claims = world[who];
  const organizationId = world.org.id;
  return {
    start: () => as(claims, (tx) => startAttempt(tx, { organizationId, assessmentId: world.assessmentId, userId: claims.sub })),
    save: (attemptId: string, questionId: string, response: AnswerResponse) =>
      as(claims, (tx) => saveAnswer(tx, { organizationId, attemptId, questionId, userId: claims.sub, response })),
    submit: (attemptId: string) => submitAttempt(claims, { organizationId, attemptId }, testDb()),
    view: (attemptId: string) => as(claims, (tx) => getAttempt(tx, { organizationId, attemptId })),
  };
}

const grade = (world: LearningWorld, grader: { sub: string; email: string }, answerId: string, points: number, feedback = "") =>
  gradeAnswer(grader, { organizationId: world.org.id, answerId, points, feedback }, testDb());

const answerOf = async (attemptId: string, questionId: string) =>
  (await service((tx) => tx.select().from(answers).where(and(eq(answers.attemptId, attemptId), eq(answers.questionId, questionId)))))[0];

describe("starting an attempt", () => {
  it("opens attempt 1 with assessment_started, and resumes it instead of opening another", async () => {
    const world = await createLearningWorld({ timeLimitMinutes: 30 });
    const me = learnerOf(world);
    const first = await me.start();
    expect(first).toMatchObject({ resumed: false, attempt: { attemptNumber: 1, status: "in_progress" } });
    const minutes = (first.attempt.deadlineAt!.getTime() - first.attempt.startedAt.getTime()) / 60_000;
    expect(minutes).toBeCloseTo(30, 3);
    const again = await me.start();
    expect(again).toMatchObject({ resumed: true, attempt: { id: first.attempt.id } });
    const events = await eventsOf(world.org.id, world.learner.sub);
    expect(events.map((e) => [e.eventType, e.assessmentId, e.courseId])).toEqual([["assessment_started", world.assessmentId, world.courseId]]);
  });

  it("refuses an attempt over max_attempts, and a learner who is not enrolled, and another organization", async () => {
    const world = await createLearningWorld({ maxAttempts: 1 });
    const me = learnerOf(world);
    const { attempt } = await me.start();
    await me.submit(attempt.id);
    expect(await failure(me.start())).toMatchObject({ status: 409, message: "You have used all 1 attempts of this assessment" });
    expect(await failure(learnerOf(world, "otherLearner").start())).toMatchObject({ status: 403, message: "Enroll in this course to take its assessments" });
    const other = await createOrg({ learner: "learner" });
    const intruder = other.members.learner;
    expect((await failure(as(intruder, (tx) => startAttempt(tx, { organizationId: other.id, assessmentId: world.assessmentId, userId: intruder.sub })))).status).toBe(404);
    const attempts = await service((tx) => tx.select().from(assessmentAttempts).where(eq(assessmentAttempts.assessmentId, world.assessmentId)));
    expect(attempts).toHaveLength(1);
  });

  it("the database numbers attempts and sets deadlines itself: a learner inserting directly cannot choose them", async () => {
    const world = await createLearningWorld({ timeLimitMinutes: 10, maxAttempts: 2 });
    const insertDirectly = () =>
      as(world.learner, (tx) =>
        tx
          .insert(assessmentAttempts)
          .values({ organizationId: world.org.id, assessmentId: world.assessmentId, userId: world.learner.sub, attemptNumber: 7, deadlineAt: new Date("2099-01-01") })
          .returning(),
      );
    const [row] = await insertDirectly();
    expect(row.attemptNumber).toBe(1);
    expect(row.deadlineAt!.getTime() - row.startedAt.getTime()).toBe(10 * 60_000);
    expect(await failure(insertDirectly())).toMatchObject({ status: 409, message: "You already have an attempt in progress: continue or submit it first" });
    await learnerOf(world).submit(row.id);
    await insertDirectly().then((rows) => learnerOf(world).submit(rows[0].id));
    expect(await failure(insertDirectly())).toMatchObject({ status: 409, message: "You have used all 2 attempts of this assessment" });
  });
});

describe("saving answers", () => {
  it("saves each answer as it changes; a reload shows the latest responses", async () => {
    const world = await createLearningWorld();
    const me = learnerOf(world);
    const { attempt } = await me.start();
    const q = world.questionIds;
    await me.save(attempt.id, q.single, { option: "a" });
    await me.save(attempt.id, q.single, { option: "b" });
    await me.save(attempt.id, q.multiple, { options: ["a", "c"] });
    await me.save(attempt.id, q.numeric, { value: 3.141 });
    await me.save(attempt.id, q.text, { text: "To know how many" });
    const view = await me.view(attempt.id);
    expect(Object.fromEntries(view.answers.map((a) => [a.questionId, a.response]))).toEqual({
      [q.single]: { option: "b" },
      [q.multiple]: { options: ["a", "c"] },
      [q.numeric]: { value: 3.141 },
      [q.text]: { text: "To know how many" },
    });
    expect(view.answers.every((a) => a.isCorrect === null && a.pointsAwarded === null)).toBe(true);
    expect(view.open).toBe(true);
  });

  it("refuses answers that do not fit, questions of another assessment, someone else's attempt, and after the deadline", async () => {
    const world = await createLearningWorld({ timeLimitMinutes: 5 });
    const other = await createLearningWorld();
    const me = learnerOf(world);
    const { attempt } = await me.start();
    const q = world.questionIds;
    expect(await failure(me.save(attempt.id, q.single, { option: "z" }))).toMatchObject({ status: 400, message: "That answer does not fit this question" });
    expect(await failure(me.save(attempt.id, q.multiple, { option: "a" }))).toMatchObject({ status: 400 });
    expect(await failure(me.save(attempt.id, q.numeric, { text: "three" }))).toMatchObject({ status: 400 });
    expect(await failure(me.save(attempt.id, other.questionIds.single, { option: "b" }))).toMatchObject({ status: 400, message: "That question is not part of this assessment" });
    expect((await failure(as(world.otherLearner, (tx) => saveAnswer(tx, { organizationId: world.org.id, attemptId: attempt.id, questionId: q.single, userId: world.otherLearner.sub, response: { option: "b" } })))).status).toBe(404);

    await me.save(attempt.id, q.single, { option: "b" });
    await service((tx) => tx.update(assessmentAttempts).set({ deadlineAt: sql`now() - interval '1 second'` }).where(eq(assessmentAttempts.id, attempt.id)));
    expect(await failure(me.save(attempt.id, q.single, { option: "a" }))).toMatchObject({
      status: 409,
      message: "Time is up: answers can no longer be changed. Submit the attempt to see your score",
    });
    expect((await answerOf(attempt.id, q.single)).response).toEqual({ option: "b" });
    expect(await failure(me.start())).toMatchObject({ status: 409 });
    // Submitting after the deadline closes the attempt with the answers saved in time.
    const result = await me.submit(attempt.id);
    expect(result.status).toBe("graded");
    expect(result.score).toBe(20);
  });
});

describe("submitting", () => {
  it("scores automatically graded questions at once: 0 + 3 + 0 of 6 = 50 → Progressing, not passed", async () => {
    const world = await createLearningWorld();
    await as(world.trainer, (tx) => deleteQuestion(tx, { organizationId: world.org.id, questionId: world.questionIds.text }));
    const me = learnerOf(world);
    const { attempt } = await me.start();
    const q = world.questionIds;
    await me.save(attempt.id, q.single, { option: "a" });
    await me.save(attempt.id, q.multiple, { options: ["c", "a"] });
    await me.save(attempt.id, q.numeric, { value: 3.2 });
    expect(await me.submit(attempt.id)).toEqual({ attemptId: attempt.id, status: "graded", score: 50, bracketKey: "score_2_5", passed: false });

    const view = await me.view(attempt.id);
    expect(view.attempt).toMatchObject({ status: "graded", score: 50, passed: false, submittedAt: expect.any(Date) });
    expect(view.bracket).toMatchObject({ label: "Progressing", recommendations: expect.arrayContaining(["Work through one practical task per skill"]) });
    expect(Object.fromEntries(view.answers.map((a) => [a.questionId, [a.isCorrect, a.pointsAwarded]]))).toEqual({
      [q.single]: [false, 0],
      [q.multiple]: [true, 3],
      [q.numeric]: [false, 0],
    });
    // Maths: single 0/2 + multiple 3/3 = 60; Reading: numeric 0/1 = 0.
    const mastery = await service((tx) => tx.select().from(userSkills).where(eq(userSkills.userId, world.learner.sub)));
    expect(Object.fromEntries(mastery.map((m) => [m.skillId, m.mastery]))).toEqual({ [world.skillIds.maths]: 60, [world.skillIds.reading]: 0 });

    const events = await eventsOf(world.org.id, world.learner.sub);
    expect(events.map((e) => [e.eventType, e.score])).toEqual([
      ["assessment_started", null],
      ["assessment_submitted", 50],
    ]);
    expect(await failure(me.submit(attempt.id))).toMatchObject({ status: 409, message: "This attempt was already submitted" });
    expect(await failure(me.save(attempt.id, q.single, { option: "b" }))).toMatchObject({ status: 409 });
  });

  it("mastery moves as 0.6 × new + 0.4 × old on the next graded attempt", async () => {
    const world = await createLearningWorld();
    await as(world.trainer, (tx) => deleteQuestion(tx, { organizationId: world.org.id, questionId: world.questionIds.text }));
    const me = learnerOf(world);
    const first = (await me.start()).attempt;
    await me.submit(first.id); // nothing answered: maths 0, reading 0
    const second = (await me.start()).attempt;
    expect(second.attemptNumber).toBe(2);
    await me.save(second.id, world.questionIds.single, { option: "b" });
    await me.save(second.id, world.questionIds.multiple, { options: ["a", "c"] });
    await me.submit(second.id); // maths 100 → 0.6 × 100 + 0.4 × 0 = 60
    const [maths] = await service((tx) => tx.select().from(userSkills).where(and(eq(userSkills.userId, world.learner.sub), eq(userSkills.skillId, world.skillIds.maths))));
    expect(maths.mastery).toBe(60);
  });

  it("shows the answer key after submission only when the assessment allows it, and only to the attempt's learner", async () => {
    const world = await createLearningWorld();
    const me = learnerOf(world);
    const { attempt } = await me.start();
    const keysFor = (who: { sub: string; email: string }) => answerKeysForReview(who, { organizationId: world.org.id, attemptId: attempt.id }, testDb());
    expect((await keysFor(world.learner)).size).toBe(0);
    await me.submit(attempt.id);
    const keys = await keysFor(world.learner);
    expect(keys.get(world.questionIds.single)).toEqual({ option: "b" });
    expect(keys.get(world.questionIds.numeric)).toEqual({ value: 3.14, tolerance: 0.01 });
    expect((await failure(keysFor(world.otherLearner))).status).toBe(404);
    await as(world.trainer, (tx) =>
      updateAssessment(tx, { organizationId: world.org.id, assessmentId: world.assessmentId, title: "Numbers quiz", description: "", passMark: 60, showAnswersAfterSubmit: false }),
    );
    expect((await keysFor(world.learner)).size).toBe(0);
  });

  it("refuses submitting someone else's attempt", async () => {
    const world = await createLearningWorld();
    const { attempt } = await learnerOf(world).start();
    expect((await failure(submitAttempt(world.otherLearner, { organizationId: world.org.id, attemptId: attempt.id }, testDb()))).status).toBe(404);
    expect((await failure(submitAttempt(world.trainer, { organizationId: world.org.id, attemptId: attempt.id }, testDb()))).status).toBe(404);
    const [row] = await service((tx) => tx.select().from(assessmentAttempts).where(eq(assessmentAttempts.id, attempt.id)));
    expect(row.status).toBe("in_progress");
  });
});

describe("grading free-text answers", () => {
  async function submittedWithText(world: LearningWorld) {
    const me = learnerOf(world);
    const { attempt } = await me.start();
    const q = world.questionIds;
    await me.save(attempt.id, q.single, { option: "b" });
    await me.save(attempt.id, q.multiple, { options: ["a", "c"] });
    await me.save(attempt.id, q.numeric, { value: 3.145 });
    await me.save(attempt.id, q.text, { text: "To share fairly" });
    const submitted = await me.submit(attempt.id);
    return { attempt, submitted, textAnswer: await answerOf(attempt.id, q.text) };
  }

  it("keeps the attempt 'submitted' until the trainer grades; then (2 + 3 + 1 + 3) / 10 = 90 → Expert, passed, and the learner is notified", async () => {
    const world = await createLearningWorld();
    const { attempt, submitted, textAnswer } = await submittedWithText(world);
    expect(submitted).toEqual({ attemptId: attempt.id, status: "submitted", score: null, bracketKey: null, passed: null });
    const events = await eventsOf(world.org.id, world.learner.sub);
    expect(events.at(-1)).toMatchObject({ eventType: "assessment_submitted", score: null });
    expect(await service((tx) => tx.select().from(userSkills).where(eq(userSkills.userId, world.learner.sub)))).toEqual([]);

    expect(await grade(world, world.trainer, textAnswer.id, 3, "Good, name a second reason")).toEqual({ attemptId: attempt.id, status: "graded", score: 90, passed: true });
    const view = await learnerOf(world).view(attempt.id);
    expect(view.attempt).toMatchObject({ status: "graded", score: 90, bracketKey: "score_4_5", passed: true });
    expect(view.answers.find((a) => a.id === textAnswer.id)).toMatchObject({ pointsAwarded: 3, isCorrect: false, feedback: "Good, name a second reason", gradedBy: world.trainer.sub });
    const mastery = await service((tx) => tx.select().from(userSkills).where(eq(userSkills.userId, world.learner.sub)));
    expect(Object.fromEntries(mastery.map((m) => [m.skillId, m.mastery]))).toEqual({ [world.skillIds.maths]: 100, [world.skillIds.reading]: 100 });
    const notes = await service((tx) => tx.select().from(notifications).where(eq(notifications.userId, world.learner.sub)));
    expect(notes).toEqual([
      expect.objectContaining({
        organizationId: world.org.id,
        type: "learning.answer_graded",
        title: 'Your answer in "Numbers quiz" was graded',
        body: "3 of 4 points. Your final score is 90 (passed). Feedback: Good, name a second reason",
        readAt: null,
      }),
    ]);
    expect((await eventsOf(world.org.id, world.learner.sub)).at(-1)).toMatchObject({ eventType: "assessment_graded", score: 90 });
    expect(await failure(grade(world, world.trainer, textAnswer.id, 4))).toMatchObject({ status: 409, message: "This attempt already has its final score" });
  });

  it("refuses a trainer outside the cohort, another organization, the learner, wrong points and non-free-text answers — changing nothing", async () => {
    const world = await createLearningWorld();
    const { attempt, textAnswer } = await submittedWithText(world);
    const outsideTrainer = await createUser("trainer2");
    await service((tx) => tx.execute(sql`insert into public.memberships (organization_id, user_id, role) values (${world.org.id}, ${outsideTrainer.sub}, 'trainer')`));
    const other = await createOrg({ trainer: "trainer" });

    expect((await failure(grade(world, outsideTrainer, textAnswer.id, 2))).status).toBe(404);
    expect((await failure(gradeAnswer(other.members.trainer, { organizationId: other.id, answerId: textAnswer.id, points: 2, feedback: "" }, testDb()))).status).toBe(404);
    expect(await failure(grade(world, world.learner, textAnswer.id, 4))).toMatchObject({ status: 403, message: "Only a trainer of this learner's cohort can grade this answer" });
    expect(await failure(grade(world, world.trainer, textAnswer.id, 4.5))).toMatchObject({ status: 400, message: "Award between 0 and 4 points" });
    const single = await answerOf(attempt.id, world.questionIds.single);
    expect(await failure(grade(world, world.trainer, single.id, 1))).toMatchObject({
      status: 400,
      message: "Only free-text answers are graded by a trainer; the others are scored automatically",
    });
    expect(await answerOf(attempt.id, world.questionIds.text)).toMatchObject({ pointsAwarded: null, gradedAt: null });
    const [row] = await service((tx) => tx.select().from(assessmentAttempts).where(eq(assessmentAttempts.id, attempt.id)));
    expect(row).toMatchObject({ status: "submitted", score: null });
    expect(await service((tx) => tx.select().from(notifications).where(eq(notifications.userId, world.learner.sub)))).toEqual([]);
  });

  it("an org admin (cohorts.view_all) grades too", async () => {
    const world = await createLearningWorld();
    const { textAnswer } = await submittedWithText(world);
    expect(await grade(world, world.org.owner, textAnswer.id, 4)).toMatchObject({ status: "graded", score: 100, passed: true });
  });

  it("refuses grading an attempt still in progress", async () => {
    const world = await createLearningWorld();
    const me = learnerOf(world);
    const { attempt } = await me.start();
    await me.save(attempt.id, world.questionIds.text, { text: "draft" });
    const answer = await answerOf(attempt.id, world.questionIds.text);
    expect(await failure(grade(world, world.trainer, answer.id, 1))).toMatchObject({ status: 409, message: "The learner has not submitted this attempt yet" });
  });
});
