// The org admin overview's data (db/queries/dashboard-admin.ts) on the
// analytics golden data set (tests/support/analytics-golden.ts), read as the
// org admin through RLS after the pipeline ran as the jobs do, with the date
// range and cohort filters. Expected numbers are worked out by hand from the
// golden set's comment:
//   learner daily rollups (minutes, lessons, score sum / count):
//     L1  D−2 30, 1, 0/0   D−1 25, 1, 170/2   D 30, 0, 0/0      (cohort C)
//     L2  D−10 10, 1, 0/0  D−8 0, 0, 70/2                       (cohort C)
//     L3  D 0, 0, 0/0                                           (no cohort)
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { createGoldenWorld, runPipeline, utcDay, type GoldenWorld } from "../support/analytics-golden";
import { createOrg, testDb, withUserDb } from "../support/db";
import {
  adminOverview,
  getActiveUsers,
  getRawRetentionDays,
  hasAnyActivity,
  listCohortComparison,
  listDailyActivity,
  listKpiHistory,
  listSkillDemandForRange,
  listWeeklyTrend,
  setRawRetentionDays,
} from "@/db/queries/dashboard-admin";
import { parseAdminFilters, type AdminFilters } from "@/lib/validation/dashboard-admin";

const as = <T>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());
const D = (k = 0) => utcDay(-k);

let w: GoldenWorld;
let scope: (filters: Partial<AdminFilters>) => { organizationId: string } & AdminFilters;
beforeAll(async () => {
  w = await createGoldenWorld();
  await runPipeline(w.org.id);
  scope = (filters) => ({ organizationId: w.org.id, from: D(29), to: D(0), cohortId: null, ...filters });
}, 120_000);

function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

describe("active users (day / week / month) as of the range's end", () => {
  it("whole organization, the last 30 days: today L1 and L3; 7 days L1 and L3; 30 days all three", async () => {
    expect(await as(w.admin, (tx) => getActiveUsers(tx, scope({})))).toEqual({ day: 2, week: 2, month: 3, inRange: 3 });
  });

  it("a range ending yesterday: that day L1; its 7 days (D−7 … D−1) L1 only, L2's D−8 is outside; 30 days L1 and L2", async () => {
    expect(await as(w.admin, (tx) => getActiveUsers(tx, scope({ to: D(1) })))).toEqual({ day: 1, week: 1, month: 2, inRange: 2 });
  });

  it("the cohort filter counts only the cohort's learners (L3 is not enrolled)", async () => {
    expect(await as(w.admin, (tx) => getActiveUsers(tx, scope({ cohortId: w.cohortId })))).toEqual({ day: 1, week: 1, month: 2, inRange: 2 });
  });

  it("in range counts only the range's days: D−9 … D−2 holds L2 (D−8) and L1 (D−2)", async () => {
    expect(await as(w.admin, (tx) => getActiveUsers(tx, scope({ from: D(9), to: D(2) })))).toMatchObject({ day: 1, inRange: 2 });
  });
});

describe("daily activity", () => {
  it("one row per day of the range, zeros on quiet days, from the org's rollups", async () => {
    const days = await as(w.admin, (tx) => listDailyActivity(tx, scope({ from: D(10) })));
    expect(days).toHaveLength(11);
    expect(days[0]).toEqual({ day: D(10), activeLearners: 1, activeMinutes: 10, lessonsCompleted: 1, avgScore: null });
    expect(days[1]).toEqual({ day: D(9), activeLearners: 0, activeMinutes: 0, lessonsCompleted: 0, avgScore: null });
    // D−1: L1 only, 25 min, 1 lesson, (90 + 80) / 2 = 85. D: L1 30 min + L3 0 min.
    expect(days[9]).toEqual({ day: D(1), activeLearners: 1, activeMinutes: 25, lessonsCompleted: 1, avgScore: 85 });
    expect(days[10]).toEqual({ day: D(0), activeLearners: 2, activeMinutes: 30, lessonsCompleted: 0, avgScore: null });
  });

  it("with the cohort filter, from the cohort's rollups (today L1 only)", async () => {
    const days = await as(w.admin, (tx) => listDailyActivity(tx, scope({ from: D(1), cohortId: w.cohortId })));
    expect(days.map((d) => [d.day, d.activeLearners, d.activeMinutes])).toEqual([[D(1), 1, 25], [D(0), 1, 30]]);
  });
});

describe("weekly engagement, velocity and scores", () => {
  it("per ISO week: distinct active learners, minutes and lessons per active learner, Σ scores / count", async () => {
    const rows: Array<[string, string, number, number, number, number]> = [
      // learner, day, minutes, lessons, score sum, score count
      ["l1", D(2), 30, 1, 0, 0], ["l1", D(1), 25, 1, 170, 2], ["l1", D(0), 30, 0, 0, 0],
      ["l2", D(10), 10, 1, 0, 0], ["l2", D(8), 0, 0, 70, 2], ["l3", D(0), 0, 0, 0, 0],
    ];
    const expected = new Map<string, { who: Set<string>; minutes: number; lessons: number; sum: number; count: number }>();
    for (const [who, day, minutes, lessons, sum, count] of rows) {
      const e = expected.get(mondayOf(day)) ?? { who: new Set(), minutes: 0, lessons: 0, sum: 0, count: 0 };
      e.who.add(who);
      expected.set(mondayOf(day), { who: e.who, minutes: e.minutes + minutes, lessons: e.lessons + lessons, sum: e.sum + sum, count: e.count + count });
    }
    const weeks = await as(w.admin, (tx) => listWeeklyTrend(tx, scope({})));
    const r2 = (n: number) => Math.round(n * 100) / 100;
    expect(weeks).toEqual(
      [...expected.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, e]) => ({
        week,
        activeLearners: e.who.size,
        minutesPerActiveLearner: Math.round((e.minutes / e.who.size) * 10) / 10,
        lessonsCompleted: e.lessons,
        lessonsPerActiveLearner: r2(e.lessons / e.who.size),
        avgScore: e.count ? r2(e.sum / e.count) : null,
      })),
    );
    const cohortWeeks = await as(w.admin, (tx) => listWeeklyTrend(tx, scope({ cohortId: w.cohortId })));
    expect(cohortWeeks.reduce((n, week) => n + week.lessonsCompleted, 0)).toBe(3);
    expect(Math.max(...cohortWeeks.map((week) => week.activeLearners))).toBeLessThanOrEqual(2);
  });
});

describe("KPI tree history", () => {
  it("today's snapshot for the organization and for the cohort; none before the first nightly run", async () => {
    const org = await as(w.admin, (tx) => listKpiHistory(tx, scope({})));
    // As in analytics-golden.test.ts: turnover 100 · mean(0, 0.4) = 20, burnout 0, productivity 56.5,
    // high potential 0, engagement (28 + 12 + 5) / 3 = 15, mastery 53, velocity 0.25; L1 on track, L2 behind.
    expect(org.history).toHaveLength(1);
    expect(org.latest).toMatchObject({ day: D(), learners: 3, turnoverRisk: 20, burnoutRisk: 0, productivityIndex: 56.5, highPotentialCount: 0, avgEngagement: 15, avgMastery: 53, avgVelocity: 0.25 });
    expect(org.latest?.velocity).toBeTruthy();
    const cohort = await as(w.admin, (tx) => listKpiHistory(tx, scope({ cohortId: w.cohortId })));
    expect(cohort.latest).toMatchObject({ learners: 2, turnoverRisk: 20, avgEngagement: 20, avgVelocity: 0.38 });
    // A range that ends yesterday: no snapshot on or before it.
    expect(await as(w.admin, (tx) => listKpiHistory(tx, scope({ to: D(1) })))).toEqual({ history: [], latest: null });
  });
});

describe("skill demand and cohort comparison", () => {
  it("skill demand of the range's latest month: S1's learners that month", async () => {
    const demand = await as(w.admin, (tx) => listSkillDemandForRange(tx, scope({})));
    const thisMonth = `${D().slice(0, 7)}-01`;
    // S1 activity: L1 at D−2/D−1, L2 at D−10/D−8 (lessons and answers); S2 (lesson 4) none.
    const learners = new Set([["l1", D(2)], ["l1", D(1)], ["l2", D(10)], ["l2", D(8)]].filter(([, d]) => d >= thisMonth).map(([who]) => who));
    expect(demand.month).toBe(learners.size ? thisMonth : expect.any(String));
    if (learners.size) expect(demand.rows).toEqual([expect.objectContaining({ skillId: w.s1, learners: learners.size, avgMastery: 53 })]);
  });

  it("each cohort's health now and its activity in the range", async () => {
    const [row] = await as(w.admin, (tx) => listCohortComparison(tx, scope({})));
    // Progress (50 + 25) / 2; L2 at medium risk; in 30 days L1 and L2 active, 3 lessons, (170 + 70) / 4 = 60.
    expect(row).toEqual({ cohortId: w.cohortId, name: "Golden cohort", learners: 2, avgProgress: 37.5, completed: 0, avgEngagement: 20, atRisk: 1,
      turnoverRisk: 20, activeInRange: 2, lessonsInRange: 3, avgScoreInRange: 60 });
    const [recent] = await as(w.admin, (tx) => listCohortComparison(tx, scope({ from: D(2) })));
    expect(recent).toMatchObject({ activeInRange: 1, lessonsInRange: 2, avgScoreInRange: 85 });
  });
});

describe("the whole overview, filters from the URL", () => {
  it("parses the URL's range and cohort and reads everything for them", async () => {
    const { filters, problem } = parseAdminFilters({ from: D(9), to: D(2), cohort: w.cohortId }, D());
    expect(problem).toBeNull();
    const overview = await as(w.admin, (tx) => adminOverview(tx, { organizationId: w.org.id, ...filters }));
    if (!overview.hasActivity) throw new Error("the golden organization has activity");
    // Ending D−2: that day L1; its 7 days (D−8 … D−2) L1 and L2; in range L2 (D−8) and L1 (D−2).
    expect(overview.activeUsers).toEqual({ day: 1, week: 2, month: 2, inRange: 2 });
    expect(overview.daily).toHaveLength(8);
    expect(overview.cohorts).toEqual([{ id: w.cohortId, name: "Golden cohort" }]);
  });

  it("a bad range is explained and the default range is read instead", () => {
    expect(parseAdminFilters({ from: D(1), to: D(5) }, D())).toMatchObject({ problem: "From must be on or before To", filters: { from: D(29), to: D(0), cohortId: null } });
    expect(parseAdminFilters({ from: "2026-02-30" }, D()).problem).toMatch(/not a date in the calendar/);
  });

  it("learners and trainers cannot read the organization's overview", async () => {
    for (const who of [w.l1, w.trainer]) {
      await expect(as(who, (tx) => adminOverview(tx, scope({})))).rejects.toThrow(/not allowed|permission|SW403|org/i);
    }
  });

  it("a new organization has no activity and says so instead of drawing zeros", async () => {
    const fresh = await createOrg();
    expect(await as(fresh.owner, (tx) => hasAnyActivity(tx, { organizationId: fresh.id }))).toBe(false);
    const overview = await as(fresh.owner, (tx) => adminOverview(tx, { organizationId: fresh.id, from: D(29), to: D(), cohortId: null }));
    expect(overview).toEqual({ hasActivity: false, cohorts: [], retentionDays: 30 });
  });
});

describe("raw-event retention setting", () => {
  it("the org admin sets it; a learner cannot", async () => {
    const fresh = await createOrg({ learner: "learner" });
    const o = { organizationId: fresh.id };
    expect(await as(fresh.owner, (tx) => getRawRetentionDays(tx, o))).toBe(30);
    expect(await as(fresh.owner, (tx) => setRawRetentionDays(tx, { ...o, days: 90 }))).toBe(90);
    expect(await as(fresh.owner, (tx) => getRawRetentionDays(tx, o))).toBe(90);
    await expect(as(fresh.members.learner, (tx) => setRawRetentionDays(tx, { ...o, days: 7 }))).rejects.toThrow();
    expect(await as(fresh.owner, (tx) => getRawRetentionDays(tx, o))).toBe(90);
  });

  it("every change is in the audit log with the admin as actor and the old and new values", async () => {
    const fresh = await createOrg({ learner: "learner" });
    const o = { organizationId: fresh.id };
    await as(fresh.owner, (tx) => setRawRetentionDays(tx, { ...o, days: 90 }));
    await as(fresh.owner, (tx) => setRawRetentionDays(tx, { ...o, days: 14 }));
    await as(fresh.owner, (tx) => setRawRetentionDays(tx, { ...o, days: 14 })); // no change: not logged
    await expect(as(fresh.members.learner, (tx) => setRawRetentionDays(tx, { ...o, days: 7 }))).rejects.toThrow();
    // Read as the admin, through RLS, as the audit log page does.
    const entries = await as(fresh.owner, (tx) =>
      tx.execute<{ action: string; actor_id: string; actor_email: string; before: number | null; after: number }>(sql`
        select action, actor_id, actor_email, (old_values ->> 'raw_retention_days')::int as before,
               (new_values ->> 'raw_retention_days')::int as after
        from public.audit_logs where organization_id = ${fresh.id}::uuid and resource_type = 'organization_setting'
        order by created_at, id`),
    );
    const actor = { actor_id: fresh.owner.sub, actor_email: fresh.owner.email };
    expect(entries).toEqual([
      { action: "organization_setting.created", ...actor, before: null, after: 90 },
      { action: "organization_setting.updated", ...actor, before: 90, after: 14 },
    ]);
  });
});
