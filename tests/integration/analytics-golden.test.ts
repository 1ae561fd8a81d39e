// The analytics pipeline on the hand-built golden data set
// (tests/support/analytics-golden.ts): every formula's expected value is
// computed by hand below, then the pipeline runs as the scheduled jobs do and
// the dashboards' read functions are checked against those numbers, as the
// users who read them. Then: a second run changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { createGoldenWorld, runPipeline, useOwnDatabase, utcDay, type GoldenWorld } from "../support/analytics-golden";
import { testDb, withServiceDb, withUserDb } from "../support/db";
import { getLatestSnapshot, getLeaderboard, getPeerComparison, getPointsSummary, getPrediction, listEarnedAchievements } from "@/db/queries/analytics-learner";
import { getCohortKpis, listCohortLearners, listCohortMetrics, listItemStats, listLessonEffectiveness } from "@/db/queries/analytics-cohort";
import { getOrgKpis, getOrgMetrics, listAggregates, listSkillDemand } from "@/db/queries/analytics-org";
import { cohortLearnersQuerySchema } from "@/lib/validation/analytics";
import type { SessionClaims } from "@/db/rls";


// The analytics jobs work on every organization of a database: this file gets its own.
await useOwnDatabase("analytics_golden");

const service = <T>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test: analytics golden", fn, testDb());
const as = <T>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());

let w: GoldenWorld;
const D = () => utcDay(0);
const Dm = (k: number) => utcDay(-k);

beforeAll(async () => {
  w = await createGoldenWorld();
  await runPipeline(w.org.id);
}, 120_000);

/** Every computed row of the golden org, for "a second run changes nothing". */
export async function computedState(organizationId: string) {
  return service(async (tx) => {
    const read = async (query: ReturnType<typeof sql>) => (await tx.execute(query)).map((row) => JSON.stringify(row));
    return {
      learner: await read(sql`select organization_id, user_id, day, events, active_minutes, sessions, events_by_type, lessons_completed, assessments_submitted, score_sum, score_count, avg_score, points from public.learner_daily_rollups where organization_id = ${organizationId}::uuid order by user_id, day`),
      cohort: await read(sql`select cohort_id, day, active_learners, events, active_minutes, sessions, lessons_completed, assessments_submitted, score_sum, score_count, avg_score, points from public.cohort_daily_rollups where organization_id = ${organizationId}::uuid order by cohort_id, day`),
      org: await read(sql`select day, active_learners, events, active_minutes, sessions, lessons_completed, assessments_submitted, score_sum, score_count, avg_score, points from public.org_daily_rollups where organization_id = ${organizationId}::uuid order by day`),
      ledger: await read(sql`select user_id, points, activity_type, source_key, day from public.point_transactions where organization_id = ${organizationId}::uuid order by source_key`),
      points: await read(sql`select user_id, total_points, level, points_to_next_level, current_streak, longest_streak, last_active_day from public.user_points where organization_id = ${organizationId}::uuid order by user_id`),
      achievements: await read(sql`select user_id, achievement_id from public.user_achievements where organization_id = ${organizationId}::uuid order by user_id, achievement_id`),
      notifications: await read(sql`select user_id, type, title from public.notifications where organization_id = ${organizationId}::uuid and type = 'achievement.earned' order by user_id, title`),
      snapshots: await read(sql`select user_id, snapshot_day, lessons_per_week, target_lessons_per_week, velocity_status, estimated_completion_on, engagement_score, skill_gap_count, mastery_avg, avg_score, pass_rate, velocity, skill_gaps, engagement, mastery, performance, content_effectiveness from public.learner_analytics_snapshots where organization_id = ${organizationId}::uuid order by user_id, snapshot_day`),
      predictions: await read(sql`select user_id, drop_off_risk, risk_level, factors, completion_forecast_on, next_lesson_id from public.predictive_analytics_cache where organization_id = ${organizationId}::uuid order by user_id`),
      items: await read(sql`select question_id, attempts, correct, difficulty, discrimination, discrimination_ul from public.question_item_stats where organization_id = ${organizationId}::uuid order by question_id`),
      kpis: await read(sql`select cohort_id, snapshot_day, learners, active_learners_7d, active_learners_30d, turnover_risk, burnout_risk, productivity_index, high_potential_count, at_risk_count, avg_engagement, avg_mastery, avg_velocity, details from public.kpi_snapshots where organization_id = ${organizationId}::uuid order by cohort_id nulls first, snapshot_day`),
      aggregates: await read(sql`select cohort_id, period, period_start, active_learners, active_days, events, active_minutes, sessions, lessons_completed, assessments_submitted, score_sum, score_count, avg_score, points from public.aggregated_analytics where organization_id = ${organizationId}::uuid order by cohort_id nulls first, period, period_start`),
    };
  });
}

describe("daily rollups", () => {
  it("per learner per day: events, minutes, sessions, types, lessons, assessments, scores, points", async () => {
    const rows = await service((tx) =>
      tx.execute<Record<string, unknown>>(sql`
        select user_id, day::text, events, active_minutes::float8 as minutes, sessions, events_by_type, lessons_completed,
               assessments_submitted, score_sum::float8 as score_sum, score_count, avg_score::float8 as avg_score, points
        from public.learner_daily_rollups where organization_id = ${w.org.id}::uuid order by user_id, day`),
    );
    const row = (user: string, day: string) => rows.find((r) => r.user_id === user && r.day === day);
    // L1, D−2: 3 events; (1200 + 600) s / 60 = 30 min; sessions: 10:00 starts one, 10:20 is 20 min
    // later (same), 11:00 is 40 min after 10:20 (> 30: a second) = 2; points 3 (org rule beats the
    // default 1) + 10 + 1 = 14.
    expect(row(w.l1.sub, Dm(2))).toMatchObject({ events: 3, minutes: 30, sessions: 2, lessons_completed: 1, assessments_submitted: 0, score_sum: 0, score_count: 0, avg_score: null, points: 14,
      events_by_type: { content_viewed: 1, lesson_completed: 1, lesson_started: 1 } });
    // L1, D−1: (900 + 300 + 300) / 60 = 25 min; one session (10-minute gaps); scores 90 + 80 = 170
    // over 2 → 85; points 10 + 20 + 20 = 50.
    expect(row(w.l1.sub, Dm(1))).toMatchObject({ events: 3, minutes: 25, sessions: 1, lessons_completed: 1, assessments_submitted: 2, score_sum: 170, score_count: 2, avg_score: 85, points: 50,
      events_by_type: { assessment_submitted: 2, lesson_completed: 1 } });
    // L1, D: a 1800 s heartbeat = 30 min, no points.
    expect(row(w.l1.sub, D())).toMatchObject({ events: 1, minutes: 30, sessions: 1, points: 0, events_by_type: { session_heartbeat: 1 } });
    // L2, D−10: 600 s = 10 min, 10 points. D−8: no durations, 12:00/12:30/12:40 (gaps 30 and 10 min,
    // not more than 30) = 1 session, (40 + 30) / 2 = 35, points 3 + 20 + 20 = 43.
    expect(row(w.l2.sub, Dm(10))).toMatchObject({ events: 1, minutes: 10, sessions: 1, lessons_completed: 1, points: 10 });
    expect(row(w.l2.sub, Dm(8))).toMatchObject({ events: 3, minutes: 0, sessions: 1, assessments_submitted: 2, score_sum: 70, score_count: 2, avg_score: 35, points: 43 });
    expect(row(w.l3.sub, D())).toMatchObject({ events: 1, minutes: 0, sessions: 1, points: 3 });
    expect(rows).toHaveLength(6);
  });

  it("per cohort (L1 + L2) and per organization (everyone) per day, derived from the learner rollups", async () => {
    const cohort = await service((tx) =>
      tx.execute<Record<string, unknown>>(sql`select day::text, active_learners, events, active_minutes::float8 as minutes, sessions, score_sum::float8 as score_sum, score_count, avg_score::float8 as avg_score, points
        from public.cohort_daily_rollups where cohort_id = ${w.cohortId}::uuid order by day`),
    );
    expect(cohort).toEqual([
      { day: Dm(10), active_learners: 1, events: 1, minutes: 10, sessions: 1, score_sum: 0, score_count: 0, avg_score: null, points: 10 },
      { day: Dm(8), active_learners: 1, events: 3, minutes: 0, sessions: 1, score_sum: 70, score_count: 2, avg_score: 35, points: 43 },
      { day: Dm(2), active_learners: 1, events: 3, minutes: 30, sessions: 2, score_sum: 0, score_count: 0, avg_score: null, points: 14 },
      { day: Dm(1), active_learners: 1, events: 3, minutes: 25, sessions: 1, score_sum: 170, score_count: 2, avg_score: 85, points: 50 },
      { day: D(), active_learners: 1, events: 1, minutes: 30, sessions: 1, score_sum: 0, score_count: 0, avg_score: null, points: 0 },
    ]);
    const org = await service((tx) =>
      tx.execute<Record<string, unknown>>(sql`select day::text, active_learners, events, active_minutes::float8 as minutes, sessions, points::int as points
        from public.org_daily_rollups where organization_id = ${w.org.id}::uuid order by day`),
    );
    // Day D: L1 (1 event, 30 min, 0 points) + L3 (1 event, 0 min, 3 points).
    expect(org.at(-1)).toEqual({ day: D(), active_learners: 2, events: 2, minutes: 30, sessions: 2, points: 3 });
    expect(org).toHaveLength(5);
  });
});

describe("gamification", () => {
  it("pays each event once by the org's rules, with a level curve and streaks", async () => {
    const ledger = await service((tx) =>
      tx.execute<{ n: number; total: number }>(sql`select count(*)::int as n, sum(points)::int as total from public.point_transactions where organization_id = ${w.org.id}::uuid`),
    );
    // 12 events, the heartbeat pays nothing: 11 rows; 64 + 53 + 3 = 120 points.
    expect(ledger[0]).toEqual({ n: 11, total: 120 });
    // L1: 14 + 50 + 0 = 64 points; level 2 needs 100·2·1/2 = 100, so level 1 and 36 to go.
    // Active D−2, D−1, D: current and longest streak 3.
    expect(await as(w.l1, (tx) => getPointsSummary(tx, { organizationId: w.org.id, userId: w.l1.sub }))).toEqual({
      totalPoints: 64, level: 1, levelStartsAt: 0, nextLevelAt: 100, pointsToNextLevel: 36, levelProgressPercent: 64,
      currentStreak: 3, longestStreak: 3, lastActiveDay: D(),
    });
    // L2: 10 + 43 = 53; active D−10 and D−8 (not consecutive): longest 1; last active D−8, before
    // yesterday: current 0.
    expect(await as(w.l2, (tx) => getPointsSummary(tx, { organizationId: w.org.id, userId: w.l2.sub }))).toMatchObject({
      totalPoints: 53, level: 1, pointsToNextLevel: 47, currentStreak: 0, longestStreak: 1, lastActiveDay: Dm(8),
    });
    const curve = await service((tx) =>
      tx.execute<{ p: number; level: number; next: number }>(sql`
        select p, analytics.level_for_points(p) as level, analytics.points_to_next_level(p)::int as next
        from unnest(array[0, 99, 100, 299, 300, 999, 1000, 4500]::bigint[]) p`),
    );
    // T(n) = 100·n(n−1)/2: T(2) = 100, T(3) = 300, T(4) = 600, T(5) = 1000, T(10) = 4500, T(11) = 5500.
    expect(curve.map((r) => [Number(r.p), r.level, r.next])).toEqual([
      [0, 1, 100], [99, 1, 1], [100, 2, 200], [299, 2, 1], [300, 3, 300], [999, 4, 1], [1000, 5, 500], [4500, 10, 1000],
    ]);
  });

  it("awards achievements once, from defaults and the org's own, and notifies unless the learner turned it off", async () => {
    const keys = async (who: SessionClaims) =>
      (await as(who, (tx) => listEarnedAchievements(tx, { organizationId: w.org.id, userId: who.sub }))).map((a) => a.key).sort();
    // first-lesson (≥ 1 lesson completed), first-assessment (≥ 1 submitted), org-starter (≥ 1 lesson started).
    expect(await keys(w.l1)).toEqual(["first-assessment", "first-lesson", "org-starter"]);
    expect(await keys(w.l2)).toEqual(["first-assessment", "first-lesson", "org-starter"]);
    expect(await keys(w.l3)).toEqual(["org-starter"]);
    // high-scorer needs ≥ 3 scored assessments: nobody has more than 2.
    const notified = await service((tx) =>
      tx.execute<{ user_id: string; n: number }>(sql`select user_id, count(*)::int as n from public.notifications
        where organization_id = ${w.org.id}::uuid and type = 'achievement.earned' group by user_id`),
    );
    // L2 chose {"achievements": false}: 3 for L1, 1 for L3, none for L2.
    expect(Object.fromEntries(notified.map((r) => [r.user_id, r.n]))).toEqual({ [w.l1.sub]: 3, [w.l3.sub]: 1 });
  });
});

describe("the six learner analytics", () => {
  it("L1: velocity, skill gaps, engagement, mastery, performance, content effectiveness", async () => {
    const s = (await as(w.l1, (tx) => getLatestSnapshot(tx, { organizationId: w.org.id, userId: w.l1.sub })))!;
    // Velocity: 2 lessons in 28 days → 0.5/week; 2 of 4 lessons remain, due D+14 = 2 weeks → target 1/week;
    // 0.5 < 0.9 · 1 → behind; completion D + ceil(7 · 2 / 0.5) = D + 28. Previous 28 days: 0 → accelerating.
    expect(s).toMatchObject({ snapshotDay: D(), lessonsPerWeek: 0.5, targetLessonsPerWeek: 1, velocityStatus: "behind", estimatedCompletionOn: utcDay(28) });
    expect(s.velocity).toMatchObject({ current_pace: 0.5, previous_pace: 0, target_pace: 1, trend_percentage: null, trend_direction: "accelerating", remaining_lessons: 2, overdue_enrollments: 0 });
    // Skill gaps: the course needs S1 (mastery 76 ≥ 70: no gap); the goal needs S2 (no mastery: gap
    // 70, critical), closed by lesson 4 (the only lesson teaching S2).
    expect(s.skillGapCount).toBe(1);
    expect(s.skillGaps).toMatchObject({ total: 1, critical: 1, top_priority: { skill_id: w.s2, mastery: 0, gap: 70, critical: true, sources: ["goal"], lesson_id: w.lessons[3] } });
    // Engagement over 28 days: 3 active days, 30 + 25 + 30 = 85 min, 2 + 1 + 1 = 4 sessions:
    // 100 · (0.4 · 3/12 + 0.3 · 85/240 + 0.3 · 4/16) = 10 + 10.625 + 7.5 = 28.125 → 28.
    // Last week (D−6 … D) holds all of it: 100 · (0.4 · min(3/3,1) + 0.3 · min(85/60,1) + 0.3 · min(4/4,1)) = 100.
    expect(s.engagementScore).toBe(28);
    expect(s.engagement).toMatchObject({ score: 28, active_days: 3, active_minutes: 85, sessions: 4, sessions_per_week: 1, avg_session_minutes: 21.25,
      last_active: D(), weekly_trend: [0, 0, 0, 100], trend: "rising", minutes_7d: 85, active_days_7d: 3,
      by_type: { assessment_submitted: 2, content_viewed: 1, lesson_completed: 2, lesson_started: 1, session_heartbeat: 1 } });
    // Mastery: S1 76 → mastered, advanced.
    expect(s.masteryAvg).toBe(76);
    expect(s.mastery).toMatchObject({ mastered: 1, in_progress: 0, distribution: { beginner: 0, intermediate: 0, advanced: 1 } });
    // Performance: (90 + 80) / 2 = 85, both ≥ 60 → 100 % passed; S1: 3 of 4 points = 75; 2 attempts < 4 → insufficient_data.
    expect(s).toMatchObject({ avgScore: 85, passRate: 100 });
    expect(s.performance).toMatchObject({ avg_score: 85, assessments_taken: 2, pass_rate: 100, recent_avg: 85, previous_avg: null, trend: "insufficient_data",
      by_skill: [{ skill_id: w.s1, score: 75, answers: 4 }] });
    expect((s.performance.recent_scores as Array<{ score: number }>).map((r) => r.score)).toEqual([80, 90]);
    // Content effectiveness: lessons 1 (D−2) and 2 (D−1) both precede both attempts: mean 85, lift 85 − 85 = 0.
    expect(s.contentEffectiveness).toMatchObject({ by_content_type: { lesson: { mean_score: 85, attempts: 2 } } });
    expect((s.contentEffectiveness.most_effective as Array<{ lesson_id: string; mean_score: number; lift: number }>).map((x) => [x.lesson_id, x.mean_score, x.lift]).sort())
      .toEqual([[w.lessons[0], 85, 0], [w.lessons[1], 85, 0]].sort());
  });

  it("L2 and L3: overdue and falling, not enrolled", async () => {
    const s2 = (await as(w.trainer, (tx) => getLatestSnapshot(tx, { organizationId: w.org.id, userId: w.l2.sub })))!;
    // 1 lesson in 28 days → 0.25/week; 3 remain, due D−1 (past) → weeks = max(−1/7, 1) = 1 → target 3;
    // completion D + ceil(7 · 3 / 0.25) = D + 84. Engagement: 2 days, 10 min, 2 sessions:
    // 100 · (0.4 · 2/12 + 0.3 · 10/240 + 0.3 · 2/16) = 6.667 + 1.25 + 3.75 = 11.67 → 12.
    // Week D−13 … D−7 holds D−10 and D−8: 100 · (0.4 · 2/3 + 0.3 · 10/60 + 0.3 · 2/4) = 26.67 + 5 + 15 = 46.67 → 47;
    // last week 0 ≤ 47/3 − 5 → falling.
    expect(s2).toMatchObject({ lessonsPerWeek: 0.25, targetLessonsPerWeek: 3, velocityStatus: "behind", estimatedCompletionOn: utcDay(84), engagementScore: 12, masteryAvg: 30, avgScore: 35, passRate: 0 });
    expect(s2.engagement).toMatchObject({ weekly_trend: [0, 0, 47, 0], trend: "falling", avg_session_minutes: 5, last_active: Dm(8) });
    // S1 mastery 30: gap 40, critical (< 40), closed by lesson 3 (lesson 1 is done).
    expect(s2.skillGaps).toMatchObject({ total: 1, critical: 1, top_priority: { skill_id: w.s1, gap: 40, sources: ["course"], lesson_id: w.lessons[2] } });
    expect(s2.performance).toMatchObject({ by_skill: [{ score: 25 }] }); // 1 of 4 points
    const s3 = (await as(w.admin, (tx) => getLatestSnapshot(tx, { organizationId: w.org.id, userId: w.l3.sub })))!;
    // 1 day, 0 min, 1 session: 100 · (0.4/12 + 0 + 0.3/16) = 3.33 + 1.875 = 5.2 → 5.
    expect(s3).toMatchObject({ velocityStatus: "not_enrolled", targetLessonsPerWeek: null, estimatedCompletionOn: null, engagementScore: 5, masteryAvg: null, avgScore: null });
    // A trainer reads only learners of their cohorts: L3 is not in one.
    expect(await as(w.trainer, (tx) => getLatestSnapshot(tx, { organizationId: w.org.id, userId: w.l3.sub }))).toBeNull();
  });
});

describe("predictions", () => {
  it("drop-off risk with its factors, forecast and next-best lesson", async () => {
    const p2 = (await as(w.l2, (tx) => getPrediction(tx, { organizationId: w.org.id, userId: w.l2.sub })))!;
    // L2: 8 days inactive → 0.35 · 8/14 = 0.2; no previous pace → 0; 2 attempts → 0; 1 of 1 enrollment
    // overdue → 0.20 · 1 = 0.2. Risk 0.4 → medium (≥ 0.3).
    expect(p2).toMatchObject({ dropOffRisk: 0.4, riskLevel: "medium", completionForecastOn: utcDay(84), nextLessonId: w.lessons[2] });
    expect(p2.factors.map((f) => [f.factor, f.value, f.contribution])).toEqual([
      ["days_inactive", 8, 0.2], ["missed_due_dates", 1, 0.2], ["assessment_trend", 0, 0], ["velocity_trend", 0, 0],
    ]);
    const p1 = (await as(w.l1, (tx) => getPrediction(tx, { organizationId: w.org.id, userId: w.l1.sub })))!;
    // L1: active today, nothing overdue: 0 → low; next lesson closes the top gap (S2): lesson 4.
    expect(p1).toMatchObject({ dropOffRisk: 0, riskLevel: "low", completionForecastOn: utcDay(28), nextLessonId: w.lessons[3] });
    // L3 is not enrolled in anything: no prediction.
    expect(await as(w.l3, (tx) => getPrediction(tx, { organizationId: w.org.id, userId: w.l3.sub }))).toBeNull();
  });
});

describe("item analysis", () => {
  it("difficulty, point-biserial and upper/lower 27 % discrimination per question", async () => {
    const items = await as(w.trainer, (tx) => listItemStats(tx, { organizationId: w.org.id, assessmentId: w.assessmentId }));
    // Scores 90, 80, 40, 30: mean 60, population s = √((30² + 20² + 20² + 30²)/4) = √650 = 25.4951.
    // Q1 right for 90, 80: p = 0.5, M1 = 85, M0 = 35: r = 50 / 25.4951 · √0.25 = 0.9806;
    //   groups of ceil(0.27 · 4) = 2: upper {90, 80} all right, lower {40, 30} none → 1.
    // Q2 right for 90, 40: M1 = 65, M0 = 55: r = 10 / 25.4951 · 0.5 = 0.1961; upper {90 ✓, 80 ✗} 0.5,
    //   lower {40 ✓, 30 ✗} 0.5 → 0.
    expect(items.map((i) => [i.questionId, i.attempts, i.correct, i.difficulty, i.discrimination, i.discriminationUl])).toEqual([
      [w.q1, 4, 2, 0.5, 0.9806, 1],
      [w.q2, 4, 2, 0.5, 0.1961, 0],
    ]);
  });
});

describe("KPI tree", () => {
  it("per organization and per cohort", async () => {
    const org = await as(w.admin, (tx) => getOrgKpis(tx, { organizationId: w.org.id }));
    // Learners L1, L2, L3. Active in 7 days: L1, L3. Turnover 100 · mean(0, 0.4) = 20. Burnout: nobody
    // has ≥ 600 min in 7 days → 0. Productivity 0.5 · mean(85, 35) + 0.5 · mean(76, 30) = 30 + 26.5 = 56.5.
    // High potential: L1 scores 85 but engagement 28 < 70 → 0. Engagement (28 + 12 + 5)/3 = 15;
    // velocity (0.5 + 0.25 + 0)/3 = 0.25.
    expect(org.latest).toMatchObject({ snapshotDay: D(), learners: 3, activeLearners7d: 2, activeLearners30d: 3, turnoverRisk: 20, burnoutRisk: 0,
      productivityIndex: 56.5, highPotentialCount: 0, atRiskCount: 0, avgEngagement: 15, avgMastery: 53, avgVelocity: 0.25 });
    expect(org.definitions.turnoverRisk.limits).toMatch(/no HR data/);
    const cohort = await as(w.trainer, (tx) => getCohortKpis(tx, { organizationId: w.org.id, cohortId: w.cohortId }));
    // L1 and L2: engagement (28 + 12)/2 = 20; velocity (0.5 + 0.25)/2 = 0.375 → 0.38.
    expect(cohort).toMatchObject({ learners: 2, activeLearners7d: 1, activeLearners30d: 2, turnoverRisk: 20, productivityIndex: 56.5, avgEngagement: 20, avgVelocity: 0.38 });
  });
});

describe("materialized views through their functions", () => {
  it("org metrics, cohort metrics, lesson effectiveness and skill demand", async () => {
    const metrics = await as(w.admin, (tx) => getOrgMetrics(tx, { organizationId: w.org.id }));
    // 5 members; active today L1, L3; 30 days: all three; 3 lessons; scores 240 / 4 = 60; 120 points.
    expect(metrics).toMatchObject({ members: 5, active1d: 2, active7d: 2, active30d: 3, lessonsCompleted30d: 3, avgScore30d: 60, points30d: 120, turnoverRisk: 20 });
    const [cohort] = await as(w.trainer, (tx) => listCohortMetrics(tx, { organizationId: w.org.id }));
    // Progress L1 2/4 = 50 %, L2 1/4 = 25 %: mean 37.5; L2 at medium risk.
    expect(cohort).toMatchObject({ cohortId: w.cohortId, learners: 2, avgProgress: 37.5, completed: 0, active7d: 1, avgEngagement: 20, atRiskHigh: 0, atRiskMedium: 1, avgScore30d: 60,
      progressDistribution: { "0-24": 0, "25-49": 1, "50-74": 1, "75-99": 0, "100": 0 } });
    const lessons = await as(w.trainer, (tx) => listLessonEffectiveness(tx, { organizationId: w.org.id, courseId: w.courseId }));
    // Lesson 2 precedes L1's 90 and 80 (mean 85), not L2's 40 and 30 (mean 35): lift 50. Lesson 1
    // precedes all four (mean 60, nothing to compare with); lessons 3 and 4 none.
    expect(lessons.map((l) => [l.lessonId, l.attemptsAfter, l.meanAfter, l.attemptsWithout, l.meanWithout, l.lift])).toEqual([
      [w.lessons[1], 2, 85, 2, 35, 50],
      [w.lessons[0], 4, 60, 0, null, null],
      [w.lessons[2], 0, null, 4, 60, null],
      [w.lessons[3], 0, null, 4, 60, null],
    ]);
    const demand = await as(w.admin, (tx) => listSkillDemand(tx, { organizationId: w.org.id, months: 13 }));
    // S1: L1 (lessons 1–2 at D−2/D−1, answers at D−1) and L2 (lesson 1 at D−10, answers at D−8), by month.
    const month = (d: string) => `${d.slice(0, 7)}-01`;
    const byMonth = new Map<string, Set<string>>();
    for (const [who, day] of [["l1", Dm(2)], ["l1", Dm(1)], ["l2", Dm(10)], ["l2", Dm(8)]] as const) {
      byMonth.set(month(day), (byMonth.get(month(day)) ?? new Set()).add(who));
    }
    expect(demand.filter((d) => d.skillId === w.s1).map((d) => [d.month, d.learners, d.avgMastery])).toEqual(
      [...byMonth.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([m, who]) => [m, who.size, 53]),
    );
  });

  it("monthly aggregates outlive the raw data: sums of the daily rollups", async () => {
    const months = await as(w.admin, (tx) => listAggregates(tx, { organizationId: w.org.id, period: "month" }));
    const current = months.find((m) => m.periodStart === month0(D()))!;
    // The known per-day org totals (events, minutes, sessions, points) of the days in this month.
    const days: Array<[string, number, number, number, number]> = [
      [Dm(10), 1, 10, 1, 10], [Dm(8), 3, 0, 1, 43], [Dm(2), 3, 30, 2, 14], [Dm(1), 3, 25, 1, 50], [D(), 2, 30, 2, 3],
    ];
    const inMonth = days.filter(([d]) => month0(d) === month0(D()));
    expect(current).toMatchObject({
      activeDays: inMonth.length,
      events: inMonth.reduce((n, d) => n + d[1], 0),
      activeMinutes: inMonth.reduce((n, d) => n + d[2], 0),
      sessions: inMonth.reduce((n, d) => n + d[3], 0),
      points: inMonth.reduce((n, d) => n + d[4], 0),
    });
    expect(new Date(current.expiresAt).getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 7);
  });
});

function month0(day: string) {
  return `${day.slice(0, 7)}-01`;
}

describe("leaderboards and peer comparison, from another learner's side", () => {
  it("anonymous is rank and points only, hidden is absent, the caller always sees themselves", async () => {
    // Month: L1 64 (anonymous), L2 53 (hidden), L3 3 (public). L3 sees L1 without name or id, no L2,
    // and ranks computed without the hidden learner (no gap).
    const seenByL3 = await as(w.l3, (tx) => getLeaderboard(tx, { organizationId: w.org.id, period: "month" }));
    expect(seenByL3).toEqual([
      { rank: 1, displayName: null, userId: null, points: 64, isMe: false, isAnonymous: true },
      { rank: 2, displayName: expect.any(String), userId: w.l3.sub, points: 3, isMe: true, isAnonymous: false },
    ]);
    expect(JSON.stringify(seenByL3)).not.toContain(w.l1.sub);
    expect(JSON.stringify(seenByL3)).not.toContain(w.l2.sub);
    expect(JSON.stringify(seenByL3)).not.toContain(w.l1.email.split("@")[0]);
    // L2 (hidden) still sees their own rank, and L3 by name.
    const seenByL2 = await as(w.l2, (tx) => getLeaderboard(tx, { organizationId: w.org.id, period: "month" }));
    expect(seenByL2.map((e) => [e.rank, e.points, e.isMe, e.userId])).toEqual([[1, 64, false, null], [2, 53, true, w.l2.sub], [3, 3, false, w.l3.sub]]);
    // Week (D−6 … D): L1 14 + 50 + 0 = 64, L2 nothing since D−8, L3 3.
    const week = await as(w.admin, (tx) => getLeaderboard(tx, { organizationId: w.org.id, period: "week" }));
    expect(week.map((e) => [e.rank, e.points, e.isAnonymous])).toEqual([[1, 64, true], [2, 3, false]]);
  });

  it("top-N keeps the caller's own row; non-members are refused", async () => {
    const top1 = await as(w.l3, (tx) => getLeaderboard(tx, { organizationId: w.org.id, period: "month", limit: 1 }));
    expect(top1.map((e) => [e.rank, e.isMe])).toEqual([[1, false], [2, true]]);
    const outsider = await import("../support/db").then((m) => m.createUser("outsider"));
    await expect(as(outsider, (tx) => getLeaderboard(tx, { organizationId: w.org.id, period: "month" }))).rejects.toMatchObject({ cause: { code: "SW403" } });
  });

  it("peer comparison gives no numbers below 10 peers, and says why", async () => {
    const result = await as(w.l1, (tx) => getPeerComparison(tx, { organizationId: w.org.id, cohortId: w.cohortId }));
    expect(result).toEqual({ available: false, peers: 1, minimum_peers: 10,
      reason: "Peer comparison needs at least 10 peers so that no one can be singled out; this group has 1." });
  });
});

describe("trainer's learners table", () => {
  it("sorted by risk on the server; another trainer's learners are not reachable", async () => {
    const query = cohortLearnersQuerySchema.parse({});
    const page = await as(w.trainer, (tx) => listCohortLearners(tx, { organizationId: w.org.id, cohortId: w.cohortId, ...query }));
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => [r.userId, r.dropOffRisk, r.progressPercent])).toEqual([[w.l2.sub, 0.4, 25], [w.l1.sub, 0, 50]]);
    const l3AsTrainer = await as(w.l3, (tx) => listCohortLearners(tx, { organizationId: w.org.id, cohortId: w.cohortId, ...query }));
    expect(l3AsTrainer).toEqual({ total: 0, rows: [] });
  });
});

describe("idempotence", () => {
  it("a second run of every job changes nothing", async () => {
    const before = await computedState(w.org.id);
    await runPipeline(w.org.id);
    expect(await computedState(w.org.id)).toEqual(before);
    expect(before.learner.length).toBe(6);
  });
});
