// The learner dashboard's data (db/queries/dashboard-learner.ts) on the
// analytics golden data set (tests/support/analytics-golden.ts), read as the
// learners themselves through RLS after the pipeline ran as the jobs do.
// Expected numbers are worked out by hand from the golden set's comment.
import { beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { createGoldenWorld, runPipeline, utcDay, type GoldenWorld } from "../support/analytics-golden";
import { createOrg, testDb, withUserDb } from "../support/db";
import { learnerDashboard, leaderboardWidget, pickContinueLearning, weeklyActivity } from "@/db/queries/dashboard-learner";

const as = <T>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());

let w: GoldenWorld;
beforeAll(async () => {
  w = await createGoldenWorld();
  await runPipeline(w.org.id);
}, 120_000);

/** Monday (UTC) of the ISO week of D − k, as YYYY-MM-DD. */
function mondayOf(daysAgo: number): string {
  const d = new Date(`${utcDay(-daysAgo)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

describe("weekly activity", () => {
  it("12 weeks ending this week, zeros where nothing happened, L1's days summed into their weeks", async () => {
    const weeks = await as(w.l1, (tx) => weeklyActivity(tx, { organizationId: w.org.id, userId: w.l1.sub, weeks: 12 }));
    expect(weeks).toHaveLength(12);
    expect(weeks[11].week).toBe(mondayOf(0));
    // L1's rollups: D−2 30 min, 1 lesson, 14 pts; D−1 25 min, 1 lesson, 2 assessments, 50 pts; D 30 min, 0 pts.
    const expected = new Map<string, { activeMinutes: number; activeDays: number; lessonsCompleted: number; assessmentsSubmitted: number; points: number }>();
    for (const [k, minutes, lessons, assessments, points] of [[2, 30, 1, 0, 14], [1, 25, 1, 2, 50], [0, 30, 0, 0, 0]]) {
      const week = mondayOf(k);
      const e = expected.get(week) ?? { activeMinutes: 0, activeDays: 0, lessonsCompleted: 0, assessmentsSubmitted: 0, points: 0 };
      expected.set(week, { activeMinutes: e.activeMinutes + minutes, activeDays: e.activeDays + 1, lessonsCompleted: e.lessonsCompleted + lessons, assessmentsSubmitted: e.assessmentsSubmitted + assessments, points: e.points + points });
    }
    for (const row of weeks) {
      expect(row).toEqual({ week: row.week, ...(expected.get(row.week) ?? { activeMinutes: 0, activeDays: 0, lessonsCompleted: 0, assessmentsSubmitted: 0, points: 0 }) });
    }
    expect(weeks.reduce((s, r) => s + r.activeMinutes, 0)).toBe(85);
    expect(weeks.reduce((s, r) => s + r.points, 0)).toBe(64);
  });

  it("another learner's rollups are not readable (RLS): L3 asking for L1 gets only zeros", async () => {
    const weeks = await as(w.l3, (tx) => weeklyActivity(tx, { organizationId: w.org.id, userId: w.l1.sub }));
    expect(weeks.every((r) => r.activeMinutes === 0 && r.points === 0 && r.activeDays === 0)).toBe(true);
  });
});

describe("the whole dashboard as L1", () => {
  it("continue learning, points, pace, mastery, scores, gaps, goals, leaderboard, peers", async () => {
    const d = await as(w.l1, (tx) => learnerDashboard(tx, { organizationId: w.org.id, userId: w.l1.sub }));
    expect(d.hasActivity).toBe(true);
    // Lessons 1 and 2 completed → lesson 3 is next, 2 of 4.
    expect(d.continueLearning).toMatchObject({ courseId: w.courseId, lesson: { id: w.lessons[2], title: "Lesson 3" }, completedLessons: 2, lessons: 4, firstLesson: false });
    // 14 + 50 = 64 points; level 1 (level 2 at 100): 64 % of the way, 36 to go.
    expect(d.points).toMatchObject({ totalPoints: 64, level: 1, pointsToNextLevel: 36, levelProgressPercent: 64 });
    // 2 lessons in 28 days = 0.5 a week; 2 left over 2 weeks to the due date = 1 a week → behind;
    // at 0.5 a week the 2 remaining take 28 days.
    expect(d.velocity).toMatchObject({ status: "behind", lessonsPerWeek: 0.5, targetLessonsPerWeek: 1, remainingLessons: 2, estimatedCompletionOn: utcDay(28) });
    expect(d.mastery).toEqual([{ skillId: w.s1, name: "Golden S1", mastery: 76, lastAssessedAt: expect.any(Date) }]);
    // Oldest first: attempt 1 (90, passed), attempt 2 (80, passed); pass mark 60.
    expect(d.scores.map((s) => [s.attemptNumber, s.score, s.passed, s.passMark])).toEqual([[1, 90, true, 60], [2, 80, true, 60]]);
    // S1 (the course's) is at 76 ≥ 70: no gap. S2 (the goal's) at 0: gap 70, critical (< 40),
    // closed by lesson 4, the first lesson tagged S2 that L1 has not completed.
    expect(d.skillGaps).toEqual([
      { skillId: w.s2, name: "Golden S2", mastery: 0, target: 70, gap: 70, critical: true, lesson: { id: w.lessons[3], title: "Lesson 4", courseId: w.courseId } },
    ]);
    expect(d.goals).toEqual([{ id: expect.any(String), title: "Learn S2", targetDate: null, progress: 0, status: "active", skills: ["Golden S2"] }]);
    // Week: L1 64 (sees their own row despite being anonymous to others), L3 3; L2 hidden.
    expect(d.leaderboard.entries.map((e) => [e.rank, e.points, e.isMe])).toEqual([[1, 64, true], [2, 3, false]]);
    expect(d.leaderboard.me).toMatchObject({ rank: 1, points: 64 });
    expect(d.peers).toMatchObject({ available: false, minimum_peers: 10 });
  });

  it("L3 sees L1 (anonymous) without a name or id, and not L2 (hidden)", async () => {
    const board = await as(w.l3, (tx) => leaderboardWidget(tx, { organizationId: w.org.id, userId: w.l3.sub, period: "month" }));
    expect(board.entries).toEqual([
      { rank: 1, displayName: null, userId: null, points: 64, isMe: false, isAnonymous: true },
      { rank: 2, displayName: expect.any(String), userId: w.l3.sub, points: 3, isMe: true, isAnonymous: false },
    ]);
    expect(board.me).toMatchObject({ rank: 2 });
  });
});

describe("a learner with no activity yet", () => {
  it("has no activity, nothing to continue without an enrollment, and empty series (not errors)", async () => {
    const org = await createOrg({ fresh: "learner" });
    const fresh = org.members.fresh;
    const d = await as(fresh, (tx) => learnerDashboard(tx, { organizationId: org.id, userId: fresh.sub }));
    expect(d.hasActivity).toBe(false);
    expect(d.continueLearning).toBeNull();
    expect(d.points).toMatchObject({ totalPoints: 0, level: 1, currentStreak: 0 });
    expect(d.velocity).toBeNull();
    expect(d.weeks).toHaveLength(12);
    expect(d.mastery).toEqual([]);
    expect(d.scores).toEqual([]);
    expect(d.skillGaps).toEqual([]);
    expect(d.leaderboard.entries).toEqual([]);
  });

  it("an enrolled learner who never started is sent to the first lesson of the course due first", () => {
    const lesson = (id: string) => ({ id, courseId: "c", sectionId: "s", title: `Lesson ${id}`, estimatedMinutes: 5 });
    const base = { cohortName: "C", cohortEndsOn: "2026-12-31", courseDescription: "", progressPercent: 0, completedAt: null, lessons: 3, completedLessons: 0 };
    const enrollments = [
      { ...base, enrollmentId: "e1", courseId: "due-first", courseTitle: "Due first", dueOn: "2026-12-01", nextLesson: lesson("a") },
      { ...base, enrollmentId: "e2", courseId: "later", courseTitle: "Later", dueOn: null, nextLesson: lesson("b") },
    ];
    expect(pickContinueLearning(enrollments, new Map())).toMatchObject({ courseId: "due-first", lesson: { id: "a" }, firstLesson: true });
    // Once the learner touched "later" more recently, that course is the one to continue.
    const touched = new Map([["due-first", "2026-11-01 10:00:00+00"], ["later", "2026-11-20 10:00:00+00"]]);
    expect(pickContinueLearning(enrollments, touched)).toMatchObject({ courseId: "later", firstLesson: false });
  });
});
