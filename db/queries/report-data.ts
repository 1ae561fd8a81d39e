// The numbers of each report: learner, cohort and organization. Run in the
// requester's RLS-scoped transaction (lib/reports/worker.ts generates as the
// member who asked), so a report never holds a row its requester could not
// read; every statement also names the report's organization.
import { sql } from "drizzle-orm";
import type { Tx } from "../client";
import { notFound } from "@/lib/errors";
import { riskReasons } from "@/lib/reports/at-risk";
import type { Cell, ReportDocument, ReportSection } from "@/lib/reports/document";
import type { ReportType } from "../schema";

export interface ReportSubject {
  organizationId: string;
  reportType: ReportType;
  subjectId: string | null;
  period: { from: string; to: string };
  today?: Date;
}

type Row = Record<string, unknown>;

/** Numbers from Postgres (numeric arrives as text) as JS numbers rounded to 2 decimals; null stays null. */
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100);
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** `[from, to + 1 day)` as SQL timestamps: the period's inclusive dates. */
const inPeriod = (column: ReturnType<typeof sql.raw>, period: ReportSubject["period"]) =>
  sql`${column} >= ${period.from}::date and ${column} < ${period.to}::date + 1`;

async function rows(tx: Tx, query: ReturnType<typeof sql>): Promise<Row[]> {
  return (await tx.execute<Row>(query)) as unknown as Row[];
}

function section(title: string, note: string, columns: ReportSection["columns"], data: Record<string, Cell>[]): ReportSection {
  return { title, note, columns, rows: data };
}

async function organizationName(tx: Tx, organizationId: string): Promise<string> {
  const [org] = await rows(tx, sql`select name from public.organizations where id = ${organizationId}`);
  if (!org) throw notFound("The organization");
  return String(org.name);
}

/**
 * Engagement per ISO week of the period from a daily rollup table (`source`
 * is "<table> r where …"): the numbers behind the dashboards' engagement
 * trend. `activeExpression` is the week's active measure (days for a learner,
 * the average of daily active learners for a cohort or the organization).
 */
async function weeklyEngagement(tx: Tx, source: ReturnType<typeof sql>, period: ReportSubject["period"], activeExpression: string) {
  return rows(tx, sql`
    select to_char(date_trunc('week', r.day), 'YYYY-MM-DD') as week, ${sql.raw(activeExpression)} as active,
      sum(r.events)::int as events, sum(r.active_minutes) as minutes, sum(r.lessons_completed)::int as lessons,
      sum(r.assessments_submitted)::int as assessments, sum(r.points)::int as points
    from ${source} and r.day between ${period.from}::date and ${period.to}::date
    group by 1 order by 1`);
}

function engagementSection(weeks: Row[], activeLabel: string): ReportSection {
  return section("Engagement by week", "From the daily activity rollups; weeks start on Monday.", [
    { key: "week", label: "Week of", kind: "date" },
    { key: "active", label: activeLabel, kind: "number" },
    { key: "events", label: "Events", kind: "number" },
    { key: "minutes", label: "Active minutes", kind: "number" },
    { key: "lessons", label: "Lessons completed", kind: "number" },
    { key: "assessments", label: "Assessments", kind: "number" },
    { key: "points", label: "Points", kind: "number" },
  ], weeks.map((w) => ({
    week: text(w.week), active: num(w.active), events: num(w.events), minutes: num(w.minutes),
    lessons: num(w.lessons), assessments: num(w.assessments), points: num(w.points),
  })));
}

// ---------------------------------------------------------------------------
// Learner report
// ---------------------------------------------------------------------------
export async function learnerReportSections(tx: Tx, organizationId: string, learnerId: string, period: ReportSubject["period"]) {
  const [learner] = await rows(tx, sql`
    select p.full_name, p.email, m.role from public.memberships m join public.profiles p on p.id = m.user_id
    where m.organization_id = ${organizationId} and m.user_id = ${learnerId}`);
  if (!learner) throw notFound("The learner");

  const courses = await rows(tx, sql`
    select c.title as course, co.name as cohort, e.progress_percent as progress, e.enrolled_at::date::text as enrolled_on,
      e.due_on::text as due_on, e.completed_at::date::text as completed_on,
      (select count(*) from public.lesson_progress lp
       where lp.user_id = e.user_id and lp.course_id = e.course_id and lp.organization_id = e.organization_id
         and ${inPeriod(sql.raw("lp.completed_at"), period)})::int as lessons_in_period
    from public.enrollments e
    join public.courses c on c.id = e.course_id
    join public.cohorts co on co.id = e.cohort_id
    where e.organization_id = ${organizationId} and e.user_id = ${learnerId}
    order by c.title, co.name`);

  const scores = await rows(tx, sql`
    select a.title as assessment, c.title as course, at.attempt_number as attempt, at.score, at.passed,
      at.status, at.submitted_at::date::text as submitted_on
    from public.assessment_attempts at
    join public.assessments a on a.id = at.assessment_id
    join public.courses c on c.id = a.course_id
    where at.organization_id = ${organizationId} and at.user_id = ${learnerId}
      and at.status in ('submitted', 'graded') and ${inPeriod(sql.raw("at.submitted_at"), period)}
    order by at.submitted_at, a.title`);

  const mastery = await rows(tx, sql`
    select s.name as skill, us.mastery, us.last_assessed_at::date::text as last_assessed_on
    from public.user_skills us join public.skills s on s.id = us.skill_id
    where us.organization_id = ${organizationId} and us.user_id = ${learnerId}
    order by s.name`);

  const [activity] = await rows(tx, sql`
    with days as (
      select lp.completed_at::date as day, 'lesson' as kind from public.lesson_progress lp
      where lp.organization_id = ${organizationId} and lp.user_id = ${learnerId} and ${inPeriod(sql.raw("lp.completed_at"), period)}
      union all
      select tc.completed_at::date, 'task' from public.task_completions tc
      where tc.organization_id = ${organizationId} and tc.user_id = ${learnerId} and ${inPeriod(sql.raw("tc.completed_at"), period)}
      union all
      select at.submitted_at::date, 'assessment' from public.assessment_attempts at
      where at.organization_id = ${organizationId} and at.user_id = ${learnerId}
        and at.status in ('submitted', 'graded') and ${inPeriod(sql.raw("at.submitted_at"), period)})
    select count(*) filter (where kind = 'lesson')::int as lessons, count(*) filter (where kind = 'task')::int as tasks,
      count(*) filter (where kind = 'assessment')::int as assessments, count(distinct day)::int as active_days
    from days`);

  // Engagement from the analytics core: points, level and streaks, and the
  // daily rollups of the period by ISO week.
  const [points] = await rows(tx, sql`
    select total_points, level, current_streak, longest_streak from public.user_points
    where organization_id = ${organizationId} and user_id = ${learnerId}`);
  const weeks = await weeklyEngagement(tx, sql`public.learner_daily_rollups r
    where r.organization_id = ${organizationId} and r.user_id = ${learnerId}`, period, "count(distinct r.day)");

  const scored = scores.filter((s) => s.score !== null);
  const averageScore = scored.length ? num(scored.reduce((sum, s) => sum + Number(s.score), 0) / scored.length) : null;

  return {
    name: String(learner.full_name || learner.email),
    sections: [
      section("Summary", "Activity counted in the report's period; progress is as of generation.", [
        { key: "metric", label: "Metric" },
        { key: "value", label: "Value", kind: "number" },
      ], [
        { metric: "Courses enrolled", value: courses.length },
        { metric: "Courses completed", value: courses.filter((c) => c.completed_on !== null).length },
        { metric: "Lessons completed in period", value: activity.lessons as number },
        { metric: "Tasks completed in period", value: activity.tasks as number },
        { metric: "Assessments submitted in period", value: activity.assessments as number },
        { metric: "Average score in period", value: averageScore },
        { metric: "Active days in period", value: activity.active_days as number },
        { metric: "Points (total)", value: num(points?.total_points ?? 0) },
        { metric: "Level", value: num(points?.level ?? 1) },
        { metric: "Current streak (days)", value: num(points?.current_streak ?? 0) },
        { metric: "Longest streak (days)", value: num(points?.longest_streak ?? 0) },
      ]),
      engagementSection(weeks, "Active days"),
      section("Progress per course", "Progress = completed lessons / lessons of the course.", [
        { key: "course", label: "Course" },
        { key: "cohort", label: "Cohort" },
        { key: "progress", label: "Progress %", kind: "percent" },
        { key: "lessonsInPeriod", label: "Lessons done in period", kind: "number" },
        { key: "enrolledOn", label: "Enrolled", kind: "date" },
        { key: "dueOn", label: "Due", kind: "date" },
        { key: "completedOn", label: "Completed", kind: "date" },
      ], courses.map((c) => ({
        course: text(c.course), cohort: text(c.cohort), progress: num(c.progress), lessonsInPeriod: num(c.lessons_in_period),
        enrolledOn: text(c.enrolled_on), dueOn: text(c.due_on), completedOn: text(c.completed_on),
      }))),
      section("Assessment scores", "Submitted attempts in the period; a score waiting for a trainer's grade is empty.", [
        { key: "assessment", label: "Assessment" },
        { key: "course", label: "Course" },
        { key: "attempt", label: "Attempt", kind: "number" },
        { key: "score", label: "Score", kind: "number" },
        { key: "passed", label: "Passed" },
        { key: "submittedOn", label: "Submitted", kind: "date" },
      ], scores.map((s) => ({
        assessment: text(s.assessment), course: text(s.course), attempt: num(s.attempt), score: num(s.score),
        passed: s.passed === null ? (s.status === "submitted" ? "awaiting grade" : null) : s.passed ? "yes" : "no",
        submittedOn: text(s.submitted_on),
      }))),
      section("Mastery per skill", "Mastery 0–100 from assessed answers per skill.", [
        { key: "skill", label: "Skill" },
        { key: "mastery", label: "Mastery", kind: "number" },
        { key: "lastAssessedOn", label: "Last assessed", kind: "date" },
      ], mastery.map((m) => ({ skill: text(m.skill), mastery: num(m.mastery), lastAssessedOn: text(m.last_assessed_on) }))),
    ],
  };
}

// ---------------------------------------------------------------------------
// Cohort report
// ---------------------------------------------------------------------------
export async function cohortReportSections(tx: Tx, organizationId: string, cohortId: string, period: ReportSubject["period"], today: Date) {
  const [cohort] = await rows(tx, sql`
    select co.name, co.course_id, c.title as course, co.starts_on::text as starts_on, co.ends_on::text as ends_on
    from public.cohorts co join public.courses c on c.id = co.course_id
    where co.organization_id = ${organizationId} and co.id = ${cohortId}`);
  if (!cohort) throw notFound("The cohort");

  const learners = await rows(tx, sql`
    with learners as (
      select e.user_id, e.progress_percent, e.completed_at, e.enrolled_at
      from public.enrollments e
      where e.organization_id = ${organizationId} and e.cohort_id = ${cohortId}),
    lessons as (
      select lp.user_id,
        count(*) filter (where ${inPeriod(sql.raw("lp.completed_at"), period)})::int as lessons_in_period,
        max(greatest(lp.started_at, lp.completed_at)) as last_lesson
      from public.lesson_progress lp
      where lp.organization_id = ${organizationId} and lp.course_id = ${cohort.course_id}
        and lp.user_id in (select user_id from learners)
      group by lp.user_id),
    scores as (
      select at.user_id, avg(at.score) as average_score, count(*)::int as attempts, max(at.submitted_at) as last_attempt
      from public.assessment_attempts at
      join public.assessments a on a.id = at.assessment_id
      where at.organization_id = ${organizationId} and a.course_id = ${cohort.course_id}
        and at.user_id in (select user_id from learners)
        and at.status in ('submitted', 'graded') and ${inPeriod(sql.raw("at.submitted_at"), period)}
      group by at.user_id),
    engagement as (
      select r.user_id, sum(r.active_minutes) as minutes, sum(r.points)::int as points
      from public.learner_daily_rollups r
      where r.organization_id = ${organizationId} and r.user_id in (select user_id from learners)
        and r.day between ${period.from}::date and ${period.to}::date
      group by r.user_id)
    select p.full_name, p.email, l.progress_percent as progress, l.completed_at, l.enrolled_at,
      coalesce(en.minutes, 0) as minutes, coalesce(en.points, 0) as points,
      pc.risk_level as predicted_risk, pc.drop_off_risk,
      coalesce(ls.lessons_in_period, 0) as lessons_in_period, s.average_score, coalesce(s.attempts, 0) as attempts,
      nullif(greatest(coalesce(ls.last_lesson, '-infinity'), coalesce(s.last_attempt, '-infinity')), '-infinity') as last_activity
    from learners l
    join public.profiles p on p.id = l.user_id
    left join lessons ls on ls.user_id = l.user_id
    left join scores s on s.user_id = l.user_id
    left join engagement en on en.user_id = l.user_id
    -- The analytics core's drop-off prediction, while fresh; none for learners who opted out.
    left join public.predictive_analytics_cache pc
      on pc.organization_id = ${organizationId} and pc.user_id = l.user_id and pc.expires_at > now()
    order by p.full_name, p.email`);

  const learnerRows = learners.map((l) => {
    const lastActivity = l.last_activity ? new Date(l.last_activity as string) : null;
    const reasons = riskReasons({
      progress: Number(l.progress),
      completed: l.completed_at !== null,
      startsOn: String(cohort.starts_on),
      endsOn: String(cohort.ends_on),
      lastActivity,
      enrolledAt: new Date(l.enrolled_at as string),
      today,
    });
    return {
      learner: text(l.full_name) || text(l.email),
      email: text(l.email),
      progress: num(l.progress),
      lessonsInPeriod: num(l.lessons_in_period),
      averageScore: num(l.average_score),
      attempts: num(l.attempts),
      lastActivity: lastActivity ? lastActivity.toISOString().slice(0, 10) : null,
      minutes: num(l.minutes),
      points: num(l.points),
      predictedRisk: l.predicted_risk ? `${String(l.predicted_risk)} (${Math.round(Number(l.drop_off_risk) * 100)}%)` : null,
      atRisk: reasons.length ? "yes" : "no",
      reasons: reasons.join("; ") || null,
    };
  });

  const scored = learnerRows.filter((l) => l.averageScore !== null);
  const average = (values: number[]) => (values.length ? num(values.reduce((a, b) => a + b, 0) / values.length) : null);
  return {
    name: String(cohort.name),
    sections: [
      section("Summary", `Cohort of "${cohort.course}", ${cohort.starts_on} to ${cohort.ends_on}.`, [
        { key: "metric", label: "Metric" },
        { key: "value", label: "Value", kind: "number" },
      ], [
        { metric: "Learners", value: learnerRows.length },
        { metric: "Average progress %", value: average(learnerRows.map((l) => l.progress ?? 0)) },
        { metric: "Learners completed", value: learners.filter((l) => l.completed_at !== null).length },
        { metric: "Average score in period", value: average(scored.map((l) => l.averageScore!)) },
        { metric: "Learners at risk", value: learnerRows.filter((l) => l.atRisk === "yes").length },
        { metric: "Lessons completed in period", value: learnerRows.reduce((sum, l) => sum + (l.lessonsInPeriod ?? 0), 0) },
      ]),
      section("Learners", "Average score of attempts submitted in the period; at risk: behind schedule by 25 points or inactive 14 days.", [
        { key: "learner", label: "Learner" },
        { key: "email", label: "Email" },
        { key: "progress", label: "Progress %", kind: "percent" },
        { key: "lessonsInPeriod", label: "Lessons in period", kind: "number" },
        { key: "averageScore", label: "Avg score", kind: "number" },
        { key: "attempts", label: "Attempts", kind: "number" },
        { key: "lastActivity", label: "Last activity", kind: "date" },
        { key: "minutes", label: "Active min", kind: "number" },
        { key: "points", label: "Points", kind: "number" },
        { key: "predictedRisk", label: "Predicted drop-off" },
        { key: "atRisk", label: "At risk" },
        { key: "reasons", label: "Why" },
      ], learnerRows),
      engagementSection(
        await weeklyEngagement(tx, sql`public.cohort_daily_rollups r where r.organization_id = ${organizationId} and r.cohort_id = ${cohortId}`, period, "round(avg(r.active_learners), 2)"),
        "Avg daily active learners",
      ),
    ],
  };
}

// ---------------------------------------------------------------------------
// Organization report
// ---------------------------------------------------------------------------
export async function organizationReportSections(tx: Tx, organizationId: string, period: ReportSubject["period"]) {
  const [summary] = await rows(tx, sql`
    with active as (
      select lp.user_id from public.lesson_progress lp
      where lp.organization_id = ${organizationId}
        and (${inPeriod(sql.raw("lp.started_at"), period)} or ${inPeriod(sql.raw("lp.completed_at"), period)})
      union
      select tc.user_id from public.task_completions tc
      where tc.organization_id = ${organizationId} and ${inPeriod(sql.raw("tc.completed_at"), period)}
      union
      select at.user_id from public.assessment_attempts at
      where at.organization_id = ${organizationId} and ${inPeriod(sql.raw("at.started_at"), period)}),
    attempts as (
      select at.score, at.passed from public.assessment_attempts at
      where at.organization_id = ${organizationId} and at.status in ('submitted', 'graded')
        and ${inPeriod(sql.raw("at.submitted_at"), period)})
    select
      (select count(*) from public.memberships m where m.organization_id = ${organizationId})::int as members,
      (select count(*) from public.memberships m where m.organization_id = ${organizationId} and m.role = 'learner')::int as learners,
      (select count(*) from active)::int as active_users,
      (select count(*) from public.cohorts c where c.organization_id = ${organizationId})::int as cohorts,
      (select count(*) from public.cohorts c where c.organization_id = ${organizationId}
         and current_date between c.starts_on and c.ends_on)::int as running_cohorts,
      (select count(*) from public.enrollments e where e.organization_id = ${organizationId})::int as enrollments,
      (select count(*) from public.enrollments e where e.organization_id = ${organizationId} and e.completed_at is not null)::int as completed,
      (select avg(e.progress_percent) from public.enrollments e where e.organization_id = ${organizationId}) as average_progress,
      (select count(*) from attempts)::int as attempts,
      (select avg(score) from attempts) as average_score,
      (select 100.0 * count(*) filter (where passed) / nullif(count(*) filter (where passed is not null), 0) from attempts) as pass_rate`);

  const cohortRows = await rows(tx, sql`
    select co.name as cohort, c.title as course, co.starts_on::text as starts_on, co.ends_on::text as ends_on,
      count(e.id)::int as learners, avg(e.progress_percent) as average_progress,
      100.0 * count(e.completed_at) / nullif(count(e.id), 0) as completion_rate,
      (select avg(at.score) from public.assessment_attempts at join public.assessments a on a.id = at.assessment_id
       where at.organization_id = co.organization_id and a.course_id = co.course_id
         and at.user_id in (select e2.user_id from public.enrollments e2 where e2.cohort_id = co.id)
         and at.status in ('submitted', 'graded') and ${inPeriod(sql.raw("at.submitted_at"), period)}) as average_score
    from public.cohorts co
    join public.courses c on c.id = co.course_id
    left join public.enrollments e on e.cohort_id = co.id
    where co.organization_id = ${organizationId}
    group by co.id, c.title
    order by co.starts_on desc, co.name`);

  // Skill demand: how many learners the organization's courses put on each
  // skill, and how far their mastery is (below 60 counts as a gap).
  const skillRows = await rows(tx, sql`
    select s.name as skill,
      (select count(distinct cs.course_id) from public.course_skills cs where cs.skill_id = s.id)::int as courses,
      (select count(distinct e.user_id) from public.enrollments e join public.course_skills cs on cs.course_id = e.course_id
       where cs.skill_id = s.id and e.organization_id = s.organization_id)::int as learners_enrolled,
      count(us.user_id)::int as learners_assessed, avg(us.mastery) as average_mastery,
      count(us.user_id) filter (where us.mastery < 60)::int as learners_below_60
    from public.skills s
    left join public.user_skills us on us.skill_id = s.id and us.organization_id = s.organization_id
    where s.organization_id = ${organizationId}
    group by s.id
    order by learners_enrolled desc, s.name`);

  const weeks = await weeklyEngagement(tx, sql`public.org_daily_rollups r where r.organization_id = ${organizationId}`, period, "round(avg(r.active_learners), 2)");

  return {
    sections: [
      section("Summary", "Active users: members with a lesson, task or assessment in the period.", [
        { key: "metric", label: "Metric" },
        { key: "value", label: "Value", kind: "number" },
      ], [
        { metric: "Members", value: num(summary.members) },
        { metric: "Learners", value: num(summary.learners) },
        { metric: "Active users in period", value: num(summary.active_users) },
        { metric: "Cohorts", value: num(summary.cohorts) },
        { metric: "Cohorts running today", value: num(summary.running_cohorts) },
        { metric: "Enrollments", value: num(summary.enrollments) },
        { metric: "Enrollments completed", value: num(summary.completed) },
        { metric: "Completion rate %", value: Number(summary.enrollments) ? num((100 * Number(summary.completed)) / Number(summary.enrollments)) : null },
        { metric: "Average progress %", value: num(summary.average_progress) },
        { metric: "Assessments submitted in period", value: num(summary.attempts) },
        { metric: "Average score in period", value: num(summary.average_score) },
        { metric: "Pass rate % in period", value: num(summary.pass_rate) },
      ]),
      section("Cohorts", "Completion rate = completed enrollments / enrollments; average score of attempts in the period.", [
        { key: "cohort", label: "Cohort" },
        { key: "course", label: "Course" },
        { key: "startsOn", label: "Starts", kind: "date" },
        { key: "endsOn", label: "Ends", kind: "date" },
        { key: "learners", label: "Learners", kind: "number" },
        { key: "averageProgress", label: "Avg progress %", kind: "percent" },
        { key: "completionRate", label: "Completion %", kind: "percent" },
        { key: "averageScore", label: "Avg score", kind: "number" },
      ], cohortRows.map((c) => ({
        cohort: text(c.cohort), course: text(c.course), startsOn: text(c.starts_on), endsOn: text(c.ends_on),
        learners: num(c.learners), averageProgress: num(c.average_progress), completionRate: num(c.completion_rate),
        averageScore: num(c.average_score),
      }))),
      section("Skill demand", "Learners enrolled in courses that teach the skill; a gap is mastery below 60.", [
        { key: "skill", label: "Skill" },
        { key: "courses", label: "Courses", kind: "number" },
        { key: "learnersEnrolled", label: "Learners enrolled", kind: "number" },
        { key: "learnersAssessed", label: "Learners assessed", kind: "number" },
        { key: "averageMastery", label: "Avg mastery", kind: "number" },
        { key: "learnersBelow60", label: "Gaps (< 60)", kind: "number" },
      ], skillRows.map((s) => ({
        skill: text(s.skill), courses: num(s.courses), learnersEnrolled: num(s.learners_enrolled),
        learnersAssessed: num(s.learners_assessed), averageMastery: num(s.average_mastery), learnersBelow60: num(s.learners_below_60),
      }))),
      engagementSection(weeks, "Avg daily active learners"),
    ],
  };
}

/** The whole report document for a subject, read in the caller's transaction. */
export async function buildReportDocument(tx: Tx, subject: ReportSubject): Promise<ReportDocument> {
  const organization = await organizationName(tx, subject.organizationId);
  const base = { organization, period: subject.period, generatedAt: subject.today ?? new Date() };
  switch (subject.reportType) {
    case "learner": {
      const learner = await learnerReportSections(tx, subject.organizationId, subject.subjectId!, subject.period);
      return { ...base, title: `Learner report: ${learner.name}`, sections: learner.sections };
    }
    case "cohort": {
      const cohort = await cohortReportSections(tx, subject.organizationId, subject.subjectId!, subject.period, base.generatedAt);
      return { ...base, title: `Cohort report: ${cohort.name}`, sections: cohort.sections };
    }
    case "organization": {
      const org = await organizationReportSections(tx, subject.organizationId, subject.period);
      return { ...base, title: `Organization report: ${organization}`, sections: org.sections };
    }
  }
}
