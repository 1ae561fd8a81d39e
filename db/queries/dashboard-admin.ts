// The org admin overview's reads that the analytics core (analytics-org.ts,
// analytics-cohort.ts) does not have: everything for a chosen date range and,
// optionally, one cohort. Only rollups, KPI snapshots, the analytics.*
// functions and domain tables — never raw_events. Run inside the caller's
// RLS-scoped transaction: the rollups and snapshots of an organization are
// readable by its org admins only, so anyone else gets empty results (and the
// analytics.* functions raise SW403).
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "../client";
import { listCohortMetrics } from "./analytics-cohort";
import { getOrgMetrics, listSkillDemand } from "./analytics-org";
import type { AdminFilters } from "@/lib/validation/dashboard-admin";

type Scope = { organizationId: string } & AdminFilters;
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Learners of the cohort filter, as a condition on `userColumn` (true without a cohort). */
function inCohort(scope: Scope, userColumn: SQL): SQL {
  if (!scope.cohortId) return sql`true`;
  return sql`${userColumn} in (select en.user_id from public.enrollments en
    where en.organization_id = ${scope.organizationId}::uuid and en.cohort_id = ${scope.cohortId}::uuid)`;
}

export interface ActiveUsers {
  /** Learners with ≥ 1 event on the range's last day, in its last 7 and last 30 days, and anywhere in the range. */
  day: number;
  week: number;
  month: number;
  inRange: number;
}

/** Distinct active learners (≥ 1 event that day) as of the range's end, from the learner daily rollups. */
export async function getActiveUsers(tx: Tx, scope: Scope): Promise<ActiveUsers> {
  const [row] = await tx.execute<Record<string, unknown>>(sql`
    select count(distinct r.user_id) filter (where r.day = ${scope.to}::date) as day,
           count(distinct r.user_id) filter (where r.day > ${scope.to}::date - 7) as week,
           count(distinct r.user_id) filter (where r.day > ${scope.to}::date - 30) as month,
           count(distinct r.user_id) filter (where r.day >= ${scope.from}::date) as in_range
    from public.learner_daily_rollups r
    where r.organization_id = ${scope.organizationId}::uuid and r.events > 0
      and r.day <= ${scope.to}::date and r.day > least(${scope.to}::date - 30, ${scope.from}::date - 1)
      and ${inCohort(scope, sql`r.user_id`)}`);
  return { day: Number(row.day), week: Number(row.week), month: Number(row.month), inRange: Number(row.in_range) };
}

export interface DailyPoint {
  day: string;
  activeLearners: number;
  activeMinutes: number;
  lessonsCompleted: number;
  avgScore: number | null;
}

/** One row per day of the range (days without activity are zeros), from the org's or the cohort's daily rollups. */
export async function listDailyActivity(tx: Tx, scope: Scope): Promise<DailyPoint[]> {
  const rollups = scope.cohortId
    ? sql`select * from public.cohort_daily_rollups where organization_id = ${scope.organizationId}::uuid and cohort_id = ${scope.cohortId}::uuid`
    : sql`select * from public.org_daily_rollups where organization_id = ${scope.organizationId}::uuid`;
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select d::date::text as day, coalesce(r.active_learners, 0) as active_learners,
           coalesce(r.active_minutes, 0)::float8 as active_minutes, coalesce(r.lessons_completed, 0) as lessons_completed,
           r.avg_score::float8 as avg_score
    from generate_series(${scope.from}::date, ${scope.to}::date, interval '1 day') d
    left join (${rollups}) r on r.day = d::date
    order by d`);
  return rows.map((row) => ({
    day: row.day as string,
    activeLearners: Number(row.active_learners),
    activeMinutes: Number(row.active_minutes),
    lessonsCompleted: Number(row.lessons_completed),
    avgScore: num(row.avg_score),
  }));
}

export interface WeeklyPoint {
  /** Monday of the week (the range's first and last weeks may be partial). */
  week: string;
  activeLearners: number;
  minutesPerActiveLearner: number | null;
  lessonsCompleted: number;
  lessonsPerActiveLearner: number | null;
  avgScore: number | null;
}

/**
 * Per ISO week of the range: distinct active learners, minutes and lessons per
 * active learner (engagement, velocity) and the average score (Σ scores /
 * count), from the learner daily rollups.
 */
export async function listWeeklyTrend(tx: Tx, scope: Scope): Promise<WeeklyPoint[]> {
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select date_trunc('week', r.day)::date::text as week, count(distinct r.user_id) as active_learners,
           sum(r.active_minutes)::float8 as minutes, sum(r.lessons_completed) as lessons,
           sum(r.score_sum)::float8 as score_sum, sum(r.score_count) as score_count
    from public.learner_daily_rollups r
    where r.organization_id = ${scope.organizationId}::uuid and r.events > 0
      and r.day between ${scope.from}::date and ${scope.to}::date
      and ${inCohort(scope, sql`r.user_id`)}
    group by 1 order by 1`);
  return rows.map((row) => {
    const active = Number(row.active_learners);
    const lessons = Number(row.lessons);
    const scoreCount = Number(row.score_count);
    return {
      week: row.week as string,
      activeLearners: active,
      minutesPerActiveLearner: active > 0 ? round(Number(row.minutes) / active, 1) : null,
      lessonsCompleted: lessons,
      lessonsPerActiveLearner: active > 0 ? round(lessons / active) : null,
      avgScore: scoreCount > 0 ? round(Number(row.score_sum) / scoreCount) : null,
    };
  });
}

export interface KpiPoint {
  day: string;
  learners: number;
  turnoverRisk: number | null;
  burnoutRisk: number | null;
  productivityIndex: number | null;
  highPotentialCount: number;
  atRiskCount: number;
  avgEngagement: number | null;
  avgMastery: number | null;
  avgVelocity: number | null;
  withPrediction: number | null;
  velocity: { ahead: number; onTrack: number; behind: number } | null;
}

/**
 * KPI snapshots of the organization (or the cohort) in the range, oldest
 * first, plus the latest one on or before the range's end (the KPI tree shows
 * it even when the range holds no snapshot).
 */
export async function listKpiHistory(tx: Tx, scope: Scope): Promise<{ history: KpiPoint[]; latest: KpiPoint | null }> {
  const cohort = scope.cohortId ? sql`k.cohort_id = ${scope.cohortId}::uuid` : sql`k.cohort_id is null`;
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select k.snapshot_day::text as day, k.learners, k.turnover_risk::float8 as turnover_risk, k.burnout_risk::float8 as burnout_risk,
           k.productivity_index::float8 as productivity_index, k.high_potential_count, k.at_risk_count,
           k.avg_engagement::float8 as avg_engagement, k.avg_mastery::float8 as avg_mastery, k.avg_velocity::float8 as avg_velocity,
           k.details, k.snapshot_day >= ${scope.from}::date as in_range
    from public.kpi_snapshots k
    where k.organization_id = ${scope.organizationId}::uuid and ${cohort} and k.snapshot_day <= ${scope.to}::date
      and (k.snapshot_day >= ${scope.from}::date
           or k.snapshot_day = (select max(x.snapshot_day) from public.kpi_snapshots x
                                where x.organization_id = k.organization_id and x.cohort_id is not distinct from k.cohort_id
                                  and x.snapshot_day <= ${scope.to}::date))
    order by k.snapshot_day`);
  const points = rows.map((row) => {
    const details = (row.details ?? {}) as { with_prediction?: number; velocity?: { ahead: number; on_track: number; behind: number } };
    const point: KpiPoint = {
      day: row.day as string,
      learners: Number(row.learners),
      turnoverRisk: num(row.turnover_risk),
      burnoutRisk: num(row.burnout_risk),
      productivityIndex: num(row.productivity_index),
      highPotentialCount: Number(row.high_potential_count),
      atRiskCount: Number(row.at_risk_count),
      avgEngagement: num(row.avg_engagement),
      avgMastery: num(row.avg_mastery),
      avgVelocity: num(row.avg_velocity),
      withPrediction: num(details.with_prediction),
      velocity: details.velocity
        ? { ahead: Number(details.velocity.ahead), onTrack: Number(details.velocity.on_track), behind: Number(details.velocity.behind) }
        : null,
    };
    return { point, inRange: Boolean(row.in_range) };
  });
  return { history: points.filter((p) => p.inRange).map((p) => p.point), latest: points.at(-1)?.point ?? null };
}

export interface SkillDemandRow {
  skillId: string;
  skill: string;
  month: string;
  learners: number;
  previousLearners: number;
  growthPercent: number | null;
  avgMastery: number | null;
}

/**
 * Skill demand of the latest month in the range that has any (analytics.skill_demand:
 * learners who worked on each skill that month, growth over the month before),
 * busiest skills first. Organization-wide: the view is not split by cohort.
 */
export async function listSkillDemandForRange(tx: Tx, scope: Scope, limit = 10): Promise<{ month: string | null; rows: SkillDemandRow[] }> {
  const all = await listSkillDemand(tx, { organizationId: scope.organizationId, months: 13 });
  const [fromMonth, toMonth] = [`${scope.from.slice(0, 7)}-01`, `${scope.to.slice(0, 7)}-01`];
  const months = [...new Set(all.map((row) => row.month.slice(0, 10)))].filter((m) => m >= fromMonth && m <= toMonth).sort();
  const month = months.at(-1) ?? null;
  const rows = all
    .filter((row) => row.month.slice(0, 10) === month)
    .map((row) => ({
      skillId: row.skillId,
      skill: row.skillName,
      month: row.month.slice(0, 10),
      learners: row.learners,
      previousLearners: row.previousLearners ?? 0,
      growthPercent: row.growthPercent,
      avgMastery: row.avgMastery,
    }))
    .sort((a, b) => b.learners - a.learners || a.skill.localeCompare(b.skill))
    .slice(0, limit);
  return { month, rows };
}

export interface CohortComparisonRow {
  cohortId: string;
  name: string;
  learners: number;
  avgProgress: number;
  completed: number;
  avgEngagement: number | null;
  atRisk: number;
  turnoverRisk: number | null;
  /** In the date range: distinct active learners, lessons completed, average score. */
  activeInRange: number;
  lessonsInRange: number;
  avgScoreInRange: number | null;
}

/** Every cohort side by side: health now (analytics.cohort_metrics) and activity in the range (rollups). */
export async function listCohortComparison(tx: Tx, scope: Scope): Promise<CohortComparisonRow[]> {
  const metrics = await listCohortMetrics(tx, { organizationId: scope.organizationId });
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select en.cohort_id, count(distinct r.user_id) as active, coalesce(sum(r.lessons_completed), 0) as lessons,
           sum(r.score_sum)::float8 as score_sum, coalesce(sum(r.score_count), 0) as score_count
    from public.enrollments en
    join public.learner_daily_rollups r on r.organization_id = en.organization_id and r.user_id = en.user_id
      and r.events > 0 and r.day between ${scope.from}::date and ${scope.to}::date
    where en.organization_id = ${scope.organizationId}::uuid
    group by en.cohort_id`);
  const inRange = new Map(rows.map((row) => [row.cohort_id as string, row]));
  return metrics
    .map((m) => {
      const r = inRange.get(m.cohortId);
      const scoreCount = Number(r?.score_count ?? 0);
      return {
        cohortId: m.cohortId,
        name: m.name,
        learners: m.learners,
        avgProgress: m.avgProgress,
        completed: m.completed,
        avgEngagement: m.avgEngagement,
        atRisk: m.atRiskHigh + m.atRiskMedium,
        turnoverRisk: m.turnoverRisk,
        activeInRange: Number(r?.active ?? 0),
        lessonsInRange: Number(r?.lessons ?? 0),
        avgScoreInRange: scoreCount > 0 ? round(Number(r!.score_sum) / scoreCount) : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The cohorts the filter offers. */
export async function listCohortOptions(tx: Tx, input: { organizationId: string }) {
  const rows = await tx.execute<{ id: string; name: string }>(sql`
    select id, name from public.cohorts where organization_id = ${input.organizationId}::uuid order by name, id`);
  return rows.map((row) => ({ id: row.id, name: row.name }));
}

/** Whether the organization has ever had learning activity (a daily rollup with events). */
export async function hasAnyActivity(tx: Tx, input: { organizationId: string }) {
  const rows = await tx.execute(sql`
    select 1 from public.org_daily_rollups where organization_id = ${input.organizationId}::uuid and events > 0 limit 1`);
  return rows.length > 0;
}

/** organization_settings.raw_retention_days (30, the column's default, before the row exists). */
export async function getRawRetentionDays(tx: Tx, input: { organizationId: string }) {
  const [row] = await tx.execute<{ days: number }>(sql`
    select raw_retention_days as days from public.organization_settings where organization_id = ${input.organizationId}::uuid`);
  return row ? Number(row.days) : 30;
}

/** Sets the raw-event retention (RLS: holders of settings.manage only; anyone else changes nothing and gets an error). */
export async function setRawRetentionDays(tx: Tx, input: { organizationId: string; days: number }) {
  const rows = await tx.execute<{ days: number }>(sql`
    insert into public.organization_settings (organization_id, raw_retention_days)
    values (${input.organizationId}::uuid, ${input.days}::integer)
    on conflict (organization_id) do update set raw_retention_days = excluded.raw_retention_days
    returning raw_retention_days as days`);
  return Number(rows[0].days);
}

/** Everything the overview draws, for one range and optional cohort, in the caller's transaction. */
export async function adminOverview(tx: Tx, scope: Scope) {
  const org = { organizationId: scope.organizationId };
  // analytics.org_metrics refuses anyone without analytics.view_org (SW403), so a
  // learner or trainer calling this gets an error, not their own slice of the rollups.
  await getOrgMetrics(tx, org);
  const hasActivity = await hasAnyActivity(tx, org);
  const [cohorts, retentionDays] = [await listCohortOptions(tx, org), await getRawRetentionDays(tx, org)];
  if (!hasActivity) return { hasActivity, cohorts, retentionDays } as const;
  return {
    hasActivity,
    cohorts,
    retentionDays,
    activeUsers: await getActiveUsers(tx, scope),
    daily: await listDailyActivity(tx, scope),
    weekly: await listWeeklyTrend(tx, scope),
    kpis: await listKpiHistory(tx, scope),
    skillDemand: await listSkillDemandForRange(tx, scope),
    cohortComparison: await listCohortComparison(tx, scope),
  } as const;
}
export type AdminOverview = Awaited<ReturnType<typeof adminOverview>>;
