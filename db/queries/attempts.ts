// Taking an assessment: start an attempt, save answers as the learner goes,
// submit once, and trainers grade free-text answers. Starting and saving run
// in the learner's RLS-scoped transaction. Scoring needs the answer keys,
// which learners cannot read (question_keys is visible to content managers
// only), so submission and grading check the caller's right under RLS first,
// then score in a service transaction that writes the answers' correctness,
// the attempt's score, the learner's skill mastery and the event together.
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database, Tx } from "../client";
import { withServiceDb, withUserDb, type SessionClaims } from "../rls";
import {
  answers,
  assessmentAttempts,
  assessments,
  notifications,
  questionKeys,
  questions,
  scoreBrackets,
  userSkills,
} from "../schema";
import { recordEvent, recordEventInServiceTx } from "./events";
import { isEnrolled } from "./progress";
import { answerRevealFor } from "./answer-reveal";
import { requireAssessment, listQuestions } from "./assessments";
import { badRequest, conflict, forbidden, notFound } from "@/lib/errors";
import { nextMastery, scoreAttempt, type AnswerKey, type AttemptScore, type Response } from "@/lib/assessments/scoring";
import type { AnswerResponse } from "@/lib/validation/learning";

type Org = { organizationId: string };

const isOpen = (attempt: { status: string; deadlineAt: Date | null }, now = new Date()) =>
  attempt.status === "in_progress" && (attempt.deadlineAt === null || attempt.deadlineAt > now);

/** The caller's attempts at an assessment, newest first. */
export function listMyAttempts(tx: Tx, input: Org & { assessmentId: string; userId: string }) {
  return tx
    .select()
    .from(assessmentAttempts)
    .where(
      and(
        eq(assessmentAttempts.organizationId, input.organizationId),
        eq(assessmentAttempts.assessmentId, input.assessmentId),
        eq(assessmentAttempts.userId, input.userId),
      ),
    )
    .orderBy(desc(assessmentAttempts.attemptNumber));
}

/**
 * Opens a new attempt, or returns the learner's open one. The database
 * (prepare_assessment_attempt) numbers it, sets its deadline from the time
 * limit and refuses one over max_attempts; the checks here give the message first.
 */
export async function startAttempt(tx: Tx, input: Org & { assessmentId: string; userId: string }) {
  const assessment = await requireAssessment(tx, input.organizationId, input.assessmentId);
  if (!(await isEnrolled(tx, input.userId, assessment.courseId))) throw forbidden("Enroll in this course to take its assessments");
  const [{ n }] = await tx.select({ n: count() }).from(questions).where(eq(questions.assessmentId, assessment.id));
  if (n === 0) throw badRequest("This assessment has no questions yet");

  const mine = await listMyAttempts(tx, input);
  const open = mine.find((attempt) => attempt.status === "in_progress");
  if (open && isOpen(open)) return { attempt: open, resumed: true };
  if (open) throw conflict("Time is up on your previous attempt: submit it to see your score before starting another");
  if (assessment.maxAttempts !== null && mine.length >= assessment.maxAttempts) {
    throw conflict(`You have used all ${assessment.maxAttempts} attempts of this assessment`);
  }
  const [attempt] = await tx
    .insert(assessmentAttempts)
    .values({
      organizationId: input.organizationId,
      assessmentId: assessment.id,
      userId: input.userId,
      attemptNumber: mine.length + 1,
      deadlineAt: assessment.timeLimitMinutes ? sql`now() + make_interval(mins => ${assessment.timeLimitMinutes}::int)` : null,
    })
    .returning();
  await recordEvent(tx, {
    organizationId: input.organizationId,
    type: "assessment_started",
    idempotencyKey: `assessment_started:${attempt.id}`,
    courseId: assessment.courseId,
    assessmentId: assessment.id,
    context: { attemptNumber: attempt.attemptNumber },
  });
  return { attempt, resumed: false };
}

async function requireMyAttempt(tx: Tx, input: Org & { attemptId: string; userId: string }) {
  const [attempt] = await tx
    .select()
    .from(assessmentAttempts)
    .where(
      and(
        eq(assessmentAttempts.id, input.attemptId),
        eq(assessmentAttempts.organizationId, input.organizationId),
        eq(assessmentAttempts.userId, input.userId),
      ),
    );
  if (!attempt) throw notFound("That attempt");
  return attempt;
}

/** Whether a response has the shape the question asks for, with options of the question. */
function fitsQuestion(question: { kind: string; options: { id: string }[] }, response: AnswerResponse): boolean {
  const ids = new Set(question.options.map((option) => option.id));
  switch (question.kind) {
    case "single_choice":
      return "option" in response && ids.has(response.option);
    case "multiple_choice":
      return "options" in response && response.options.every((id) => ids.has(id)) && new Set(response.options).size === response.options.length;
    case "numeric":
      return "value" in response;
    case "free_text":
      return "text" in response;
    default:
      return false;
  }
}

/** Saves one answer of an open attempt (each change is saved; a reload loses nothing). */
export async function saveAnswer(
  tx: Tx,
  input: Org & { attemptId: string; questionId: string; userId: string; response: AnswerResponse },
) {
  const attempt = await requireMyAttempt(tx, input);
  if (attempt.status !== "in_progress") throw conflict("This attempt was submitted: its answers can no longer change");
  if (!isOpen(attempt)) throw conflict("Time is up: answers can no longer be changed. Submit the attempt to see your score");
  const [question] = await tx
    .select({ id: questions.id, kind: questions.kind, options: questions.options })
    .from(questions)
    .where(and(eq(questions.id, input.questionId), eq(questions.assessmentId, attempt.assessmentId)));
  if (!question) throw badRequest("That question is not part of this assessment");
  if (!fitsQuestion(question, input.response)) throw badRequest("That answer does not fit this question");
  const [row] = await tx
    .insert(answers)
    .values({
      organizationId: input.organizationId,
      attemptId: attempt.id,
      questionId: question.id,
      userId: input.userId,
      response: input.response,
    })
    .onConflictDoUpdate({ target: [answers.attemptId, answers.questionId], set: { response: input.response } })
    .returning({ id: answers.id, updatedAt: answers.updatedAt });
  return row;
}

/** An attempt with its assessment, questions and the learner's answers, as RLS lets the caller read them. */
export async function getAttempt(tx: Tx, input: Org & { attemptId: string }) {
  const [attempt] = await tx
    .select()
    .from(assessmentAttempts)
    .where(and(eq(assessmentAttempts.id, input.attemptId), eq(assessmentAttempts.organizationId, input.organizationId)));
  if (!attempt) throw notFound("That attempt");
  const assessment = await requireAssessment(tx, input.organizationId, attempt.assessmentId);
  const [questionRows, answerRows, bracket] = await Promise.all([
    listQuestions(tx, assessment.id),
    tx.select().from(answers).where(eq(answers.attemptId, attempt.id)),
    attempt.bracketKey
      ? tx.select().from(scoreBrackets).where(eq(scoreBrackets.key, attempt.bracketKey)).then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
  ]);
  return { attempt, assessment, questions: questionRows, answers: answerRows, bracket, open: isOpen(attempt) };
}

/**
 * The answer keys of a submitted attempt's questions, for the learner's review,
 * only when the reveal rule allows it (lib/assessments/answer-reveal.ts: the
 * assessment shows answers, and the learner's last allowed attempt is spent or
 * their due date has passed). The caller's right to the attempt and the rule's
 * inputs are read under RLS first.
 */
export async function answerKeysForReview(claims: SessionClaims, input: Org & { attemptId: string }, db?: Database) {
  const { attempt, assessment, reveal } = await withUserDb(
    claims,
    async (tx) => {
      const { attempt, assessment } = await getAttempt(tx, input);
      const reveal = await answerRevealFor(tx, { organizationId: input.organizationId, userId: attempt.userId, assessment });
      return { attempt, assessment, reveal };
    },
    {},
    db,
  );
  if (attempt.userId !== claims.sub || attempt.status === "in_progress" || !reveal.revealed) return new Map<string, AnswerKey>();
  const rows = await withServiceDb(
    "learners cannot read question_keys; the attempt was checked under RLS to be the caller's and submitted, and the reveal rule allows its answers",
    (tx) =>
      tx
        .select({ questionId: questionKeys.questionId, answer: questionKeys.answer })
        .from(questionKeys)
        .innerJoin(questions, eq(questions.id, questionKeys.questionId))
        .where(eq(questions.assessmentId, assessment.id)),
    db,
  );
  return new Map(rows.map((row) => [row.questionId, row.answer as AnswerKey]));
}

// ---------------------------------------------------------------------------
// Scoring (service transaction)
// ---------------------------------------------------------------------------
/** Where the learner reviews an attempt, inside the organization (notification links). */
export const attemptLink = (attemptId: string) => `/learn/attempts/${attemptId}`;

export async function scoreLocked(tx: Tx, attemptId: string) {
  const [attempt] = await tx.select().from(assessmentAttempts).where(eq(assessmentAttempts.id, attemptId)).for("update");
  const [assessment] = await tx.select().from(assessments).where(eq(assessments.id, attempt.assessmentId));
  const [questionRows, answerRows, brackets] = await Promise.all([
    tx
      .select({ id: questions.id, kind: questions.kind, points: questions.points, skillId: questions.skillId, key: questionKeys.answer })
      .from(questions)
      .leftJoin(questionKeys, eq(questionKeys.questionId, questions.id))
      .where(eq(questions.assessmentId, assessment.id))
      .orderBy(asc(questions.position)),
    tx.select().from(answers).where(eq(answers.attemptId, attempt.id)),
    tx.select({ key: scoreBrackets.key, minScore: scoreBrackets.minScore }).from(scoreBrackets),
  ]);
  const grades = new Map<string, number>();
  for (const answer of answerRows) if (answer.gradedAt && answer.pointsAwarded !== null) grades.set(answer.questionId, answer.pointsAwarded);
  const result = scoreAttempt({
    questions: questionRows.map((q) => ({ ...q, key: (q.key ?? {}) as AnswerKey })),
    responses: new Map(answerRows.map((answer) => [answer.questionId, answer.response as Response])),
    grades,
    passMark: assessment.passMark,
    brackets,
  });
  return { attempt, assessment, answerRows, result };
}

/**
 * Writes a score's outcome: answers' correctness, the attempt, and mastery
 * once it is final. Runs with the attempt locked, so it is set-based: one
 * UPDATE for all the answers and one upsert for all the skills, whatever the
 * number of questions.
 */
export async function writeScore(
  tx: Tx,
  attempt: { id: string; organizationId: string; userId: string },
  answerRows: { questionId: string }[],
  result: AttemptScore,
  { mastery = true }: { mastery?: boolean } = {},
) {
  const answered = new Set(answerRows.map((answer) => answer.questionId));
  const scoredAnswers = result.answers
    .filter((scored) => answered.has(scored.questionId))
    .map((scored) => ({ question_id: scored.questionId, is_correct: scored.isCorrect, points_awarded: scored.pointsAwarded }));
  if (scoredAnswers.length) {
    await tx.execute(sql`
      update public.answers a
      set is_correct = s.is_correct, points_awarded = s.points_awarded
      from jsonb_to_recordset(${JSON.stringify(scoredAnswers)}::jsonb) as s(question_id uuid, is_correct boolean, points_awarded numeric)
      where a.attempt_id = ${attempt.id}::uuid and a.question_id = s.question_id`);
  }
  await tx
    .update(assessmentAttempts)
    .set({ status: result.status, score: result.score, bracketKey: result.bracketKey, passed: result.passed })
    .where(eq(assessmentAttempts.id, attempt.id));
  if (!mastery || result.status !== "graded" || result.skillScores.size === 0) return;
  // Mastery formula: lib/assessments/scoring.ts nextMastery (0.6 × this attempt's skill score + 0.4 × previous mastery).
  const skillIds = [...result.skillScores.keys()];
  const previous = await tx
    .select({ skillId: userSkills.skillId, mastery: userSkills.mastery, lastAssessedAt: userSkills.lastAssessedAt })
    .from(userSkills)
    .where(and(eq(userSkills.userId, attempt.userId), inArray(userSkills.skillId, skillIds)));
  const assessedAt = new Date();
  const rows = [...result.skillScores].map(([skillId, skillScore]) => {
    const before = previous.find((row) => row.skillId === skillId);
    const mastery = nextMastery(before?.lastAssessedAt ? before.mastery : null, skillScore);
    return { organizationId: attempt.organizationId, userId: attempt.userId, skillId, mastery, lastAssessedAt: assessedAt };
  });
  await tx
    .insert(userSkills)
    .values(rows)
    .onConflictDoUpdate({
      target: [userSkills.userId, userSkills.skillId],
      set: { mastery: sql`excluded.mastery`, lastAssessedAt: sql`excluded.last_assessed_at` },
    });
}

/** Submits the caller's attempt once: scores it, and records assessment_submitted in the same transaction. */
export async function submitAttempt(claims: SessionClaims, input: Org & { attemptId: string }, db?: Database) {
  const checked = await withUserDb(claims, (tx) => requireMyAttempt(tx, { ...input, userId: claims.sub }), {}, db);
  if (checked.status !== "in_progress") throw conflict("This attempt was already submitted");
  return withServiceDb(
    "learners cannot read question_keys; the attempt was checked under RLS to be the caller's and open, and is re-checked under lock",
    async (tx) => {
      const { attempt, assessment, answerRows, result } = await scoreLocked(tx, checked.id);
      if (attempt.userId !== claims.sub || attempt.status !== "in_progress") throw conflict("This attempt was already submitted");
      // Answers saved before the deadline count; submitting late only closes the attempt.
      await tx.update(assessmentAttempts).set({ submittedAt: sql`now()` }).where(eq(assessmentAttempts.id, attempt.id));
      await writeScore(tx, attempt, answerRows, result);
      const seconds = Math.round((Date.now() - attempt.startedAt.getTime()) / 1000);
      await recordEventInServiceTx(tx, {
        userId: attempt.userId,
        organizationId: attempt.organizationId,
        type: "assessment_submitted",
        idempotencyKey: `assessment_submitted:${attempt.id}`,
        courseId: assessment.courseId,
        assessmentId: assessment.id,
        score: result.score ?? undefined,
        durationSeconds: Math.min(Math.max(seconds, 0), 86_400),
        context: { attemptId: attempt.id, status: result.status, passed: result.passed },
      });
      return { attemptId: attempt.id, status: result.status, score: result.score, bracketKey: result.bracketKey, passed: result.passed };
    },
    db,
  );
}

// ---------------------------------------------------------------------------
// Trainer review
// ---------------------------------------------------------------------------
/**
 * The answer to grade, read under RLS as the grader, and the grader's right:
 * a trainer of a cohort of the assessment's course in which the learner is
 * enrolled, or a holder of cohorts.view_all (org admins).
 */
export async function checkGrader(claims: SessionClaims, input: Org & { answerId: string }, db?: Database) {
  const checked = await withUserDb(
    claims,
    async (tx) => {
      const [row] = await tx
        .select({
          answerId: answers.id,
          attemptId: answers.attemptId,
          learnerId: answers.userId,
          pointsAwarded: answers.pointsAwarded,
          gradedAt: answers.gradedAt,
          kind: questions.kind,
          maxPoints: questions.points,
          status: assessmentAttempts.status,
          courseId: assessments.courseId,
          assessmentTitle: assessments.title,
        })
        .from(answers)
        .innerJoin(questions, eq(questions.id, answers.questionId))
        .innerJoin(assessmentAttempts, eq(assessmentAttempts.id, answers.attemptId))
        .innerJoin(assessments, eq(assessments.id, assessmentAttempts.assessmentId))
        .where(and(eq(answers.id, input.answerId), eq(answers.organizationId, input.organizationId)));
      if (!row) throw notFound("That answer");
      // taught_cohort_ids(): cohorts the caller teaches while still allowed to
      // view cohorts in their organization (not after a removal or demotion).
      const [allowed] = await tx.execute<{ ok: boolean }>(sql`
        select public.has_permission(${input.organizationId}::uuid, 'cohorts.view_all') or exists (
          select 1 from public.cohorts c
          join public.enrollments e on e.cohort_id = c.id
          where c.id in (select public.taught_cohort_ids())
            and e.user_id = ${row.learnerId}::uuid and c.course_id = ${row.courseId}::uuid
        ) as ok`);
      if (!allowed.ok) throw forbidden("Only a trainer of this learner's cohort can grade this answer");
      return row;
    },
    {},
    db,
  );
  if (checked.learnerId === claims.sub) throw forbidden("You cannot grade your own answer");
  if (checked.kind !== "free_text") throw badRequest("Only free-text answers are graded by a trainer; the others are scored automatically");
  if (checked.status === "in_progress") throw conflict("The learner has not submitted this attempt yet");
  return checked;
}

/**
 * Grades a free-text answer (points and feedback). Allowed to a trainer of a
 * cohort of the assessment's course in which the learner is enrolled, and to
 * holders of cohorts.view_all (org admins). When it was the last answer
 * waiting, the attempt gets its final score, bracket and the learner's
 * mastery. The learner is notified, with a link to the attempt. A grade given
 * already is corrected with regradeAnswer (db/queries/regrade.ts).
 */
export async function gradeAnswer(
  claims: SessionClaims,
  input: Org & { answerId: string; points: number; feedback: string },
  db?: Database,
) {
  const checked = await checkGrader(claims, input, db);
  if (checked.status === "graded") throw conflict("This attempt already has its final score");
  if (input.points > checked.maxPoints) throw badRequest(`Award between 0 and ${checked.maxPoints} points`, { points: [`At most ${checked.maxPoints}`] });

  return withServiceDb(
    "answers' grades, attempt scores, mastery and notifications are not writable by users; the grader's right was checked under RLS",
    async (tx) => {
      const [locked] = await tx
        .select({ status: assessmentAttempts.status })
        .from(assessmentAttempts)
        .where(eq(assessmentAttempts.id, checked.attemptId))
        .for("update");
      if (locked.status !== "submitted") throw conflict("This attempt already has its final score");
      await tx
        .update(answers)
        .set({ pointsAwarded: input.points, feedback: input.feedback || null, gradedBy: claims.sub, gradedAt: sql`now()` })
        .where(eq(answers.id, checked.answerId));
      const { attempt, assessment, answerRows, result } = await scoreLocked(tx, checked.attemptId);
      await writeScore(tx, attempt, answerRows, result);
      if (result.status === "graded" && result.score !== null) {
        await recordEventInServiceTx(tx, {
          userId: attempt.userId,
          organizationId: attempt.organizationId,
          type: "assessment_graded",
          idempotencyKey: `assessment_graded:${attempt.id}`,
          courseId: assessment.courseId,
          assessmentId: assessment.id,
          score: result.score,
          context: { attemptId: attempt.id, passed: result.passed },
        });
      }
      const outcome = result.status === "graded" ? ` Your final score is ${result.score} (${result.passed ? "passed" : "not passed"}).` : "";
      await tx.insert(notifications).values({
        organizationId: attempt.organizationId,
        userId: attempt.userId,
        type: "learning.answer_graded",
        title: `Your answer in "${checked.assessmentTitle}" was graded`.slice(0, 200),
        body: `${input.points} of ${checked.maxPoints} points.${outcome}${input.feedback ? ` Feedback: ${input.feedback}` : ""}`.slice(0, 2000),
        linkPath: attemptLink(attempt.id),
      });
      return { attemptId: attempt.id, status: result.status, score: result.score, passed: result.passed };
    },
    db,
  );
}
