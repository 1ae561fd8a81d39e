// Correct answers stay hidden while the learner can still use them: the query
// that returns the answer keys refuses them until the last allowed attempt is
// spent or the learner's due date has passed, whatever the show-answers flag.
// Grades can be corrected: the score is recomputed, mastery moves by the
// corrected attempt's share, assessment_graded is recorded again, and the
// learner's notification links to the attempt. World: single choice (2 pts,
// maths), multiple choice (3, maths), numeric (1, reading), free text (4).
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createOrg, testDb } from "../support/db";
import { as, createLearningWorld, eventsOf, failure, service, type LearningWorld } from "../support/learning-world";
import { answers, enrollments, notifications, questions, userSkills } from "@/db/schema";
import { answerKeysForReview, gradeAnswer, saveAnswer, startAttempt, submitAttempt } from "@/db/queries/attempts";
import { answerRevealFor } from "@/db/queries/answer-reveal";
import { regradeAnswer } from "@/db/queries/regrade";
import { requireAssessment, updateAssessment } from "@/db/queries/assessments";

const setDueInDays = (world: LearningWorld, days: number) =>
  service((tx) =>
    tx
      .update(enrollments)
      .set({ dueOn: sql`current_date + ${days}::int` })
      .where(and(eq(enrollments.cohortId, world.cohortId), eq(enrollments.userId, world.learner.sub))),
  );

async function submittedAttempt(world: LearningWorld, text?: string) {
  const organizationId = world.org.id;
  const { attempt } = await as(world.learner, (tx) => startAttempt(tx, { organizationId, assessmentId: world.assessmentId, userId: world.learner.sub }));
  const save = (questionId: string, response: Parameters<typeof saveAnswer>[1]["response"]) =>
    as(world.learner, (tx) => saveAnswer(tx, { organizationId, attemptId: attempt.id, questionId, userId: world.learner.sub, response }));
  await save(world.questionIds.single, { option: "b" });
  await save(world.questionIds.multiple, { options: ["a", "c"] });
  await save(world.questionIds.numeric, { value: 3.145 });
  if (text) await save(world.questionIds.text, { text });
  await submitAttempt(world.learner, { organizationId, attemptId: attempt.id }, testDb());
  return attempt;
}

const keysOf = (world: LearningWorld, attemptId: string) => answerKeysForReview(world.learner, { organizationId: world.org.id, attemptId }, testDb());

describe("answer keys after submission", () => {
  it("stay hidden on attempt 1 and 2 of 3 before the due date, show after the 3rd attempt, and say why meanwhile", async () => {
    const world = await createLearningWorld({ maxAttempts: 3 });
    await setDueInDays(world, 30);
    const first = await submittedAttempt(world);
    expect((await keysOf(world, first.id)).size).toBe(0);
    const second = await submittedAttempt(world);
    expect((await keysOf(world, second.id)).size).toBe(0);
    const reveal = await as(world.learner, async (tx) =>
      answerRevealFor(tx, { organizationId: world.org.id, userId: world.learner.sub, assessment: await requireAssessment(tx, world.org.id, world.assessmentId) }),
    );
    expect(reveal.revealed).toBe(false);
    expect(reveal.reason).toMatch(/^The correct answers are shown after your last attempt \(2 of 3 attempts used\) or after your due date \(\d{4}-\d{2}-\d{2}\)\.$/);

    await submittedAttempt(world);
    const keys = await keysOf(world, first.id);
    expect(keys.get(world.questionIds.single)).toEqual({ option: "b" });
    expect(keys.get(world.questionIds.numeric)).toEqual({ value: 3.14, tolerance: 0.01 });
  });

  it("show once the learner's due date has passed, even with attempts left; never when the assessment hides answers", async () => {
    const world = await createLearningWorld({ maxAttempts: 3 });
    await setDueInDays(world, 1);
    const attempt = await submittedAttempt(world);
    expect((await keysOf(world, attempt.id)).size).toBe(0);
    await setDueInDays(world, 0);
    expect((await keysOf(world, attempt.id)).size).toBe(0); // the due day itself still counts
    await setDueInDays(world, -1);
    expect((await keysOf(world, attempt.id)).size).toBe(4);
    await as(world.trainer, (tx) =>
      updateAssessment(tx, { organizationId: world.org.id, assessmentId: world.assessmentId, title: "Numbers quiz", description: "", passMark: 60, showAnswersAfterSubmit: false }),
    );
    expect((await keysOf(world, attempt.id)).size).toBe(0);
  });

  it("with unlimited attempts, stay hidden until the due date", async () => {
    const world = await createLearningWorld();
    await setDueInDays(world, 10);
    const attempt = await submittedAttempt(world);
    await submittedAttempt(world);
    expect((await keysOf(world, attempt.id)).size).toBe(0);
    await setDueInDays(world, -3);
    expect((await keysOf(world, attempt.id)).size).toBe(4);
  });
});

describe("correcting a grade", () => {
  it("recomputes 90 → 70, moves mastery by the change, records assessment_graded again and notifies with a link to the attempt", async () => {
    const world = await createLearningWorld();
    // The free-text question assesses reading too: reading = (numeric 1 + text) / 5.
    await service((tx) => tx.update(questions).set({ skillId: world.skillIds.reading }).where(eq(questions.id, world.questionIds.text)));
    const attempt = await submittedAttempt(world, "To share fairly");
    const [textAnswer] = await service((tx) => tx.select().from(answers).where(and(eq(answers.attemptId, attempt.id), eq(answers.questionId, world.questionIds.text))));
    const grade = (points: number, feedback = "") => gradeAnswer(world.trainer, { organizationId: world.org.id, answerId: textAnswer.id, points, feedback }, testDb());
    const regrade = (who: { sub: string; email: string }, points: number, feedback = "") =>
      regradeAnswer(who, { organizationId: world.org.id, answerId: textAnswer.id, points, feedback }, testDb());

    expect(await failure(regrade(world.trainer, 1))).toMatchObject({ status: 409, message: "This answer has no grade yet: grade it first" });
    // (2 + 3 + 1 + 3) / 10 = 90; reading (1 + 3) / 5 = 80, the first evidence of reading.
    expect(await grade(3)).toMatchObject({ status: "graded", score: 90 });
    const mastery = async () =>
      Object.fromEntries((await service((tx) => tx.select().from(userSkills).where(eq(userSkills.userId, world.learner.sub)))).map((m) => [m.skillId, m.mastery]));
    expect(await mastery()).toEqual({ [world.skillIds.maths]: 100, [world.skillIds.reading]: 80 });

    // Refused, changing nothing: the learner, a trainer outside the cohort, more than the question's points.
    expect((await failure(regrade(world.learner, 1))).status).toBe(403);
    const other = await createOrg({ trainer: "trainer" });
    expect((await failure(regrade(other.members.trainer, 1))).status).toBe(404);
    expect(await failure(regrade(world.trainer, 5))).toMatchObject({ status: 400, message: "Award between 0 and 4 points" });

    // 3 → 1 point: (2 + 3 + 1 + 1) / 10 = 70, still passed (60); reading (1 + 1) / 5 = 40, and as the
    // only evidence of reading its mastery follows it fully: 80 + (40 − 80) = 40. Maths is untouched.
    expect(await regrade(world.trainer, 1, "Second look: one reason only")).toEqual({ attemptId: attempt.id, status: "graded", score: 70, passed: true, previousScore: 90 });
    const [answer] = await service((tx) => tx.select().from(answers).where(eq(answers.id, textAnswer.id)));
    expect(answer).toMatchObject({ pointsAwarded: 1, feedback: "Second look: one reason only", gradedBy: world.trainer.sub });
    expect(await mastery()).toEqual({ [world.skillIds.maths]: 100, [world.skillIds.reading]: 40 });

    const events = await eventsOf(world.org.id, world.learner.sub);
    expect(events.filter((e) => e.eventType === "assessment_graded").map((e) => e.score)).toEqual([90, 70]);
    expect(events.at(-1)?.context).toMatchObject({ attemptId: attempt.id, regrade: true, previousScore: 90 });

    const notes = await service((tx) => tx.select().from(notifications).where(eq(notifications.userId, world.learner.sub)).orderBy(notifications.createdAt));
    expect(notes.map((n) => [n.type, n.linkPath])).toEqual([
      ["learning.answer_graded", `/learn/attempts/${attempt.id}`],
      ["learning.grade_corrected", `/learn/attempts/${attempt.id}`],
    ]);
    expect(notes[1]).toMatchObject({
      title: 'Your grade in "Numbers quiz" was corrected',
      body: "3 → 1 of 4 points. Your score changed from 90 to 70 (passed). Feedback: Second look: one reason only",
    });
  });

  it("refuses a link that is not a path inside the organization", async () => {
    const world = await createLearningWorld();
    const insert = (linkPath: string) =>
      failure(
        service((tx) =>
          tx.insert(notifications).values({ organizationId: world.org.id, userId: world.learner.sub, type: "learning.test", title: "x", linkPath }),
        ),
      );
    for (const bad of ["https://evil.example/x", "//evil.example", "javascript:alert(1)", "/learn/../../x?y"]) {
      expect((await insert(bad)).status).toBe(400);
    }
  });
});
