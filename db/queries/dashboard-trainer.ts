// The trainer's dashboards: the home work queue (submissions to grade,
// overdue learners, learners at risk across the cohorts they teach), cohort
// health for the cohort list, a cohort's analytics (engagement trend,
// assessment results, content effectiveness) and one learner's drill-down.
// Built on the analytics core's read functions (analytics-cohort.ts,
// analytics-learner.ts) and the learner dashboard's (dashboard-learner.ts);
// what they lack is here. Reads domain tables, rollups, snapshots and the
// analytics.* functions — never raw_events — in the caller's RLS-scoped
// transaction, and additionally scopes to the cohorts the caller teaches
// (cohort_trainers) so an org admin who also teaches sees their own queue.
import { sql } from "drizzle-orm";
import type { Tx } from "../client";
import type { RiskFactor } from "../schema/analytics";
import { listCohorts } from "./cohorts";
import { listCohortDailyTrend, listCohortMetrics, listItemStats, listLessonEffectiveness, listAtRiskLearners, type CohortMetrics } from "./analytics-cohort";
import { getLatestSnapshot, getPointsSummary, getPrediction } from "./analytics-learner";
import { MASTERED_AT, masteryBySkill, recentScores, skillGapsOf, weeklyActivity } from "./dashboard-learner";

type Org = { organizationId: string };
type Caller = Org & { userId: string };

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const nameOf = (fullName: unknown, email: unknown) => (fullName as string) || String(email).split("@")[0];

/** The factor that adds most to a learner's drop-off risk, or null when none adds anything. */
export function topFactor(factors: RiskFactor[] | null | undefined): RiskFactor | null {
  const ranked = [...(factors ?? [])].filter((f) => f.contribution > 0).sort((a, b) => b.contribution - a.contribution);
  return ranked[0] ?? null;
}

// ---------------------------------------------------------------------------
// Work queue
// ---------------------------------------------------------------------------

export interface GradingItem {
  attemptId: string;
  cohortId: string;
  cohortName: string;
  userId: string;
  learnerName: string;
  assessmentTitle: string;
  attemptNumber: number;
  submittedAt: string;
}

export interface OverdueItem {
  cohortId: string;
  cohortName: string;
  userId: string;
  learnerName: string;
  dueOn: string;
  daysOverdue: number;
  progressPercent: number;
}

export interface AtRiskItem {
  cohortId: string;
  cohortName: string;
  userId: string;
  learnerName: string;
  dropOffRisk: number;
  riskLevel: "medium" | "high";
  factors: RiskFactor[];
}

/**
 * Submissions waiting for a grade in the cohorts the caller teaches: attempts
 * in status `submitted` (a human-graded answer is open) of the cohort's
 * course by a learner enrolled in that cohort, oldest first (who waited
 * longest is graded first). `total` counts all of them; `items` the first `limit`.
 */
export async function listGradingQueue(tx: Tx, input: Caller & { limit?: number }) {
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select a.id as attempt_id, c.id as cohort_id, c.name as cohort_name, a.user_id, p.full_name, p.email,
           s.title as assessment_title, a.attempt_number, a.submitted_at::text as submitted_at, count(*) over () as total
    from public.cohort_trainers ct
    join public.cohorts c on c.id = ct.cohort_id
    join public.enrollments e on e.cohort_id = c.id
    join public.assessments s on s.course_id = c.course_id
    join public.assessment_attempts a on a.assessment_id = s.id and a.user_id = e.user_id and a.status = 'submitted'
    join public.profiles p on p.id = a.user_id
    where ct.organization_id = ${input.organizationId}::uuid and ct.user_id = ${input.userId}::uuid
    order by a.submitted_at asc nulls last, a.id
    limit ${input.limit ?? 10}::integer`);
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    items: rows.map(
      (r): GradingItem => ({
        attemptId: r.attempt_id as string,
        cohortId: r.cohort_id as string,
        cohortName: r.cohort_name as string,
        userId: r.user_id as string,
        learnerName: nameOf(r.full_name, r.email),
        assessmentTitle: r.assessment_title as string,
        attemptNumber: Number(r.attempt_number),
        submittedAt: r.submitted_at as string,
      }),
    ),
  };
}

/**
 * Overdue learners of the cohorts the caller teaches (the rule of
 * lib/learning/overdue.ts: due date — the enrollment's, else the cohort's end —
 * before today (UTC), course not complete), longest overdue first.
 */
export async function listOverdueLearners(tx: Tx, input: Caller & { limit?: number }) {
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select c.id as cohort_id, c.name as cohort_name, e.user_id, p.full_name, p.email, e.progress_percent,
           coalesce(e.due_on, c.ends_on)::text as due_on,
           ((now() at time zone 'utc')::date - coalesce(e.due_on, c.ends_on))::integer as days_overdue,
           count(*) over () as total
    from public.cohort_trainers ct
    join public.cohorts c on c.id = ct.cohort_id
    join public.enrollments e on e.cohort_id = c.id
    join public.profiles p on p.id = e.user_id
    where ct.organization_id = ${input.organizationId}::uuid and ct.user_id = ${input.userId}::uuid
      and e.completed_at is null and e.progress_percent < 100
      and coalesce(e.due_on, c.ends_on) < (now() at time zone 'utc')::date
    order by days_overdue desc, e.progress_percent asc, e.user_id
    limit ${input.limit ?? 10}::integer`);
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    items: rows.map(
      (r): OverdueItem => ({
        cohortId: r.cohort_id as string,
        cohortName: r.cohort_name as string,
        userId: r.user_id as string,
        learnerName: nameOf(r.full_name, r.email),
        dueOn: r.due_on as string,
        daysOverdue: Number(r.days_overdue),
        progressPercent: Number(r.progress_percent),
      }),
    ),
  };
}

/**
 * Learners at medium or high drop-off risk (the current, unexpired
 * prediction) in the cohorts the caller teaches, riskiest first, each once
 * (with one of the caller's cohorts they are in), with the factors behind it.
 */
export async function listWorkQueueAtRisk(tx: Tx, input: Caller & { limit?: number }) {
  const rows = await tx.execute<Record<string, unknown>>(sql`
    with mine as (
      select distinct on (e.user_id) e.user_id, c.id as cohort_id, c.name as cohort_name
      from public.cohort_trainers ct
      join public.cohorts c on c.id = ct.cohort_id
      join public.enrollments e on e.cohort_id = c.id
      where ct.organization_id = ${input.organizationId}::uuid and ct.user_id = ${input.userId}::uuid
      order by e.user_id, c.starts_on desc, c.id
    )
    select m.cohort_id, m.cohort_name, m.user_id, p.full_name, p.email, pc.drop_off_risk, pc.risk_level, pc.factors,
           count(*) over () as total
    from mine m
    join public.predictive_analytics_cache pc
      on pc.organization_id = ${input.organizationId}::uuid and pc.user_id = m.user_id and pc.expires_at > now()
    join public.profiles p on p.id = m.user_id
    where pc.risk_level in ('medium', 'high')
    order by pc.drop_off_risk desc, m.user_id
    limit ${input.limit ?? 10}::integer`);
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    items: rows.map(
      (r): AtRiskItem => ({
        cohortId: r.cohort_id as string,
        cohortName: r.cohort_name as string,
        userId: r.user_id as string,
        learnerName: nameOf(r.full_name, r.email),
        dropOffRisk: Number(r.drop_off_risk),
        riskLevel: r.risk_level as AtRiskItem["riskLevel"],
        factors: (r.factors as RiskFactor[]) ?? [],
      }),
    ),
  };
}

/** The trainer's home: the three queues in one RLS-scoped transaction (also the route handler's body). */
export async function trainerWorkQueue(tx: Tx, input: Caller & { limit?: number }) {
  const [grading, overdue, atRisk] = await Promise.all([listGradingQueue(tx, input), listOverdueLearners(tx, input), listWorkQueueAtRisk(tx, input)]);
  return { grading, overdue, atRisk };
}
export type TrainerWorkQueue = Awaited<ReturnType<typeof trainerWorkQueue>>;

// ---------------------------------------------------------------------------
// Cohort list: health at a glance
// ---------------------------------------------------------------------------

export type CohortHealth = Awaited<ReturnType<typeof listCohorts>>[number] & {
  /** Null until the nightly job has measured the cohort (analytics.cohort_metrics). */
  metrics: Pick<CohortMetrics, "active7d" | "avgEngagement" | "atRiskHigh" | "atRiskMedium" | "avgScore30d" | "completed"> | null;
};

/**
 * Every cohort the caller may see (RLS: taught ones; all with cohorts.view_all)
 * with live progress and overdue counts (listCohorts) and the nightly
 * measures (engagement, active learners, at risk) from analytics.cohort_metrics.
 */
export async function listCohortHealth(tx: Tx, input: Org): Promise<CohortHealth[]> {
  const [cohorts, metrics] = await Promise.all([listCohorts(tx, input.organizationId), listCohortMetrics(tx, input)]);
  const byId = new Map(metrics.map((m) => [m.cohortId, m]));
  return cohorts.map((cohort) => {
    const m = byId.get(cohort.id);
    return {
      ...cohort,
      metrics: m
        ? { active7d: m.active7d, avgEngagement: m.avgEngagement, atRiskHigh: m.atRiskHigh, atRiskMedium: m.atRiskMedium, avgScore30d: m.avgScore30d, completed: m.completed }
        : null,
    };
  });
}

// ---------------------------------------------------------------------------
// One cohort
// ---------------------------------------------------------------------------

/** Whether the caller teaches the cohort (cohort_trainers), the gate of the trainer's cohort pages besides cohorts.view_all. */
export async function teachesCohort(tx: Tx, input: Caller & { cohortId: string }) {
  const rows = await tx.execute(sql`
    select 1 from public.cohort_trainers
    where organization_id = ${input.organizationId}::uuid and cohort_id = ${input.cohortId}::uuid and user_id = ${input.userId}::uuid`);
  return rows.length > 0;
}

/**
 * Whether the caller may open the cohort's pages: the cohort exists and RLS
 * shows it, and the caller teaches it or may view every cohort (org admins).
 */
export async function mayOpenCohort(tx: Tx, input: Caller & { cohortId: string; viewAll: boolean }) {
  const rows = await tx.execute<{ teaches: boolean }>(sql`
    select exists (select 1 from public.cohort_trainers t where t.cohort_id = c.id and t.user_id = ${input.userId}::uuid) as teaches
    from public.cohorts c
    where c.organization_id = ${input.organizationId}::uuid and c.id = ${input.cohortId}::uuid`);
  return rows.length > 0 && (input.viewAll || rows[0].teaches);
}

export interface DayEngagement {
  day: string;
  activeLearners: number;
  activeMinutes: number;
  lessonsCompleted: number;
  assessmentsSubmitted: number;
}

/** The last `days` days (UTC, today last) of the cohort's daily rollups, a day without activity as zeros. */
export async function cohortEngagementTrend(tx: Tx, input: Org & { cohortId: string; days?: number }): Promise<DayEngagement[]> {
  const days = input.days ?? 30;
  const rows = await listCohortDailyTrend(tx, { ...input, days });
  const byDay = new Map(rows.map((r) => [String(r.day), r]));
  const today = new Date();
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1 - i))).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return {
      day,
      activeLearners: r ? Number(r.activeLearners) : 0,
      activeMinutes: r ? Math.round(Number(r.activeMinutes)) : 0,
      lessonsCompleted: r ? Number(r.lessonsCompleted) : 0,
      assessmentsSubmitted: r ? Number(r.assessmentsSubmitted) : 0,
    };
  });
}

/**
 * Per assessment of the cohort's course: graded attempts by the cohort's
 * learners (how many, by how many learners, mean score, pass rate) and the
 * item statistics of its questions (difficulty = share correct, point-biserial
 * discrimination, each on `attempts` answers — computed over the whole
 * organization's attempts of that assessment by the nightly item analysis).
 */
export async function cohortAssessmentResults(tx: Tx, input: Org & { cohortId: string }) {
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select s.id, s.title, s.pass_mark,
           count(a.id)::integer as attempts,
           count(distinct a.user_id)::integer as learners,
           round(avg(a.score), 1)::float8 as mean_score,
           round(100.0 * count(a.id) filter (where a.passed) / nullif(count(a.id), 0), 1)::float8 as pass_rate
    from public.cohorts c
    join public.assessments s on s.course_id = c.course_id
    left join public.assessment_attempts a on a.assessment_id = s.id and a.status = 'graded'
      and a.user_id in (select e.user_id from public.enrollments e where e.cohort_id = c.id)
    where c.organization_id = ${input.organizationId}::uuid and c.id = ${input.cohortId}::uuid
    group by s.id
    order by s.created_at, s.title, s.id`);
  const items = await Promise.all(rows.map((r) => listItemStats(tx, { organizationId: input.organizationId, assessmentId: r.id as string })));
  return rows.map((r, i) => ({
    assessmentId: r.id as string,
    title: r.title as string,
    passMark: Number(r.pass_mark),
    attempts: Number(r.attempts),
    learners: Number(r.learners),
    meanScore: num(r.mean_score),
    passRate: num(r.pass_rate),
    questions: items[i].map((q) => ({
      questionId: q.questionId,
      prompt: q.prompt,
      position: q.position,
      attempts: Number(q.attempts),
      difficulty: num(q.difficulty),
      discrimination: num(q.discrimination),
    })),
  }));
}

/**
 * Everything the cohort's analytics section shows, in one transaction: health
 * (analytics.cohort_metrics), daily engagement, at-risk learners with their
 * factors, assessment results with item statistics, lesson effectiveness.
 */
export async function cohortAnalytics(tx: Tx, input: Org & { cohortId: string; courseId: string }) {
  const [[metrics], trend, atRisk, assessments, lessons] = await Promise.all([
    listCohortMetrics(tx, input),
    cohortEngagementTrend(tx, { ...input, days: 30 }),
    listAtRiskLearners(tx, { organizationId: input.organizationId, cohortId: input.cohortId, limit: 20 }),
    cohortAssessmentResults(tx, input),
    listLessonEffectiveness(tx, { organizationId: input.organizationId, courseId: input.courseId }),
  ]);
  return { metrics: metrics ?? null, trend, atRisk, assessments, lessons };
}
export type CohortAnalytics = Awaited<ReturnType<typeof cohortAnalytics>>;

// ---------------------------------------------------------------------------
// One learner of a cohort (drill-down)
// ---------------------------------------------------------------------------

/**
 * The learner's enrollment in this cohort with their name, or null when the
 * learner is not in the cohort or the caller cannot see it (RLS on enrollments:
 * the cohort's trainers, org admins) — the page answers 404.
 */
export async function getCohortEnrollment(tx: Tx, input: Org & { cohortId: string; userId: string }) {
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select e.user_id, p.full_name, p.email, e.progress_percent, e.due_on::text as due_on, e.completed_at::text as completed_at,
           e.enrolled_at::text as enrolled_at, c.name as cohort_name, c.ends_on::text as ends_on, c.course_id
    from public.enrollments e
    join public.cohorts c on c.id = e.cohort_id
    join public.profiles p on p.id = e.user_id
    where e.organization_id = ${input.organizationId}::uuid and e.cohort_id = ${input.cohortId}::uuid and e.user_id = ${input.userId}::uuid`);
  const r = rows[0];
  if (!r) return null;
  return {
    userId: r.user_id as string,
    name: nameOf(r.full_name, r.email),
    email: r.email as string,
    progressPercent: Number(r.progress_percent),
    dueOn: (r.due_on as string | null) ?? (r.ends_on as string),
    completedAt: (r.completed_at as string | null) ?? null,
    enrolledAt: r.enrolled_at as string,
    cohortName: r.cohort_name as string,
    courseId: r.course_id as string,
  };
}

/**
 * One learner's analytics as their trainer sees them: weekly engagement,
 * mastery per skill, recent scores (the learner dashboard's functions),
 * pace from the latest snapshot, skill gaps, points and the current
 * drop-off prediction with its factors. Null when not the caller's to see.
 */
export async function cohortLearnerAnalytics(tx: Tx, input: Org & { cohortId: string; userId: string }) {
  const enrollment = await getCohortEnrollment(tx, input);
  if (!enrollment) return null;
  const learner = { organizationId: input.organizationId, userId: input.userId };
  const [weeks, mastery, scores, snapshot, prediction, points] = await Promise.all([
    weeklyActivity(tx, { ...learner, weeks: 12 }),
    masteryBySkill(tx, learner),
    recentScores(tx, { ...learner, limit: 10 }),
    getLatestSnapshot(tx, learner),
    getPrediction(tx, learner),
    getPointsSummary(tx, learner),
  ]);
  return {
    enrollment,
    weeks,
    mastery: mastery.map((m) => ({ ...m, mastery: Number(m.mastery) })),
    scores: scores.map((s) => ({ ...s, score: s.score === null ? null : Number(s.score) })),
    velocity: snapshot
      ? {
          status: snapshot.velocityStatus,
          lessonsPerWeek: Number(snapshot.lessonsPerWeek),
          targetLessonsPerWeek: snapshot.targetLessonsPerWeek === null ? null : Number(snapshot.targetLessonsPerWeek),
          estimatedCompletionOn: snapshot.estimatedCompletionOn,
          snapshotDay: snapshot.snapshotDay,
        }
      : null,
    engagementScore: snapshot?.engagementScore === null || snapshot?.engagementScore === undefined ? null : Number(snapshot.engagementScore),
    skillGaps: skillGapsOf(snapshot),
    prediction: prediction
      ? {
          dropOffRisk: Number(prediction.dropOffRisk),
          riskLevel: prediction.riskLevel as "low" | "medium" | "high",
          factors: prediction.factors,
          completionForecastOn: prediction.completionForecastOn,
        }
      : null,
    points,
    masteredAt: MASTERED_AT,
  };
}
export type CohortLearnerAnalytics = NonNullable<Awaited<ReturnType<typeof cohortLearnerAnalytics>>>;
