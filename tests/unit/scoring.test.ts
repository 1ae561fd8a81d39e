// Assessment scoring on hand-computed cases: every question kind, the
// pass-mark edge, and the bracket boundaries of the seeds' 0–5 scale.
import { describe, expect, it } from "vitest";
import {
  bracketFor,
  nextMastery,
  percentage,
  scoreAttempt,
  type Response,
  type ScoringQuestion,
} from "@/lib/assessments/scoring";

// The brackets as the learning migration inserts them (key, min_score).
const BRACKETS = [
  { key: "score_1", minScore: 0 },
  { key: "score_1_5", minScore: 30 },
  { key: "score_2", minScore: 40 },
  { key: "score_2_5", minScore: 50 },
  { key: "score_3", minScore: 60 },
  { key: "score_3_5", minScore: 70 },
  { key: "score_4", minScore: 80 },
  { key: "score_4_5", minScore: 90 },
  { key: "score_5", minScore: 97 },
];

const single: ScoringQuestion = { id: "q1", kind: "single_choice", points: 2, skillId: "s1", key: { option: "b" } };
const multiple: ScoringQuestion = { id: "q2", kind: "multiple_choice", points: 3, skillId: "s1", key: { options: ["a", "c"] } };
const numeric: ScoringQuestion = { id: "q3", kind: "numeric", points: 1, skillId: "s2", key: { value: 42, tolerance: 0.5 } };
const text: ScoringQuestion = { id: "q4", kind: "free_text", points: 4, skillId: null, key: { rubric: "Names two causes" } };

function score(questions: ScoringQuestion[], responses: Record<string, Response>, grades: Record<string, number> = {}, passMark = 60) {
  return scoreAttempt({
    questions,
    responses: new Map(Object.entries(responses)),
    grades: new Map(Object.entries(grades)),
    passMark,
    brackets: BRACKETS,
  });
}

describe("single choice", () => {
  it("gives full points for the key's option and none otherwise", () => {
    expect(score([single], { q1: { option: "b" } }).answers).toEqual([{ questionId: "q1", isCorrect: true, pointsAwarded: 2 }]);
    expect(score([single], { q1: { option: "a" } }).answers).toEqual([{ questionId: "q1", isCorrect: false, pointsAwarded: 0 }]);
    expect(score([single], { q1: { option: ["b"] } }).answers[0].isCorrect).toBe(false);
    expect(score([single], {}).answers[0]).toEqual({ questionId: "q1", isCorrect: false, pointsAwarded: 0 });
  });
});

describe("multiple choice (all-or-nothing)", () => {
  it.each([
    [["a", "c"], true],
    [["c", "a"], true],
    [["a"], false],
    [["a", "b", "c"], false],
    [[], false],
  ])("%j → %s", (options, correct) => {
    const result = score([multiple], { q2: { options } });
    expect(result.answers[0]).toEqual({ questionId: "q2", isCorrect: correct, pointsAwarded: correct ? 3 : 0 });
  });
});

describe("numeric with tolerance", () => {
  it.each([
    [42, true],
    [41.5, true],
    [42.5, true],
    [41.49, false],
    [42.51, false],
    ["42", false],
  ])("%j against 42 ± 0.5 → %s", (value, correct) => {
    expect(score([numeric], { q3: { value } }).answers[0].isCorrect).toBe(correct);
  });

  it("needs an exact value without a tolerance, up to float error", () => {
    const exact: ScoringQuestion = { id: "q", kind: "numeric", points: 1, skillId: null, key: { value: 0.3 } };
    expect(score([exact], { q: { value: 0.1 + 0.2 } }).answers[0].isCorrect).toBe(true);
    expect(score([exact], { q: { value: 0.31 } }).answers[0].isCorrect).toBe(false);
  });
});

describe("free text graded by a trainer", () => {
  it("keeps the attempt 'submitted' without a score while an answer waits for grading", () => {
    const result = score([single, text], { q1: { option: "b" }, q4: { text: "Inflation and demand" } });
    expect(result).toMatchObject({ status: "submitted", score: null, bracketKey: null, passed: null, awarded: 2, total: 6 });
    expect(result.answers[1]).toEqual({ questionId: "q4", isCorrect: null, pointsAwarded: null });
  });

  it("finalises with the trainer's points: (2 + 3) / 6 = 83.33", () => {
    const result = score([single, text], { q1: { option: "b" }, q4: { text: "Inflation" } }, { q4: 3 });
    expect(result).toMatchObject({ status: "graded", awarded: 5, total: 6, score: 83.33, bracketKey: "score_4", passed: true });
    expect(result.answers[1]).toEqual({ questionId: "q4", isCorrect: false, pointsAwarded: 3 });
    expect(score([text], { q4: { text: "x" } }, { q4: 4 }).answers[0].isCorrect).toBe(true);
  });

  it("scores an empty answer 0 without waiting for a trainer", () => {
    expect(score([text], { q4: { text: "   " } })).toMatchObject({ status: "graded", score: 0, bracketKey: "score_1", passed: false });
    expect(score([text], {})).toMatchObject({ status: "graded", score: 0 });
  });
});

describe("the whole attempt", () => {
  it("adds points over every kind: 2 + 0 + 1 + 2.5 of 10 = 55", () => {
    const result = score(
      [single, multiple, numeric, text],
      { q1: { option: "b" }, q2: { options: ["a"] }, q3: { value: 41.8 }, q4: { text: "…" } },
      { q4: 2.5 },
    );
    expect(result).toMatchObject({ status: "graded", awarded: 5.5, total: 10, score: 55, bracketKey: "score_2_5", passed: false });
    // Skill s1: q1 2/2 + q2 0/3 = 40; s2: q3 1/1 = 100; q4 has no skill.
    expect(Object.fromEntries(result.skillScores)).toEqual({ s1: 40, s2: 100 });
  });

  it("rounds to 2 decimals: 1 of 3 = 33.33, 2 of 3 = 66.67", () => {
    const q = (id: string): ScoringQuestion => ({ id, kind: "single_choice", points: 1, skillId: null, key: { option: "a" } });
    expect(score([q("a"), q("b"), q("c")], { a: { option: "a" } }).score).toBe(33.33);
    expect(score([q("a"), q("b"), q("c")], { a: { option: "a" }, b: { option: "a" } }).score).toBe(66.67);
  });

  it("passes exactly at the pass mark and fails just below it", () => {
    const graded = (awarded: number) => score([text], { q4: { text: "answer" } }, { q4: awarded }, 75);
    expect(graded(3)).toMatchObject({ score: 75, passed: true });
    expect(graded(2.99)).toMatchObject({ score: 74.75, passed: false });
    const hundred: ScoringQuestion = { id: "h", kind: "free_text", points: 100, skillId: null, key: { rubric: "r" } };
    expect(score([hundred], { h: { text: "a" } }, { h: 59.99 }, 60)).toMatchObject({ score: 59.99, passed: false });
    expect(score([hundred], { h: { text: "a" } }, { h: 60 }, 60)).toMatchObject({ score: 60, passed: true });
    expect(score([hundred], { h: { text: "a" } }, { h: 0 }, 0)).toMatchObject({ score: 0, passed: true });
  });

  it("caps a trainer's grade at the question's points", () => {
    expect(score([text], { q4: { text: "a" } }, { q4: 9 }).answers[0].pointsAwarded).toBe(4);
  });
});

describe("brackets", () => {
  it.each([
    [0, "score_1"],
    [29.99, "score_1"],
    [30, "score_1_5"],
    [59.99, "score_2_5"],
    [60, "score_3"],
    [96.99, "score_4_5"],
    [97, "score_5"],
    [100, "score_5"],
  ])("%d → %s", (value, key) => {
    expect(bracketFor(value, BRACKETS)).toBe(key);
  });

  it("reaches the boundaries through scoring: 29.99 / 30 / 96.99 / 97 / 100 of 100 points", () => {
    const hundred: ScoringQuestion = { id: "h", kind: "free_text", points: 100, skillId: null, key: { rubric: "r" } };
    const at = (points: number) => score([hundred], { h: { text: "a" } }, { h: points }).bracketKey;
    expect([at(29.99), at(30), at(96.99), at(97), at(100), at(0)]).toEqual([
      "score_1",
      "score_1_5",
      "score_4_5",
      "score_5",
      "score_5",
      "score_1",
    ]);
  });

  it("has no bracket when none starts low enough", () => {
    expect(bracketFor(10, [{ key: "x", minScore: 50 }])).toBeNull();
  });
});

describe("percentage and mastery", () => {
  it("computes on hundredths of points", () => {
    expect(percentage(0.1 + 0.2, 0.6)).toBe(50);
    expect(percentage(2999, 10000)).toBe(29.99);
    expect(percentage(0, 0)).toBe(0);
  });

  it("mastery is the first skill score, then 0.6 × new + 0.4 × old", () => {
    expect(nextMastery(null, 40)).toBe(40);
    expect(nextMastery(40, 100)).toBe(76);
    expect(nextMastery(76, 0)).toBe(30.4);
    expect(nextMastery(33.33, 66.67)).toBe(53.33);
  });
});
