// The demo/benchmark generator is a pure function of its input: the same seed
// gives the same data, another seed other data, and what it generates is
// consistent with itself and with the app's rules.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_BRACKETS, DEMO_SIZE, SMALL_SIZE, generateOrgData, personaOf, type GeneratorInput, type OrgData } from "@/lib/demo/generator";
import { bracketFor } from "@/lib/assessments/scoring";
import { EVENT_SCHEMAS } from "@/lib/events/types";
import { createRandom, deriveSeed, sfc32 } from "@/lib/demo/prng";

const person = (prefix: string, i: number) => `00000000-0000-4000-8000-${prefix}${String(i).padStart(11, "0")}`;
const input = (seed: number, overrides: Partial<GeneratorInput> = {}): GeneratorInput => ({
  seed,
  size: DEMO_SIZE,
  authorId: person("a", 0),
  trainerIds: [person("b", 1), person("b", 2)],
  learnerIds: Array.from({ length: 150 }, (_, i) => person("c", i)),
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

  // Compared as JSON (dates as ISO strings): a deep toEqual of 100k+ events takes seconds.
  const fingerprint = (data: OrgData) => createHash("sha256").update(JSON.stringify(data)).digest("hex");

  it("gives the same data for the same seed", () => {
    const again = generateOrgData(input(42));
    expect(again.events.length).toBe(first.events.length);
    expect(fingerprint(again)).toBe(fingerprint(first));
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

  it("has both trainers teach several cohorts, every learner enrolled, and cohorts big enough for peer comparison", () => {
    expect(first.cohorts).toHaveLength(DEMO_SIZE.cohorts);
    const [trainer1, trainer2] = input(42).trainerIds;
    const taughtBy = (trainer: string) => new Set(first.cohortTrainers.filter((t) => t.userId === trainer).map((t) => t.cohortId));
    expect(taughtBy(trainer1).size).toBeGreaterThanOrEqual(2);
    expect(taughtBy(trainer2).size).toBeGreaterThanOrEqual(2);
    expect(new Set(first.enrollments.map((e) => e.userId))).toEqual(new Set(input(42).learnerIds));
    const learnersOf = (cohorts: Set<string>) => new Set(first.enrollments.filter((e) => cohorts.has(e.cohortId)).map((e) => e.userId));
    // A cohort of trainer2 has learners trainer1 does not teach at all.
    const ofTrainer1 = learnersOf(taughtBy(trainer1));
    const onlyTrainer2 = [...taughtBy(trainer2)].filter((cohort) => [...learnersOf(new Set([cohort]))].some((learner) => !ofTrainer1.has(learner)));
    expect(onlyTrainer2.length).toBeGreaterThan(0);
    const sizes = first.cohorts.map((cohort) => first.enrollments.filter((e) => e.cohortId === cohort.id).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
  });

  it("keeps every time inside the history and every event valid for its type", () => {
    const end = input(42).endAt.getTime();
    const start = end - DEMO_SIZE.days * 86_400_000;
    const outside = first.events.filter((event) => event.occurredAt.getTime() < start || event.occurredAt.getTime() > end);
    expect(outside).toEqual([]);
    // Every event of the rarer types, and every 20th heartbeat (90% of the stream, all made by one line of code), against its schema.
    const checked = first.events.filter((event, i) => event.type !== "session_heartbeat" || i % 20 === 0);
    const invalid = checked.filter((event) => !EVENT_SCHEMAS[event.type].safeParse(event).success);
    expect(invalid).toEqual([]);
    expect(new Set(first.events.map((e) => e.idempotencyKey)).size).toBe(first.events.length);
  });

  it("gives the demo size ≥ 100k events over ≥ 183 days, of every activity type", () => {
    expect(first.events.length).toBeGreaterThanOrEqual(100_000);
    const span = first.events[first.events.length - 1].occurredAt.getTime() - first.events[0].occurredAt.getTime();
    expect(span / 86_400_000).toBeGreaterThanOrEqual(183);
    const types = new Set(first.events.map((e) => e.type));
    expect(types).toEqual(new Set(Object.keys(EVENT_SCHEMAS)));
    // Engagement by type differs between learners: the share of reviews among a learner's content events varies.
    const share = first.learners.map(({ userId }) => {
      const mine = first.events.filter((e) => e.userId === userId && (e.type === "content_viewed" || e.type === "lesson_started"));
      return mine.filter((e) => e.type === "content_viewed").length / Math.max(1, mine.length);
    });
    expect(Math.max(...share) - Math.min(...share)).toBeGreaterThan(0.4);
  });

  it("writes one event per recorded action, with the app's idempotency keys", () => {
    const keys = new Set(first.events.map((e) => e.idempotencyKey));
    for (const progress of first.lessonProgress) {
      expect(keys.has(`lesson_started:${progress.userId}:${progress.lessonId}`)).toBe(true);
      if (progress.completedAt) expect(keys.has(`lesson_completed:${progress.userId}:${progress.lessonId}`)).toBe(true);
    }
    for (const attempt of first.attempts) expect(keys.has(`assessment_submitted:${attempt.id}`)).toBe(true);
    for (const done of first.taskCompletions) expect(keys.has(`task_completed:${done.userId}:${done.taskId}`)).toBe(true);
    // …and no event without its row: lesson and assessment events name real progress rows and attempts.
    const completed = new Set(first.lessonProgress.filter((p) => p.completedAt).map((p) => `lesson_completed:${p.userId}:${p.lessonId}`));
    const attempts = new Map(first.attempts.map((a) => [a.id, a]));
    for (const event of first.events) {
      if (event.type === "lesson_completed") expect(completed.has(event.idempotencyKey)).toBe(true);
      if (event.type === "assessment_submitted") expect(attempts.get(String(event.context?.attemptId))?.userId).toBe(event.userId);
      // A trainer's grade: the attempt's final score, after it was submitted.
      if (event.type === "assessment_graded") {
        const attempt = attempts.get(event.idempotencyKey.slice("assessment_graded:".length))!;
        expect([attempt.status, attempt.score]).toEqual(["graded", event.score]);
        expect(event.occurredAt.getTime()).toBeGreaterThan(attempt.submittedAt.getTime());
      }
    }
  });

  it("answers questions of different difficulty, the harder ones right more often by stronger learners (item difficulty and discrimination are recoverable)", () => {
    const scored = first.answers.filter((a) => a.isCorrect !== null);
    const byQuestion = new Map<string, typeof scored>();
    for (const answer of scored) byQuestion.set(answer.questionId, [...(byQuestion.get(answer.questionId) ?? []), answer]);
    const pValues = [...byQuestion.values()].map((list) => list.filter((a) => a.isCorrect).length / list.length);
    expect(Math.min(...pValues)).toBeLessThan(0.3);
    expect(Math.max(...pValues)).toBeGreaterThan(0.75);
    // Upper/lower 27% by attempt score: the upper group answers (nearly) every question right more often.
    const attemptScore = new Map(first.attempts.filter((a) => a.score !== null).map((a) => [a.id, a.score!]));
    let discriminating = 0;
    for (const list of byQuestion.values()) {
      const ranked = list.filter((a) => attemptScore.has(a.attemptId)).sort((x, y) => attemptScore.get(x.attemptId)! - attemptScore.get(y.attemptId)!);
      const k = Math.floor(ranked.length * 0.27);
      const rate = (group: typeof ranked) => group.filter((a) => a.isCorrect).length / group.length;
      if (rate(ranked.slice(-k)) - rate(ranked.slice(0, k)) > 0.2) discriminating += 1;
    }
    expect(discriminating / byQuestion.size).toBeGreaterThan(0.8);
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

  describe("personas, by construction", () => {
    const end = input(42).endAt.getTime();
    const daysAgo = (at: Date) => (end - at.getTime()) / 86_400_000;
    const eventsOf = (data: OrgData, userId: string) => data.events.filter((e) => e.userId === userId);
    const meanScore = (userId: string) => {
      const scores = first.attempts.filter((a) => a.userId === userId && a.score !== null).map((a) => a.score!);
      return scores.reduce((sum, x) => sum + x, 0) / scores.length;
    };
    const of = (persona: string) => first.learners.filter((l) => l.persona === persona);

    it("puts one learner of each special persona in every cohort", () => {
      for (const cohort of first.cohorts) {
        const personas = new Set(first.learners.filter((l) => l.cohortId === cohort.id).map((l) => l.persona));
        expect(personas).toEqual(new Set(["high_potential", "at_risk", "streaker", "declining", "regular"]));
      }
      expect(first.learners.map((l) => l.persona)).toEqual(input(42).learnerIds.map((_, i) => personaOf(i, DEMO_SIZE.cohorts)));
    });

    it("at-risk learners went quiet 2–4 weeks ago, with low progress and missed due dates", () => {
      const atRisk = of("at_risk");
      expect(atRisk.length).toBeGreaterThanOrEqual(10);
      for (const { userId } of atRisk) {
        const last = eventsOf(first, userId).at(-1)!;
        expect(daysAgo(last.occurredAt)).toBeGreaterThanOrEqual(14);
        expect(daysAgo(last.occurredAt)).toBeLessThanOrEqual(29);
        for (const enrollment of first.enrollments.filter((e) => e.userId === userId)) {
          const lessons = first.lessons.filter((l) => l.courseId === enrollment.courseId).length;
          const done = first.lessonProgress.filter((p) => p.userId === userId && p.courseId === enrollment.courseId && p.completedAt).length;
          expect(done).toBeLessThanOrEqual(lessons / 2);
        }
      }
      // Cohorts that ended (or end within a week) hold at-risk learners who did not finish.
      const endingBy = new Date(end + 7 * 86_400_000).toISOString().slice(0, 10);
      const missed = first.enrollments.filter((e) => atRisk.some((l) => l.userId === e.userId) && e.dueOn <= endingBy);
      expect(missed.length).toBeGreaterThanOrEqual(5);
    });

    it("high-potential learners score high, learn fast and are active to the end; declining learners' scores fall", () => {
      const high = of("high_potential");
      const regular = of("regular");
      const mean = (list: { userId: string }[]) => list.map((l) => meanScore(l.userId)).filter((x) => !Number.isNaN(x)).reduce((sum, x, _, all) => sum + x / all.length, 0);
      expect(mean(high)).toBeGreaterThan(mean(regular) + 10);
      const lessonsDone = (list: { userId: string }[]) => first.lessonProgress.filter((p) => p.completedAt && list.some((l) => l.userId === p.userId)).length / list.length;
      expect(lessonsDone(high)).toBeGreaterThan(1.5 * lessonsDone(regular));
      for (const { userId } of high) expect(daysAgo(eventsOf(first, userId).at(-1)!.occurredAt)).toBeLessThan(7);
      // Declining learners' scores fall: pooled, their attempts of the history's second half score well below those of its first half.
      const declining = new Set(of("declining").map((l) => l.userId));
      const middle = end - (DEMO_SIZE.days / 2) * 86_400_000;
      const half = (late: boolean) => first.attempts.filter((a) => declining.has(a.userId) && a.score !== null && a.submittedAt.getTime() >= middle === late).map((a) => a.score!);
      const average = (scores: number[]) => scores.reduce((sum, x) => sum + x, 0) / scores.length;
      expect(average(half(true))).toBeLessThan(average(half(false)) - 10);
    });

    it("streakers are active every day of their last 45+ days", () => {
      for (const { userId } of of("streaker")) {
        const days = new Set(eventsOf(first, userId).map((e) => e.occurredAt.toISOString().slice(0, 10)));
        let day = end - (days.has(new Date(end).toISOString().slice(0, 10)) ? 0 : 86_400_000);
        let streak = 0;
        while (days.has(new Date(day).toISOString().slice(0, 10))) {
          streak += 1;
          day -= 86_400_000;
        }
        expect(streak).toBeGreaterThanOrEqual(45);
      }
    });

    it("gives learners goals needing skills, some beyond their courses (skill gaps)", () => {
      const courseSkillsOf = (userId: string) => {
        const courses = new Set(first.enrollments.filter((e) => e.userId === userId).map((e) => e.courseId));
        return new Set(first.courseSkills.filter((cs) => courses.has(cs.courseId)).map((cs) => cs.skillId));
      };
      const beyond = first.goalSkills.filter((gs) => !courseSkillsOf(gs.userId).has(gs.skillId));
      expect(beyond.length).toBeGreaterThan(10);
      const mastered = new Set(first.userSkills.map((s) => `${s.userId}:${s.skillId}`));
      expect(first.goalSkills.filter((gs) => !mastered.has(`${gs.userId}:${gs.skillId}`)).length).toBeGreaterThan(10);
    });
  });

  it("sizes: a small organization gets one course and one cohort", () => {
    const small = generateOrgData(input(7, { size: SMALL_SIZE, trainerIds: [person("b", 1)], learnerIds: [person("c", 1), person("c", 2), person("c", 3)] }));
    expect(small.courses).toHaveLength(1);
    expect(small.cohorts).toHaveLength(1);
    expect(small.enrollments).toHaveLength(3);
  });
});
