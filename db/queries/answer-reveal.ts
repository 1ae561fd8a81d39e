// Whether the learner of an attempt may see an assessment's correct answers
// (rule: lib/assessments/answer-reveal.ts), read in the caller's RLS-scoped
// transaction: their attempts at the assessment and their due dates for its
// course. The query that returns the answer keys (answerKeysForReview) asks
// this first, so the rule holds on the server whatever a page shows.
import { and, count, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { assessmentAttempts, cohorts, enrollments } from "../schema";
import { answerReveal, type AnswerReveal } from "@/lib/assessments/answer-reveal";

export async function answerRevealFor(
  tx: Tx,
  input: {
    organizationId: string;
    userId: string;
    assessment: { id: string; courseId: string; maxAttempts: number | null; showAnswersAfterSubmit: boolean };
    today?: string;
  },
): Promise<AnswerReveal> {
  const [[{ used }], [{ deadline }]] = await Promise.all([
    tx
      .select({ used: count() })
      .from(assessmentAttempts)
      .where(
        and(
          eq(assessmentAttempts.organizationId, input.organizationId),
          eq(assessmentAttempts.assessmentId, input.assessment.id),
          eq(assessmentAttempts.userId, input.userId),
        ),
      ),
    tx
      .select({ deadline: sql<string | null>`max(coalesce(${enrollments.dueOn}, ${cohorts.endsOn}))::text` })
      .from(enrollments)
      .innerJoin(cohorts, eq(cohorts.id, enrollments.cohortId))
      .where(
        and(
          eq(enrollments.organizationId, input.organizationId),
          eq(enrollments.userId, input.userId),
          eq(enrollments.courseId, input.assessment.courseId),
        ),
      ),
  ]);
  return answerReveal({
    showAnswersAfterSubmit: input.assessment.showAnswersAfterSubmit,
    maxAttempts: input.assessment.maxAttempts,
    attemptsUsed: used,
    deadline,
    today: input.today ?? new Date().toISOString().slice(0, 10),
  });
}
