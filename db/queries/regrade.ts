// Correcting a grade: a trainer (or org admin) changes the points or feedback
// of a free-text answer that was graded already. The attempt's score,
// bracket and pass are recomputed, assessment_graded is recorded again with
// the corrected score, and the learner is notified with a link to the attempt.
//
// Mastery: the mastery formula (lib/assessments/scoring.ts nextMastery) is
// linear, mastery_new = 0.6 × attempt_skill_score + 0.4 × mastery_old (the
// attempt's own score when it was the first evidence of the skill). Changing
// an attempt's skill score by Δ therefore changes today's mastery by
//   Δ × w × 0.4^k
// with w = 0.6 (or 1 when no earlier graded attempt assessed the skill) and k
// = the graded attempts of that skill submitted after this one, which the
// correction reaches only through their 0.4 weight. Clamped to 0–100.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Tx } from "../client";
import { withServiceDb, type SessionClaims } from "../rls";
import { answers, assessmentAttempts, notifications, userSkills } from "../schema";
import { recordEventInServiceTx } from "./events";
import { attemptLink, checkGrader, scoreLocked, writeScore } from "./attempts";
import { badRequest, conflict } from "@/lib/errors";

/** The factor by which a change of this attempt's skill score moves each skill's mastery today. */
async function masteryReach(tx: Tx, attempt: { id: string; userId: string; submittedAt: Date | null }, skillIds: string[]) {
  if (!skillIds.length || !attempt.submittedAt) return new Map<string, number>();
  const rows = await tx.execute<{ skill_id: string; earlier: boolean; later: number }>(sql`
    with this as (select submitted_at from public.assessment_attempts where id = ${attempt.id}::uuid)
    select q.skill_id,
           bool_or(a.submitted_at < this.submitted_at) as earlier,
           count(distinct a.id) filter (where a.submitted_at > this.submitted_at)::int as later
    from public.assessment_attempts a
    join public.questions q on q.assessment_id = a.assessment_id
    cross join this
    where a.user_id = ${attempt.userId}::uuid and a.status = 'graded' and a.id <> ${attempt.id}::uuid
      and q.skill_id in (${sql.join(skillIds.map((id) => sql`${id}::uuid`), sql`, `)})
    group by q.skill_id`);
  const reach = new Map(skillIds.map((id) => [id, 1]));
  for (const row of rows) reach.set(row.skill_id, (row.earlier ? 0.6 : 1) * 0.4 ** row.later);
  return reach;
}

export async function regradeAnswer(
  claims: SessionClaims,
  input: { organizationId: string; answerId: string; points: number; feedback: string },
  db?: Database,
) {
  const checked = await checkGrader(claims, input, db);
  if (!checked.gradedAt) throw conflict("This answer has no grade yet: grade it first");
  if (input.points > checked.maxPoints) throw badRequest(`Award between 0 and ${checked.maxPoints} points`, { points: [`At most ${checked.maxPoints}`] });

  return withServiceDb(
    "answers' grades, attempt scores, mastery and notifications are not writable by users; the grader's right was checked under RLS",
    async (tx) => {
      // scoreLocked takes the attempt's row lock: concurrent corrections run one after the other.
      const before = await scoreLocked(tx, checked.attemptId);
      const [previous] = await tx.select({ points: answers.pointsAwarded }).from(answers).where(eq(answers.id, checked.answerId));
      await tx
        .update(answers)
        .set({ pointsAwarded: input.points, feedback: input.feedback || null, gradedBy: claims.sub, gradedAt: sql`now()` })
        .where(eq(answers.id, checked.answerId));
      const { attempt, assessment, answerRows, result } = await scoreLocked(tx, checked.attemptId);
      await writeScore(tx, attempt, answerRows, result, { mastery: false });

      if (before.attempt.status === "graded" && result.status === "graded") {
        const changed = [...result.skillScores].filter(([skillId, score]) => score !== (before.result.skillScores.get(skillId) ?? score));
        const reach = await masteryReach(tx, attempt, changed.map(([skillId]) => skillId));
        const rows = changed.length
          ? await tx
              .select({ skillId: userSkills.skillId, mastery: userSkills.mastery })
              .from(userSkills)
              .where(and(eq(userSkills.userId, attempt.userId), inArray(userSkills.skillId, changed.map(([skillId]) => skillId))))
          : [];
        for (const row of rows) {
          const delta = (result.skillScores.get(row.skillId)! - before.result.skillScores.get(row.skillId)!) * (reach.get(row.skillId) ?? 1);
          const mastery = Math.min(Math.max(Math.round((row.mastery + delta) * 100) / 100, 0), 100);
          await tx.update(userSkills).set({ mastery }).where(and(eq(userSkills.userId, attempt.userId), eq(userSkills.skillId, row.skillId)));
        }
      }

      if (result.status === "graded" && result.score !== null) {
        await recordEventInServiceTx(tx, {
          userId: attempt.userId,
          organizationId: attempt.organizationId,
          type: "assessment_graded",
          // A correction is a new fact: its own key (the answer and the moment it was corrected).
          idempotencyKey: `assessment_regraded:${checked.answerId}:${Date.now()}`,
          courseId: assessment.courseId,
          assessmentId: assessment.id,
          score: result.score,
          context: { attemptId: attempt.id, passed: result.passed, regrade: true, previousScore: before.result.score },
        });
      }
      const outcome =
        result.status === "graded"
          ? before.attempt.score !== null && before.attempt.score !== result.score
            ? ` Your score changed from ${before.attempt.score} to ${result.score} (${result.passed ? "passed" : "not passed"}).`
            : ` Your score is ${result.score} (${result.passed ? "passed" : "not passed"}).`
          : "";
      await tx.insert(notifications).values({
        organizationId: attempt.organizationId,
        userId: attempt.userId,
        type: "learning.grade_corrected",
        title: `Your grade in "${checked.assessmentTitle}" was corrected`.slice(0, 200),
        body: `${previous?.points ?? "?"} → ${input.points} of ${checked.maxPoints} points.${outcome}${input.feedback ? ` Feedback: ${input.feedback}` : ""}`.slice(0, 2000),
        linkPath: attemptLink(attempt.id),
      });
      return { attemptId: attempt.id, status: result.status, score: result.score, passed: result.passed, previousScore: before.attempt.score };
    },
    db,
  );
}
