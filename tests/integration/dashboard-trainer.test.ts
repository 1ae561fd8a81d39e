// The trainer's dashboards on the golden data set (tests/support/analytics-golden.ts),
// read as the trainer, a second trainer and the org admin. Added to the golden
// world after its pipeline run: trainer T2 teaching cohort C2 (same course)
// with L3 enrolled and due D−5; then the jobs run again so L3 has analytics
// rows; then one attempt waiting for a grade in each cohort (L2 in C, L3 in C2).
//   Expected numbers (by hand, from the golden comments):
//   C: L1 50 % (due D+14, risk 0), L2 25 % (due D−1: 1 day overdue, risk 0.4 medium:
//   days_inactive 0.2 + missed_due_dates 0.2). Graded attempts of C: 90, 80, 40, 30 →
//   mean 60, pass rate (≥ 60) 2/4 = 50 %. Daily minutes of C: D−10 10, D−8 0, D−2 30,
//   D−1 25, D 30 (L1's heartbeat) → 95 over 5 active days, one learner each day.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { at, createGoldenWorld, runPipeline, useOwnDatabase, utcDay, type GoldenWorld } from "../support/analytics-golden";
import { createUser, testDb, withServiceDb, withUserDb } from "../support/db";
import { memberships } from "@/db/schema";
import { listCohortLearners } from "@/db/queries/analytics-cohort";
import {
  cohortAnalytics,
  cohortAssessmentResults,
  cohortEngagementTrend,
  cohortLearnerAnalytics,
  listCohortHealth,
  mayOpenCohort,
  teachesCohort,
  topFactor,
  trainerWorkQueue,
} from "@/db/queries/dashboard-trainer";
import { cohortLearnersQuerySchema } from "@/lib/validation/analytics";

// The full analytics jobs touch every organization: this file gets a database of its own.
await useOwnDatabase("dashboard_trainer");

const service = <T>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test: trainer dashboard", fn, testDb());
const as = <T>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());

let w: GoldenWorld;
let t2: SessionClaims;
let c2: string;
let o: string;
const waiting: Record<string, string> = {};

beforeAll(async () => {
  w = await createGoldenWorld();
  o = w.org.id;
  await runPipeline(o);
  t2 = await createUser("trainer2");
  await service(async (tx) => {
    await tx.insert(memberships).values({ organizationId: o, userId: t2.sub, role: "trainer" });
    const [row] = await tx.execute<{ id: string }>(sql`
      insert into public.cohorts (organization_id, course_id, name, starts_on, ends_on)
      values (${o}, ${w.courseId}, 'Second cohort', ${utcDay(-40)}, ${utcDay(-5)}) returning id`);
    c2 = row.id;
    await tx.execute(sql`insert into public.cohort_trainers (organization_id, cohort_id, user_id) values (${o}, ${c2}, ${t2.sub})`);
    await tx.execute(sql`insert into public.enrollments (organization_id, cohort_id, course_id, user_id, enrolled_at)
      values (${o}, ${c2}, ${w.courseId}, ${w.l3.sub}, ${at(30, "09:00")})`);
  });
  await runPipeline(o);
  await service(async (tx) => {
    for (const [who, number, when] of [[w.l2, 3, at(0, "08:00")], [w.l3, 1, at(1, "08:00")]] as const) {
      const [row] = await tx.execute<{ id: string }>(sql`
        insert into public.assessment_attempts (organization_id, assessment_id, user_id, attempt_number, started_at, submitted_at, status)
        values (${o}, ${w.assessmentId}, ${who.sub}, ${number}, ${when}::timestamptz - interval '5 minutes', ${when}, 'submitted') returning id`);
      waiting[who.sub] = row.id;
    }
  });
}, 180_000);

describe("work queue", () => {
  it("holds the submissions to grade, overdue learners and learners at risk of the caller's cohorts only", async () => {
    const queue = await as(w.trainer, (tx) => trainerWorkQueue(tx, { organizationId: o, userId: w.trainer.sub }));
    expect(queue.grading).toEqual({
      total: 1,
      items: [expect.objectContaining({ attemptId: waiting[w.l2.sub], cohortId: w.cohortId, userId: w.l2.sub, assessmentTitle: "Golden quiz", attemptNumber: 3 })],
    });
    expect(queue.overdue).toEqual({
      total: 1,
      items: [expect.objectContaining({ cohortId: w.cohortId, userId: w.l2.sub, dueOn: utcDay(-1), daysOverdue: 1, progressPercent: 25 })],
    });
    expect(queue.atRisk.total).toBe(1);
    expect(queue.atRisk.items[0]).toMatchObject({ cohortId: w.cohortId, userId: w.l2.sub, dropOffRisk: 0.4, riskLevel: "medium" });
    // 0.2 and 0.2: the first of the equal largest contributions in stored order.
    expect(topFactor(queue.atRisk.items[0].factors)).toMatchObject({ factor: "days_inactive", contribution: 0.2 });

    // T2 sees only C2: L3's submission and L3 overdue since the cohort's end (D−5); L3 (active today) is not at risk.
    const other = await as(t2, (tx) => trainerWorkQueue(tx, { organizationId: o, userId: t2.sub }));
    expect(other.grading.items.map((i) => [i.attemptId, i.cohortId])).toEqual([[waiting[w.l3.sub], c2]]);
    expect(other.overdue.items.map((i) => [i.userId, i.dueOn, i.daysOverdue])).toEqual([[w.l3.sub, utcDay(-5), 5]]);
    expect(other.atRisk).toEqual({ total: 0, items: [] });

    // Asking for another trainer's queue by id gives nothing: RLS on cohort_trainers/enrollments.
    const spoofed = await as(t2, (tx) => trainerWorkQueue(tx, { organizationId: o, userId: w.trainer.sub }));
    expect([spoofed.grading.total, spoofed.overdue.total, spoofed.atRisk.total]).toEqual([0, 0, 0]);
  });
});

describe("cohort list health", () => {
  it("live progress and overdue with the nightly measures, for the cohorts the caller may see", async () => {
    const mine = await as(w.trainer, (tx) => listCohortHealth(tx, { organizationId: o }));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      id: w.cohortId, learners: 2, avgProgress: 37.5, overdueLearners: 1,
      metrics: { active7d: 1, avgEngagement: 20, atRiskHigh: 0, atRiskMedium: 1, avgScore30d: 60, completed: 0 },
    });
    expect((await as(t2, (tx) => listCohortHealth(tx, { organizationId: o }))).map((c) => c.id)).toEqual([c2]);
    const all = await as(w.admin, (tx) => listCohortHealth(tx, { organizationId: o }));
    expect(all.map((c) => c.id).sort()).toEqual([w.cohortId, c2].sort());
    expect(all.find((c) => c.id === c2)).toMatchObject({ learners: 1, overdueLearners: 1, metrics: { active7d: 1 } });
  });
});

describe("one cohort's analytics", () => {
  it("engagement trend: 30 days, today last, days without activity as zeros", async () => {
    const trend = await as(w.trainer, (tx) => cohortEngagementTrend(tx, { organizationId: o, cohortId: w.cohortId, days: 30 }));
    expect(trend).toHaveLength(30);
    expect(trend.at(-1)!.day).toBe(utcDay(0));
    const active = trend.filter((d) => d.activeLearners > 0);
    expect(active.map((d) => [d.day, d.activeLearners, d.activeMinutes])).toEqual([
      [utcDay(-10), 1, 10], [utcDay(-8), 1, 0], [utcDay(-2), 1, 30], [utcDay(-1), 1, 25], [utcDay(0), 1, 30],
    ]);
    expect(trend.reduce((n, d) => n + d.lessonsCompleted, 0)).toBe(3);
    // Another trainer's cohort: no rows (RLS on cohort_daily_rollups), so every day is zero.
    const foreign = await as(t2, (tx) => cohortEngagementTrend(tx, { organizationId: o, cohortId: w.cohortId }));
    expect(foreign.every((d) => d.activeLearners === 0 && d.activeMinutes === 0)).toBe(true);
  });

  it("assessment results of the cohort's learners with per-question difficulty, discrimination and their answer counts", async () => {
    const results = await as(w.trainer, (tx) => cohortAssessmentResults(tx, { organizationId: o, cohortId: w.cohortId }));
    expect(results).toEqual([
      {
        assessmentId: w.assessmentId, title: "Golden quiz", passMark: 60, attempts: 4, learners: 2, meanScore: 60, passRate: 50,
        questions: [
          { questionId: w.q1, prompt: "Q1", position: 1, attempts: 4, difficulty: 0.5, discrimination: 0.9806 },
          { questionId: w.q2, prompt: "Q2", position: 2, attempts: 4, difficulty: 0.5, discrimination: 0.1961 },
        ],
      },
    ]);
    // C2's learner (L3) has no graded attempt: the assessment is listed with nothing measured for the cohort.
    const second = await as(t2, (tx) => cohortAssessmentResults(tx, { organizationId: o, cohortId: c2 }));
    expect(second).toMatchObject([{ attempts: 0, learners: 0, meanScore: null, passRate: null }]);
    // Not the caller's cohort: nothing (RLS on cohorts).
    expect(await as(t2, (tx) => cohortAssessmentResults(tx, { organizationId: o, cohortId: w.cohortId }))).toEqual([]);
  });

  it("at-risk learners riskiest first with their factors, and lesson effectiveness, in one read", async () => {
    const data = await as(w.trainer, (tx) => cohortAnalytics(tx, { organizationId: o, cohortId: w.cohortId, courseId: w.courseId }));
    expect(data.metrics).toMatchObject({ learners: 2, avgProgress: 37.5, progressDistribution: { "25-49": 1, "50-74": 1 } });
    expect(data.atRisk.map((r) => [r.userId, r.dropOffRisk, r.riskLevel, r.factors.map((f) => [f.factor, f.contribution])])).toEqual([
      [w.l2.sub, 0.4, "medium", [["days_inactive", 0.2], ["missed_due_dates", 0.2], ["assessment_trend", 0], ["velocity_trend", 0]]],
    ]);
    expect(data.lessons.find((l) => l.lessonId === w.lessons[1])).toMatchObject({ attemptsAfter: 2, meanAfter: 85, meanWithout: 35, lift: 50 });
  });
});

describe("learners table: sorted, filtered and paginated on the server", () => {
  const page = (claims: SessionClaims, params: Record<string, string>, cohortId = w.cohortId) =>
    as(claims, (tx) => listCohortLearners(tx, { organizationId: o, cohortId, ...cohortLearnersQuerySchema.parse(params) }));

  it("sorts by any column in both directions", async () => {
    expect((await page(w.trainer, { sort: "progress", direction: "asc" })).rows.map((r) => [r.userId, r.progressPercent])).toEqual([[w.l2.sub, 25], [w.l1.sub, 50]]);
    expect((await page(w.trainer, { sort: "progress", direction: "desc" })).rows.map((r) => r.userId)).toEqual([w.l1.sub, w.l2.sub]);
    expect((await page(w.trainer, { sort: "risk", direction: "desc" })).rows.map((r) => [r.userId, r.dropOffRisk, r.riskLevel])).toEqual([
      [w.l2.sub, 0.4, "medium"], [w.l1.sub, 0, "low"],
    ]);
  });

  it("filters by risk level and by name or email, and pages with the total of the filtered rows", async () => {
    expect(await page(w.trainer, { risk: "medium" })).toMatchObject({ total: 1, rows: [{ userId: w.l2.sub }] });
    expect(await page(w.trainer, { risk: "high" })).toEqual({ total: 0, rows: [] });
    const search = w.l1.email.split("@")[0];
    expect(await page(w.trainer, { search })).toMatchObject({ total: 1, rows: [{ userId: w.l1.sub, email: w.l1.email }] });
    // A LIKE wildcard in the search is a literal character, not "everything".
    expect(await page(w.trainer, { search: "%" })).toEqual({ total: 0, rows: [] });
    const first = await page(w.trainer, { sort: "risk", pageSize: "1", page: "1" });
    const second = await page(w.trainer, { sort: "risk", pageSize: "1", page: "2" });
    expect([first.total, first.rows.map((r) => r.userId), second.total, second.rows.map((r) => r.userId)]).toEqual([2, [w.l2.sub], 2, [w.l1.sub]]);
    expect(await page(w.trainer, { pageSize: "1", page: "3" })).toEqual({ total: 0, rows: [] });
  });

  it("refuses bad parameters with a message instead of guessing", () => {
    const bad = cohortLearnersQuerySchema.safeParse({ sort: "salary", pageSize: "5000" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(["pageSize", "sort"]);
  });

  it("another trainer's cohort yields no row", async () => {
    expect(await page(t2, {})).toEqual({ total: 0, rows: [] });
    expect(await page(w.trainer, {}, c2)).toEqual({ total: 0, rows: [] });
  });
});

describe("learner drill-down", () => {
  it("one learner of the caller's cohort: trend, mastery, scores, pace and the prediction with its factors", async () => {
    const d = (await as(w.trainer, (tx) => cohortLearnerAnalytics(tx, { organizationId: o, cohortId: w.cohortId, userId: w.l2.sub })))!;
    expect(d.enrollment).toMatchObject({ userId: w.l2.sub, progressPercent: 25, dueOn: utcDay(-1), completedAt: null });
    expect(d.weeks).toHaveLength(12);
    expect(d.weeks.reduce((n, wk) => n + wk.activeMinutes, 0)).toBe(10);
    expect(d.mastery.map((m) => [m.skillId, m.mastery])).toEqual([[w.s1, 30]]);
    expect(d.scores.map((s) => s.score)).toEqual([40, 30]);
    expect(d.prediction).toMatchObject({ dropOffRisk: 0.4, riskLevel: "medium" });
    expect(d.points.totalPoints).toBe(53);
    // The admin reads the same; T2 teaches C2 only.
    expect(await as(w.admin, (tx) => cohortLearnerAnalytics(tx, { organizationId: o, cohortId: w.cohortId, userId: w.l2.sub }))).not.toBeNull();
    expect(await as(t2, (tx) => cohortLearnerAnalytics(tx, { organizationId: o, cohortId: w.cohortId, userId: w.l2.sub }))).toBeNull();
  });

  it("a learner who is not in the cohort, or in another trainer's cohort, is not found", async () => {
    // L3 is a member, enrolled in C2 only.
    expect(await as(w.trainer, (tx) => cohortLearnerAnalytics(tx, { organizationId: o, cohortId: w.cohortId, userId: w.l3.sub }))).toBeNull();
    expect(await as(w.trainer, (tx) => cohortLearnerAnalytics(tx, { organizationId: o, cohortId: c2, userId: w.l3.sub }))).toBeNull();
    expect(await as(w.trainer, (tx) => teachesCohort(tx, { organizationId: o, cohortId: c2, userId: w.trainer.sub }))).toBe(false);
    expect(await as(t2, (tx) => teachesCohort(tx, { organizationId: o, cohortId: c2, userId: t2.sub }))).toBe(true);
  });

  it("the cohort pages' gate: own trainers and view-all holders, never a cohort RLS hides", async () => {
    const gate = (claims: SessionClaims, cohortId: string, viewAll = false) => as(claims, (tx) => mayOpenCohort(tx, { organizationId: o, cohortId, userId: claims.sub, viewAll }));
    expect([await gate(w.trainer, w.cohortId), await gate(w.trainer, c2), await gate(t2, c2), await gate(t2, w.cohortId)]).toEqual([true, false, true, false]);
    expect([await gate(w.admin, w.cohortId, true), await gate(w.admin, c2, true)]).toEqual([true, true]);
    // Claiming view-all does not open what RLS hides.
    expect(await gate(w.trainer, c2, true)).toBe(false);
    expect(await gate(w.trainer, "00000000-0000-4000-8000-000000000000", true)).toBe(false);
  });
});

describe("RLS on the analytics tables, from the trainer's side", () => {
  const TABLES = ["learner_daily_rollups", "learner_analytics_snapshots", "predictive_analytics_cache", "user_points", "point_transactions", "user_achievements"];
  const count = (claims: SessionClaims, table: string, userId: string) =>
    as(claims, async (tx) => {
      const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from public.${sql.identifier(table)} where organization_id = ${o}::uuid and user_id = ${userId}::uuid`);
      return row.n;
    });

  it("a trainer reads no analytics row of a learner outside the cohorts they teach", async () => {
    // The rows exist (service role) and the learner's own trainer reads them: the zeros below are RLS.
    for (const table of ["learner_daily_rollups", "learner_analytics_snapshots", "predictive_analytics_cache", "user_points", "point_transactions"]) {
      expect(await service(async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from public.${sql.identifier(table)} where organization_id = ${o}::uuid and user_id = ${w.l3.sub}::uuid`))[0].n), table).toBeGreaterThan(0);
      expect(await count(t2, table, w.l3.sub), `T2 reads L3's ${table}`).toBeGreaterThan(0);
    }
    for (const table of TABLES) {
      expect(await count(w.trainer, table, w.l3.sub), `trainer reads L3's ${table}`).toBe(0);
      expect(await count(t2, table, w.l1.sub), `T2 reads L1's ${table}`).toBe(0);
      expect(await count(t2, table, w.l2.sub), `T2 reads L2's ${table}`).toBe(0);
    }
    // Cohort-level rows of another trainer's cohort.
    const cohortRows = (claims: SessionClaims, cohortId: string) =>
      as(claims, async (tx) => (await tx.execute<{ n: number }>(sql`
        select (select count(*) from public.cohort_daily_rollups where cohort_id = ${cohortId}::uuid)
             + (select count(*) from public.kpi_snapshots where cohort_id = ${cohortId}::uuid)
             + (select count(*) from public.aggregated_analytics where cohort_id = ${cohortId}::uuid) as n`))[0].n);
    expect(Number(await cohortRows(w.trainer, c2))).toBe(0);
    expect(Number(await cohortRows(t2, w.cohortId))).toBe(0);
    expect(Number(await cohortRows(w.trainer, w.cohortId))).toBeGreaterThan(0);
  });
});
