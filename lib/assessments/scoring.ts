// Scoring an assessment attempt: a pure function of the questions, their
// answer keys, the learner's responses and any trainer grades. The database
// code (db/queries/attempts.ts) loads these, calls scoreAttempt and writes the
// result back in one transaction.
//
// Rules:
//   single_choice    full points when the chosen option is the key's option.
//   multiple_choice  all-or-nothing: full points only when the chosen set equals
//                    the key's set exactly (no partial credit).
//   numeric          full points when |response − value| ≤ tolerance (tolerance
//                    defaults to 0; a 1e-9 slack absorbs binary float error).
//   free_text        points awarded by a trainer (0 … points); pending until then.
//                    An empty response needs no grading: 0 points.
// An unanswered question scores 0. While any free-text answer is pending the
// attempt is 'submitted' with no score; once all are graded it is 'graded' with
//   score  = awarded / total × 100, rounded half-up to 2 decimals (0–100),
//   bracket = the bracket with the greatest min_score ≤ score,
//   passed = score ≥ pass_mark.
import type { QuestionKind } from "@/db/schema/learning";

export type AnswerKey =
  | { option: string }
  | { options: string[] }
  | { value: number; tolerance?: number }
  | { rubric: string };

export type Response = { option?: unknown; options?: unknown; value?: unknown; text?: unknown };

export interface ScoringQuestion {
  id: string;
  kind: QuestionKind;
  points: number;
  skillId: string | null;
  key: AnswerKey;
}

export interface Bracket {
  key: string;
  minScore: number;
}

export interface ScoredAnswer {
  questionId: string;
  /** null while a free-text answer waits for a trainer. */
  isCorrect: boolean | null;
  pointsAwarded: number | null;
}

export interface AttemptScore {
  answers: ScoredAnswer[];
  status: "submitted" | "graded";
  awarded: number;
  total: number;
  score: number | null;
  bracketKey: string | null;
  passed: boolean | null;
  /** Per skill of the questions: score 0–100 on that skill's questions; only when graded. */
  skillScores: Map<string, number>;
}

const NUMERIC_SLACK = 1e-9;

/** Points in hundredths, so sums are exact (points are numeric(6,2)). */
const cents = (points: number) => Math.round(points * 100);

/** awarded / total × 100 rounded half-up to 2 decimals, computed on hundredths of points. */
export function percentage(awarded: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((cents(awarded) * 10_000) / cents(total)) / 100;
}

/** The bracket with the greatest min_score ≤ score. */
export function bracketFor(score: number, brackets: readonly Bracket[]): string | null {
  let best: Bracket | null = null;
  for (const bracket of brackets) {
    if (bracket.minScore <= score && (!best || bracket.minScore > best.minScore)) best = bracket;
  }
  return best?.key ?? null;
}

function isBlank(response: Response | undefined): boolean {
  if (!response) return true;
  if (typeof response.text === "string") return response.text.trim() === "";
  if (Array.isArray(response.options)) return response.options.length === 0;
  return response.option == null && response.value == null;
}

/** Whether an automatically graded response is correct. */
export function isCorrectResponse(question: Pick<ScoringQuestion, "kind" | "key">, response: Response | undefined): boolean {
  if (!response) return false;
  const key = question.key;
  switch (question.kind) {
    case "single_choice":
      return "option" in key && typeof response.option === "string" && response.option === key.option;
    case "multiple_choice": {
      if (!("options" in key) || !Array.isArray(response.options)) return false;
      const chosen = new Set(response.options.filter((option): option is string => typeof option === "string"));
      const expected = new Set(key.options);
      return chosen.size === expected.size && [...expected].every((option) => chosen.has(option));
    }
    case "numeric": {
      if (!("value" in key)) return false;
      const value = typeof response.value === "number" ? response.value : Number.NaN;
      if (!Number.isFinite(value)) return false;
      return Math.abs(value - key.value) <= (key.tolerance ?? 0) + NUMERIC_SLACK;
    }
    case "free_text":
      return false;
  }
}

export function scoreAttempt(input: {
  questions: readonly ScoringQuestion[];
  responses: ReadonlyMap<string, Response>;
  /** Trainer grades of free-text answers (points awarded), by question id. */
  grades: ReadonlyMap<string, number>;
  passMark: number;
  brackets: readonly Bracket[];
}): AttemptScore {
  const answers: ScoredAnswer[] = [];
  const perSkill = new Map<string, { awarded: number; total: number }>();
  let awarded = 0;
  let total = 0;
  let pending = false;

  for (const question of input.questions) {
    const response = input.responses.get(question.id);
    let points: number | null;
    let isCorrect: boolean | null;
    if (question.kind === "free_text") {
      const grade = input.grades.get(question.id);
      if (grade !== undefined) {
        points = Math.min(Math.max(grade, 0), question.points);
        isCorrect = cents(points) === cents(question.points);
      } else if (isBlank(response)) {
        points = 0;
        isCorrect = false;
      } else {
        points = null;
        isCorrect = null;
        pending = true;
      }
    } else {
      isCorrect = isCorrectResponse(question, response);
      points = isCorrect ? question.points : 0;
    }
    answers.push({ questionId: question.id, isCorrect, pointsAwarded: points });
    total += question.points;
    awarded += points ?? 0;
    if (question.skillId) {
      const skill = perSkill.get(question.skillId) ?? { awarded: 0, total: 0 };
      skill.awarded += points ?? 0;
      skill.total += question.points;
      perSkill.set(question.skillId, skill);
    }
  }

  if (pending) {
    return { answers, status: "submitted", awarded, total, score: null, bracketKey: null, passed: null, skillScores: new Map() };
  }
  const score = percentage(awarded, total);
  return {
    answers,
    status: "graded",
    awarded,
    total,
    score,
    bracketKey: bracketFor(score, input.brackets),
    passed: score >= input.passMark,
    skillScores: new Map([...perSkill].map(([skillId, s]) => [skillId, percentage(s.awarded, s.total)])),
  };
}

/**
 * A learner's mastery of a skill after a graded attempt: an exponential moving
 * average that weighs the newest evidence most,
 *   mastery_new = 0.6 × attempt_skill_score + 0.4 × mastery_old   (0–100),
 * and the attempt's skill score itself on the first assessment of that skill.
 * attempt_skill_score = points awarded on the attempt's questions of that
 * skill / their points × 100.
 */
export function nextMastery(previous: number | null, attemptSkillScore: number): number {
  if (previous === null) return attemptSkillScore;
  return Math.round((0.6 * attemptSkillScore + 0.4 * previous) * 100) / 100;
}
