// Organization analytics for holders of analytics.view_org (org admins):
// metrics (active users, 30-day totals, latest KPI tree), the daily trend,
// the KPI tree with each number's definition, skill demand with growth,
// monthly/yearly aggregates and the cohort comparison. RLS-scoped reads of
// rollups and snapshots, and the analytics.* functions over materialized
// views (which refuse non-admins with SW403).
import { and, asc, desc, eq, gte, isNull, lte, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { aggregatedAnalytics, kpiSnapshots, orgDailyRollups } from "../schema";

type Org = { organizationId: string };
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** What each KPI means, its range and its limits (the formulas: analytics.run_kpis in the migrations). */
export const KPI_DEFINITIONS = {
  turnoverRisk: {
    label: "Turnover risk",
    range: "0–100",
    definition: "100 × the mean drop-off risk of learners with a prediction (days inactive, slowing pace, falling scores, missed due dates).",
    limits: "Learning disengagement only: the product holds no HR data. Learners who opted out of predictions are not counted.",
  },
  burnoutRisk: {
    label: "Burnout risk",
    range: "0–100",
    definition: "Share of learners with 10 hours or more of learning in the last 7 days, or active all 7 days while their scores decline.",
    limits: "Learning time only; working hours and wellbeing surveys are not in the product.",
  },
  productivityIndex: {
    label: "Productivity index",
    range: "0–100",
    definition: "Half the mean assessment score plus half the mean skill mastery.",
    limits: "Learning outcomes, not work output.",
  },
  highPotentialCount: {
    label: "High potential",
    range: "count",
    definition: "Learners averaging 85 or more on assessments, with engagement 70 or more, on pace or ahead.",
    limits: "No leadership assessments exist: it names strong, engaged, on-pace learners.",
  },
} as const;

/** The organization's metrics row (analytics.org_metrics), or null before the first refresh. */
export async function getOrgMetrics(tx: Tx, input: Org) {
  const [row] = await tx.execute<Record<string, unknown>>(sql`select * from analytics.org_metrics(${input.organizationId}::uuid)`);
  if (!row) return null;
  return {
    members: Number(row.members),
    active1d: Number(row.active_1d),
    active7d: Number(row.active_7d),
    active30d: Number(row.active_30d),
    lessonsCompleted30d: Number(row.lessons_completed_30d),
    avgScore30d: num(row.avg_score_30d),
    points30d: Number(row.points_30d),
    kpiDay: (row.kpi_day as string | null) ?? null,
    turnoverRisk: num(row.turnover_risk),
    burnoutRisk: num(row.burnout_risk),
    productivityIndex: num(row.productivity_index),
    highPotentialCount: num(row.high_potential_count),
    atRiskCount: num(row.at_risk_count),
    avgEngagement: num(row.avg_engagement),
    avgMastery: num(row.avg_mastery),
    avgVelocity: num(row.avg_velocity),
  };
}

/** Daily org rollups between two UTC days (inclusive), oldest first. */
export function listOrgDailyTrend(tx: Tx, input: Org & { from: string; to: string }) {
  return tx
    .select()
    .from(orgDailyRollups)
    .where(and(eq(orgDailyRollups.organizationId, input.organizationId), gte(orgDailyRollups.day, input.from), lte(orgDailyRollups.day, input.to)))
    .orderBy(asc(orgDailyRollups.day));
}

/** KPI snapshots of the organization (cohort_id null), newest first, with the definitions. */
export async function getOrgKpis(tx: Tx, input: Org & { days?: number }) {
  const rows = await tx
    .select()
    .from(kpiSnapshots)
    .where(and(eq(kpiSnapshots.organizationId, input.organizationId), isNull(kpiSnapshots.cohortId)))
    .orderBy(desc(kpiSnapshots.snapshotDay))
    .limit(input.days ?? 30);
  return { latest: rows[0] ?? null, history: rows.reverse(), definitions: KPI_DEFINITIONS };
}

/** Skill demand per month with month-over-month growth (analytics.skill_demand). */
export async function listSkillDemand(tx: Tx, input: Org & { months?: number }) {
  const rows = await tx.execute<Record<string, unknown>>(
    sql`select * from analytics.skill_demand(${input.organizationId}::uuid, ${input.months ?? 6}::integer)`,
  );
  return rows.map((row) => ({
    skillId: row.skill_id as string,
    skillName: row.skill_name as string,
    month: row.month as string,
    learners: Number(row.learners),
    previousLearners: num(row.previous_learners),
    growthPercent: num(row.growth_percent),
    avgMastery: num(row.avg_mastery),
  }));
}

/** Monthly or yearly aggregates (7-year layer) of the organization, or of one cohort, oldest first. */
export function listAggregates(tx: Tx, input: Org & { period: "month" | "year"; cohortId?: string }) {
  return tx
    .select()
    .from(aggregatedAnalytics)
    .where(
      and(
        eq(aggregatedAnalytics.organizationId, input.organizationId),
        eq(aggregatedAnalytics.period, input.period),
        input.cohortId ? eq(aggregatedAnalytics.cohortId, input.cohortId) : isNull(aggregatedAnalytics.cohortId),
      ),
    )
    .orderBy(asc(aggregatedAnalytics.periodStart));
}
