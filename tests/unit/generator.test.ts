// The demo/benchmark generator is a pure function of its input: the same seed
// gives the same data, another seed other data, and what it generates is
// consistent with itself and with the app's rules.
import { describe, expect, it } from "vitest";
import { DEFAULT_BRACKETS, DEMO_SIZE, SMALL_SIZE, generateOrgData, type GeneratorInput } from "@/lib/demo/generator";
import { bracketFor } from "@/lib/assessments/scoring";
import { EVENT_SCHEMAS } from "@/lib/events/types";
import { createRandom, deriveSeed, sfc32 } from "@/lib/demo/prng";

const person = (prefix: string, i: number) => `00000000-0000-4000-8000-${prefix}${String(i).padStart(11, "0")}`;
const input = (seed: number, overrides: Partial<GeneratorInput> = {}): GeneratorInput => ({
  seed,
  size: DEMO_SIZE,
  authorId: person("a", 0),
  trainerIds: [person("b", 1), person("b", 2)],
  learnerIds: Array.from({ length: 20 }, (_, i) => person("c", i)),
  endAt: new Date("2026-11-22T12:00:00Z"),
  ...overrides,
});

describe("the PRNG", () => {
  it("sfc32 is reproducible and uniform enough", () => {
    const a = sfc32(deriveSeed(1));
    const b = sfc32(deriveSeed(1));
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it("draws valid, distinct version-4 UUIDs", () => {
    const random = createRandom(deriveSeed(5, "ids"));
    const ids = Array.from({ length: 2_000 }, () => random.uuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  // Regression: with mulberry32 (one 32-bit counter of state) the streams of a
  // 100-organization data set overlapped — the same draws a few steps apart —
  // and the generator produced duplicate goal ids. No stream's first 64 draws
  // may reappear anywhere in another's.
  it("gives the streams of many organizations' learners no common stretch of draws", () => {
    const seen = new Set<number>();
    let shared = 0;
    for (let org = 0; org < 100; org++) {
      for (let learner = 0; learner < 100; learner++) {
        const random = createRandom(deriveSeed(20261122 + org, "learner", learner));
        const words = Array.from({ length: 65 }, () => random.next() * 2 ** 32);
        const pairs = new Set<number>();
        // Two consecutive draws as one 53-bit key: random keys collide with negligible probability.
        for (let k = 0; k < 64; k++) pairs.add(words[k] * 2 ** 21 + Math.floor(words[k + 1] / 2 ** 11));
        for (const pair of pairs) {
          if (seen.has(pair)) shared += 1;
          else seen.add(pair);
        }
      }
    }
    expect(shared).toBe(0);
  });

  it("derives different streams for different labels and seeds, and the same for the same", () => {
    expect(deriveSeed(1, "learner", 2)).toEqual(deriveSeed(1, "learner", 2));
    expect(deriveSeed(1, "learner", 2)).not.toEqual(deriveSeed(2, "learner", 2));
    expect(deriveSeed(1, "learner", 12)).not.toEqual(deriveSeed(1, "learner1", 2));
  });
});

describe("generateOrgData", () => {
  const first = generateOrgData(input(42));

  it("gives the same data for the same seed", () => {
    expect(generateOrgData(input(42))).toEqual(first);
  });

  it("gives different data for another seed", () => {
    const other = generateOrgData(input(43));
    expect(other.courses.map((c) => c.id)).not.toEqual(first.courses.map((c) => c.id));
    expect(other.events.length).not.toBe(first.events.length);
  });

  it("generates 4 published courses and a draft, with sections, Markdown lessons, skills and a question of every kind with its key", () => {
    expect(first.courses.filter((c) => c.status === "published")).toHaveLength(4);
    expect(first.courses.filter((c) => c.status === "draft")).toHaveLength(1);
    expect(first.lessons.every((l) => l.bodyMd.startsWith(`# ${l.title}\n`))).toBe(true);
    for (const assessment of first.assessments) {
      const kinds = new Set(first.questions.filter((q) => q.assessmentId === assessment.id).map((q) => q.kind));
      expect(kinds).toEqual(new Set(["single_choice", "multiple_choice", "numeric", "free_text"]));
    }
    expect(first.questionKeys.map((k) => k.questionId).sort()).toEqual(first.questions.map((q) => q.id).sort());
    expect(first.activities.some((a) => a.courseId === null)).toBe(true);
  });

  it("has both trainers teach and every learner enrolled", () => {
    expect(first.cohorts).toHaveLength(3);
    expect(new Set(first.cohortTrainers.map((t) => t.userId))).toEqual(new Set(input(42).trainerIds));
    expect(new Set(first.enrollments.map((e) => e.userId))).toEqual(new Set(input(42).learnerIds));
  });

  it("keeps every time inside the history and every event valid for its type", () => {
    const end = input(42).endAt.getTime();
    const start = end - DEMO_SIZE.days * 86_400_000;
    for (const event of first.events) {
      expect(event.occurredAt.getTime()).toBeGreaterThanOrEqual(start);
      expect(event.occurredAt.getTime()).toBeLessThanOrEqual(end);
      expect(EVENT_SCHEMAS[event.type].safeParse(event).success, event.type).toBe(true);
    }
    expect(new Set(first.events.map((e) => e.idempotencyKey)).size).toBe(first.events.length);
    expect(first.events.length).toBeGreaterThan(500);
  });

  it("writes one event per recorded action, with the app's idempotency keys", () => {
    const keys = new Set(first.events.map((e) => e.idempotencyKey));
    for (const progress of first.lessonProgress) {
      expect(keys.has(`lesson_started:${progress.userId}:${progress.lessonId}`)).toBe(true);
      if (progress.completedAt) expect(keys.has(`lesson_completed:${progress.userId}:${progress.lessonId}`)).toBe(true);
    }
    for (const attempt of first.attempts) expect(keys.has(`assessment_submitted:${attempt.id}`)).toBe(true);
    for (const done of first.taskCompletions) expect(keys.has(`task_completed:${done.userId}:${done.taskId}`)).toBe(true);
  });

  it("scores attempts as the app does: bracket and pass follow the score, pending free text has no score", () => {
    expect(first.attempts.length).toBeGreaterThan(10);
    for (const attempt of first.attempts) {
      if (attempt.status === "graded") {
        expect(attempt.bracketKey).toBe(bracketFor(attempt.score!, DEFAULT_BRACKETS));
        const passMark = first.assessments.find((a) => a.id === attempt.assessmentId)!.passMark;
        expect(attempt.passed).toBe(attempt.score! >= passMark);
      } else {
        expect([attempt.score, attempt.bracketKey, attempt.passed]).toEqual([null, null, null]);
      }
    }
    const scores = first.attempts.filter((a) => a.score !== null).map((a) => a.score!);
    expect(Math.min(...scores)).toBeLessThan(60); // some fail…
    expect(Math.max(...scores)).toBeGreaterThanOrEqual(80); // …some excel
  });

  it("sizes: a small organization gets one course and one cohort", () => {
    const small = generateOrgData(input(7, { size: SMALL_SIZE, trainerIds: [person("b", 1)], learnerIds: [person("c", 1), person("c", 2), person("c", 3)] }));
    expect(small.courses).toHaveLength(1);
    expect(small.cohorts).toHaveLength(1);
    expect(small.enrollments).toHaveLength(3);
  });
});
