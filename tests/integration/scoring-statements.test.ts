// Scoring runs with the attempt row locked (every other submit or grade of
// that attempt waits), so it writes set-based: one UPDATE for all the
// answers' correctness and one upsert for all the skills' mastery, whatever
// the number of questions and skills. The statements are counted through a
// Drizzle logger on the same pool. Behaviour (scores, mastery) is covered by
// learning-assessments.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/db/schema";
import { answers, userSkills } from "@/db/schema";
import { gradeAnswer, saveAnswer, startAttempt, submitAttempt } from "@/db/queries/attempts";
import type { AnswerResponse } from "@/lib/validation/learning";
import { as, createLearningWorld, service } from "../support/learning-world";

const statements: string[] = [];
const client = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
const countingDb = drizzle(client, { schema, logger: { logQuery: (query) => statements.push(query) } });
afterAll(() => client.end());

/** Statements run by `fn`, from the counting pool. */
async function statementsOf(fn: () => Promise<unknown>) {
  statements.length = 0;
  await fn();
  return [...statements];
}
const answerUpdates = (queries: string[]) => queries.filter((query) => /^\s*update public\.answers a\s/.test(query) || /^update "answers" set "is_correct"/.test(query));
const masteryWrites = (queries: string[]) => queries.filter((query) => /^insert into "user_skills"/.test(query));

describe("scoring a submission", () => {
  it("writes all the answers in one UPDATE, and all the skills' mastery in one upsert", async () => {
    const world = await createLearningWorld();
    const organizationId = world.org.id;
    const me = world.learner;
    const { attempt } = await as(me, (tx) => startAttempt(tx, { organizationId, assessmentId: world.assessmentId, userId: me.sub }));
    const responses: [string, AnswerResponse][] = [
      [world.questionIds.single, { option: "b" }],
      [world.questionIds.multiple, { options: ["a", "c"] }],
      [world.questionIds.numeric, { value: 3.14 }],
      [world.questionIds.text, { text: "To know how many" }],
    ];
    for (const [questionId, response] of responses) {
      await as(me, (tx) => saveAnswer(tx, { organizationId, attemptId: attempt.id, questionId, userId: me.sub, response }));
    }

    // Submit: the four answers are written at once (the free-text one waits for a trainer).
    const submitted = await statementsOf(() => submitAttempt(me, { organizationId, attemptId: attempt.id }, countingDb));
    expect(answerUpdates(submitted)).toHaveLength(1);
    const scored = await service((tx) => tx.select().from(answers).where(eq(answers.attemptId, attempt.id)));
    expect(scored.filter((answer) => answer.isCorrect !== null)).toHaveLength(3);

    // The trainer's grade finalises the score: mastery of both skills in one statement.
    const textAnswer = scored.find((answer) => answer.questionId === world.questionIds.text)!;
    const graded = await statementsOf(() => gradeAnswer(world.trainer, { organizationId, answerId: textAnswer.id, points: 3, feedback: "" }, countingDb));
    expect(answerUpdates(graded)).toHaveLength(1);
    expect(masteryWrites(graded)).toHaveLength(1);
    const mastery = await service((tx) => tx.select().from(userSkills).where(and(eq(userSkills.userId, me.sub), eq(userSkills.organizationId, organizationId))));
    expect(mastery.map((row) => row.skillId).sort()).toEqual([world.skillIds.maths, world.skillIds.reading].sort());
  });
});
