// Cohort analytics for trainers (the cohorts they teach) and org admins (all
// cohorts): cohort health, daily trend, the learners table (sorted, filtered
// and paginated in SQL), at-risk learners with their factors, per-question
// item statistics and content effectiveness. RLS-scoped: a trainer gets
// nothing of a cohort they do not teach (the caller maps "nothing" to 404).
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { cohortDailyRollups, kpiSnapshots, questionItemStats, questions } from "../schema";
import type { CohortLearnersQuery } from "@/lib/validation/analytics";
import type { RiskFactor } from "../schema/analytics";

type Org = { organizationId: string };

export interface CohortMetrics {
  organizationId: string;
  cohortId: string;
  name: string;
  courseId: string;
  startsOn: string;
  endsOn: string;
  learners: number;
  avgProgress: number;
  progressDistribution: Record<"0-24" | "25-49" | "50-74" | "75-99" | "100", number>;
  completed: number;
  active7d: number;
  avgEngagement: number | null;
  atRiskHigh: number;
  atRiskMedium: number;
  avgScore30d: number | null;
  turnoverRisk: number | null;
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Health of every cohort the caller may see (analytics.cohort_metrics: taught cohorts, or all with cohorts.view_all). */
export async function listCohortMetrics(tx: Tx, input: Org & { cohortId?: string }): Promise<CohortMetrics[]> {
  const rows = await tx.execute<Record<string, unknown>>(sql`select * from analytics.cohort_metrics(${input.organizationId}::uuid)`);
  return rows
    .filter((row) => !input.cohortId || row.cohort_id === input.cohortId)
    .map((row) => ({
      organizationId: row.organization_id as string,
      cohortId: row.cohort_id as string,
      name: row.name as string,
      courseId: row.course_id as string,
      startsOn: row.starts_on as string,
      endsOn: row.ends_on as string,
      learners: Number(row.learners),
      avgProgress: Number(row.avg_progress),
      progressDistribution: row.progress_distribution as CohortMetrics["progressDistribution"],
      completed: Number(row.completed),
      active7d: Number(row.active_7d),
      avgEngagement: num(row.avg_engagement),
      atRiskHigh: Number(row.at_risk_high),
      atRiskMedium: Number(row.at_risk_medium),
      avgScore30d: num(row.avg_score_30d),
      turnoverRisk: num(row.turnover_risk),
    }));
}

/** The cohort's daily rollups of the last `days` days, oldest first. */
export function listCohortDailyTrend(tx: Tx, input: Org & { cohortId: string; days: number }) {
  return tx
    .select()
    .from(cohortDailyRollups)
    .where(
      and(
        eq(cohortDailyRollups.organizationId, input.organizationId),
        eq(cohortDailyRollups.cohortId, input.cohortId),
        gt(cohortDailyRollups.day, sql`(now() at time zone 'utc')::date - ${input.days}::integer`),
      ),
    )
    .orderBy(asc(cohortDailyRollups.day));
}

/** The cohort's latest KPI snapshot, or null. */
export async function getCohortKpis(tx: Tx, input: Org & { cohortId: string }) {
  const [row] = await tx
    .select()
    .from(kpiSnapshots)
    .where(and(eq(kpiSnapshots.organizationId, input.organizationId), eq(kpiSnapshots.cohortId, input.cohortId)))
    .orderBy(desc(kpiSnapshots.snapshotDay))
    .limit(1);
  return row ?? null;
}

export interface CohortLearnerRow {
  userId: string;
  name: string;
  email: string;
  progressPercent: number;
  dueOn: string | null;
  engagementScore: number | null;
  avgScore: number | null;
  velocityStatus: string | null;
  lastActive: string | null;
  dropOffRisk: number | null;
  riskLevel: "low" | "medium" | "high" | null;
  factors: RiskFactor[] | null;
}

const SORT_SQL = {
  name: sql`lower(coalesce(nullif(p.full_name, ''), p.email))`,
  progress: sql`e.progress_percent`,
  engagement: sql`s.engagement_score`,
  risk: sql`pc.drop_off_risk`,
  score: sql`s.avg_score`,
  last_active: sql`(s.engagement ->> 'last_active')::date`,
} as const;

/**
 * One page of a cohort's learners with their latest analytics, sorted,
 * filtered and paginated in SQL (a cohort may hold hundreds). Under RLS a
 * trainer of another cohort gets { total: 0, rows: [] }.
 */
export async function listCohortLearners(tx: Tx, input: Org & { cohortId: string } & CohortLearnersQuery) {
  const order = SORT_SQL[input.sort];
  const direction = input.direction === "asc" ? sql`asc nulls first` : sql`desc nulls last`;
  const pattern = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select e.user_id, p.full_name, p.email, e.progress_percent, e.due_on, s.engagement_score, s.avg_score,
           s.velocity_status, s.engagement ->> 'last_active' as last_active, pc.drop_off_risk, pc.risk_level, pc.factors,
           count(*) over () as total
    from public.enrollments e
    join public.profiles p on p.id = e.user_id
    left join lateral (
      select * from public.learner_analytics_snapshots s
      where s.organization_id = e.organization_id and s.user_id = e.user_id
      order by s.snapshot_day desc limit 1
    ) s on true
    left join public.predictive_analytics_cache pc
      on pc.organization_id = e.organization_id and pc.user_id = e.user_id and pc.expires_at > now()
    where e.organization_id = ${input.organizationId}::uuid and e.cohort_id = ${input.cohortId}::uuid
      and (${input.risk} = 'any' or pc.risk_level = ${input.risk})
      and (${input.search} = '' or p.full_name ilike ${pattern} or p.email ilike ${pattern})
    order by ${order} ${direction}, p.email
    limit ${input.pageSize}::integer offset ${(input.page - 1) * input.pageSize}::integer`);
  return {
    total: rows.length > 0 ? Number(rows[0].total) : 0,
    rows: rows.map(
      (row): CohortLearnerRow => ({
        userId: row.user_id as string,
        name: (row.full_name as string) || (row.email as string).split("@")[0],
        email: row.email as string,
        progressPercent: Number(row.progress_percent),
        dueOn: (row.due_on as string | null) ?? null,
        engagementScore: num(row.engagement_score),
        avgScore: num(row.avg_score),
        velocityStatus: (row.velocity_status as string | null) ?? null,
        lastActive: (row.last_active as string | null) ?? null,
        dropOffRisk: num(row.drop_off_risk),
        riskLevel: (row.risk_level as CohortLearnerRow["riskLevel"]) ?? null,
        factors: (row.factors as RiskFactor[] | null) ?? null,
      }),
    ),
  };
}

/** Learners at risk in the cohorts the caller may see (or one cohort), riskiest first, with their factors. */
export async function listAtRiskLearners(tx: Tx, input: Org & { cohortId?: string; minLevel?: "medium" | "high"; limit?: number }) {
  const levels = input.minLevel === "high" ? ["high"] : ["medium", "high"];
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select distinct on (pc.drop_off_risk, pc.user_id) pc.user_id, p.full_name, p.email, pc.drop_off_risk, pc.risk_level,
           pc.factors, pc.completion_forecast_on, pc.next_lesson_id, e.cohort_id
    from public.predictive_analytics_cache pc
    join public.enrollments e on e.organization_id = pc.organization_id and e.user_id = pc.user_id
    join public.profiles p on p.id = pc.user_id
    where pc.organization_id = ${input.organizationId}::uuid and pc.expires_at > now()
      and pc.risk_level in (${sql.join(levels.map((level) => sql`${level}`), sql`, `)})
      and (${input.cohortId ?? null}::uuid is null or e.cohort_id = ${input.cohortId ?? null}::uuid)
    order by pc.drop_off_risk desc, pc.user_id
    limit ${input.limit ?? 50}::integer`);
  return rows.map((row) => ({
    userId: row.user_id as string,
    name: (row.full_name as string) || (row.email as string).split("@")[0],
    cohortId: row.cohort_id as string,
    dropOffRisk: Number(row.drop_off_risk),
    riskLevel: row.risk_level as "medium" | "high",
    factors: row.factors as RiskFactor[],
    completionForecastOn: (row.completion_forecast_on as string | null) ?? null,
    nextLessonId: (row.next_lesson_id as string | null) ?? null,
  }));
}

/** Item statistics of an assessment's questions, in question order (content authors: courses.manage). */
export function listItemStats(tx: Tx, input: Org & { assessmentId: string }) {
  return tx
    .select({
      questionId: questions.id,
      prompt: questions.prompt,
      kind: questions.kind,
      position: questions.position,
      attempts: questionItemStats.attempts,
      correct: questionItemStats.correct,
      difficulty: questionItemStats.difficulty,
      discrimination: questionItemStats.discrimination,
      discriminationUl: questionItemStats.discriminationUl,
    })
    .from(questionItemStats)
    .innerJoin(questions, eq(questions.id, questionItemStats.questionId))
    .where(and(eq(questionItemStats.organizationId, input.organizationId), eq(questionItemStats.assessmentId, input.assessmentId)))
    .orderBy(asc(questions.position), asc(questions.id));
}

/** Lessons of a course by their lift on assessment scores (analytics.lesson_effectiveness; trainers and admins). */
export async function listLessonEffectiveness(tx: Tx, input: Org & { courseId: string }) {
  const rows = await tx.execute<Record<string, unknown>>(
    sql`select * from analytics.lesson_effectiveness(${input.organizationId}::uuid, ${input.courseId}::uuid)`,
  );
  return rows.map((row) => ({
    lessonId: row.lesson_id as string,
    title: row.title as string,
    attemptsAfter: Number(row.attempts_after),
    meanAfter: num(row.mean_after),
    attemptsWithout: Number(row.attempts_without),
    meanWithout: num(row.mean_without),
    lift: num(row.lift),
  }));
}

/** Whether the caller may see the cohort at all (RLS on cohorts): the page answers 404 otherwise. */
export async function canSeeCohort(tx: Tx, input: Org & { cohortId: string }) {
  const rows = await tx.execute(sql`select 1 from public.cohorts where id = ${input.cohortId}::uuid and organization_id = ${input.organizationId}::uuid`);
  return rows.length > 0;
}
