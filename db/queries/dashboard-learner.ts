// The learner dashboard (/o/<org>/learn): what the analytics core's read
// functions (analytics-learner.ts) do not already give, and the one function
// that assembles the whole dashboard for the page's first paint and for the
// route handler that refreshes it. Reads only the daily rollups, the latest
// snapshot, the analytics.* functions and domain tables (enrollments,
// lesson progress, user skills, graded attempts, goals) — never raw_events —
// in the caller's RLS-scoped transaction, so a learner sees only their own rows.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { assessmentAttempts, assessments, skills, userSkills } from "../schema";
import { myLearning } from "./progress";
import { getVisionBoard } from "./goals";
import {
  getLatestSnapshot,
  getLeaderboard,
  getPeerComparison,
  getPointsSummary,
  listEarnedAchievements,
  type LeaderboardEntry,
} from "./analytics-learner";
import type { LeaderboardPeriod } from "@/lib/validation/analytics";

type Learner = { organizationId: string; userId: string };

/** Mastery at or above this is "mastered" (the Proficient bracket, as the snapshot's skill gaps use). */
export const MASTERED_AT = 70;

export interface WeekActivity {
  /** Monday of the ISO week, YYYY-MM-DD (UTC). */
  week: string;
  activeMinutes: number;
  activeDays: number;
  lessonsCompleted: number;
  assessmentsSubmitted: number;
  points: number;
}

/**
 * The last `weeks` ISO weeks (UTC, this week last), each with its totals from
 * the learner's daily rollups; a week without activity is present with zeros,
 * so a gap reads as a gap, not as a shorter chart.
 * activeDays = days with at least one event.
 */
export async function weeklyActivity(tx: Tx, input: Learner & { weeks?: number }): Promise<WeekActivity[]> {
  const weeks = input.weeks ?? 12;
  const rows = await tx.execute<{
    week: string;
    active_minutes: string;
    active_days: number;
    lessons_completed: number;
    assessments_submitted: number;
    points: number;
  }>(sql`
    with w as (
      select generate_series(
        date_trunc('week', (now() at time zone 'utc')::date) - make_interval(weeks => ${weeks - 1}::integer),
        date_trunc('week', (now() at time zone 'utc')::date),
        interval '1 week')::date as week
    )
    select to_char(w.week, 'YYYY-MM-DD') as week,
           coalesce(sum(r.active_minutes), 0)::text as active_minutes,
           (count(r.day) filter (where r.events > 0))::integer as active_days,
           coalesce(sum(r.lessons_completed), 0)::integer as lessons_completed,
           coalesce(sum(r.assessments_submitted), 0)::integer as assessments_submitted,
           coalesce(sum(r.points), 0)::integer as points
    from w
    left join public.learner_daily_rollups r
      on r.organization_id = ${input.organizationId}::uuid and r.user_id = ${input.userId}::uuid
     and r.day >= w.week and r.day < w.week + 7
    group by w.week
    order by w.week`);
  return rows.map((r) => ({
    week: r.week,
    activeMinutes: Math.round(Number(r.active_minutes)),
    activeDays: r.active_days,
    lessonsCompleted: r.lessons_completed,
    assessmentsSubmitted: r.assessments_submitted,
    points: r.points,
  }));
}

/** Current mastery (0–100) per skill the learner has been assessed on, highest first (user_skills, kept by scoring). */
export function masteryBySkill(tx: Tx, input: Learner) {
  return tx
    .select({ skillId: skills.id, name: skills.name, mastery: userSkills.mastery, lastAssessedAt: userSkills.lastAssessedAt })
    .from(userSkills)
    .innerJoin(skills, eq(skills.id, userSkills.skillId))
    .where(and(eq(userSkills.organizationId, input.organizationId), eq(userSkills.userId, input.userId)))
    .orderBy(desc(userSkills.mastery), skills.name);
}

/** The learner's last `limit` graded attempts, oldest first (for a left-to-right chart). */
export async function recentScores(tx: Tx, input: Learner & { limit?: number }) {
  const rows = await tx
    .select({
      attemptId: assessmentAttempts.id,
      assessmentId: assessments.id,
      title: assessments.title,
      attemptNumber: assessmentAttempts.attemptNumber,
      score: assessmentAttempts.score,
      passed: assessmentAttempts.passed,
      passMark: assessments.passMark,
      submittedAt: assessmentAttempts.submittedAt,
    })
    .from(assessmentAttempts)
    .innerJoin(assessments, eq(assessments.id, assessmentAttempts.assessmentId))
    .where(
      and(
        eq(assessmentAttempts.organizationId, input.organizationId),
        eq(assessmentAttempts.userId, input.userId),
        eq(assessmentAttempts.status, "graded"),
      ),
    )
    .orderBy(desc(assessmentAttempts.submittedAt), desc(assessmentAttempts.id))
    .limit(input.limit ?? 10);
  return rows.reverse();
}

/** Per course, when the learner last started or completed one of its lessons. */
async function lastLessonActivity(tx: Tx, input: Learner): Promise<Map<string, string>> {
  const rows = await tx.execute<{ course_id: string; last_at: string }>(sql`
    select course_id, max(greatest(started_at, coalesce(completed_at, started_at)))::text as last_at
    from public.lesson_progress
    where organization_id = ${input.organizationId}::uuid and user_id = ${input.userId}::uuid
    group by course_id`);
  return new Map(rows.map((r) => [r.course_id, r.last_at]));
}

type Enrollment = Awaited<ReturnType<typeof myLearning>>[number];

export interface ContinueLearning {
  courseId: string;
  courseTitle: string;
  progressPercent: number;
  completedLessons: number;
  lessons: number;
  dueOn: string | null;
  lesson: { id: string; title: string };
  /** True when the learner has not started any lesson of any course yet. */
  firstLesson: boolean;
}

/**
 * What "Continue learning" opens: among unfinished enrollments with a lesson
 * left, the course the learner touched last (then the one due first, the
 * order of myLearning), and its next uncompleted lesson in course order.
 */
export function pickContinueLearning(enrollments: Enrollment[], lastActivity: Map<string, string>): ContinueLearning | null {
  const open = enrollments.filter((e) => !e.completedAt && e.nextLesson);
  if (open.length === 0) return null;
  const touched = open.filter((e) => lastActivity.has(e.courseId));
  const pick = touched.length
    ? touched.reduce((a, b) => (lastActivity.get(b.courseId)! > lastActivity.get(a.courseId)! ? b : a))
    : open[0];
  return {
    courseId: pick.courseId,
    courseTitle: pick.courseTitle,
    progressPercent: Number(pick.progressPercent),
    completedLessons: pick.completedLessons,
    lessons: pick.lessons,
    dueOn: pick.dueOn,
    lesson: { id: pick.nextLesson!.id, title: pick.nextLesson!.title },
    firstLesson: lastActivity.size === 0,
  };
}

export interface SkillGap {
  skillId: string;
  name: string;
  mastery: number;
  target: number;
  gap: number;
  critical: boolean;
  /** The lesson that closes the gap (null when no published lesson teaches the skill). */
  lesson: { id: string; title: string; courseId: string } | null;
}

/** The skill gaps of a snapshot (largest first, as the snapshot keeps them). */
export function skillGapsOf(snapshot: { skillGaps: unknown } | null): SkillGap[] {
  const gaps = (snapshot?.skillGaps as { gaps?: Record<string, unknown>[] } | undefined)?.gaps ?? [];
  return gaps.map((g) => ({
    skillId: String(g.skill_id),
    name: String(g.name),
    mastery: Number(g.mastery),
    target: Number(g.target ?? MASTERED_AT),
    gap: Number(g.gap),
    critical: Boolean(g.critical),
    lesson: g.lesson_id ? { id: String(g.lesson_id), title: String(g.lesson_title), courseId: String(g.course_id) } : null,
  }));
}

export interface Velocity {
  status: "ahead" | "on_track" | "behind" | "not_enrolled" | null;
  lessonsPerWeek: number;
  targetLessonsPerWeek: number | null;
  remainingLessons: number | null;
  estimatedCompletionOn: string | null;
  snapshotDay: string;
}

function velocityOf(snapshot: Awaited<ReturnType<typeof getLatestSnapshot>>): Velocity | null {
  if (!snapshot) return null;
  const detail = snapshot.velocity as { remaining_lessons?: number | null };
  return {
    status: snapshot.velocityStatus,
    lessonsPerWeek: Number(snapshot.lessonsPerWeek),
    targetLessonsPerWeek: snapshot.targetLessonsPerWeek === null ? null : Number(snapshot.targetLessonsPerWeek),
    remainingLessons: detail.remaining_lessons ?? null,
    estimatedCompletionOn: snapshot.estimatedCompletionOn,
    snapshotDay: snapshot.snapshotDay,
  };
}

/** Active goals of the vision board first, then achieved ones; at most `limit`. */
async function dashboardGoals(tx: Tx, input: Learner, limit = 4) {
  const board = await getVisionBoard(tx, input);
  return board
    .filter((g) => g.status !== "abandoned")
    .slice(0, limit)
    .map((g) => ({ id: g.id, title: g.title, targetDate: g.targetDate, progress: g.progress, status: g.status, skills: g.skills.map((s) => s.name) }));
}

/** The leaderboard widget: entries plus the caller's own row (also when below the top rows). */
export async function leaderboardWidget(tx: Tx, input: Learner & { period: LeaderboardPeriod }) {
  const entries: LeaderboardEntry[] = await getLeaderboard(tx, { organizationId: input.organizationId, period: input.period, limit: 10 });
  return { period: input.period, entries, me: entries.find((e) => e.isMe) ?? null };
}
export type LeaderboardWidget = Awaited<ReturnType<typeof leaderboardWidget>>;

/**
 * Everything the learner dashboard shows, in one RLS-scoped transaction.
 * `hasActivity` is false until the learner has done anything (no rollup, no
 * lesson started, no graded attempt): the page then shows how to start
 * instead of empty charts.
 */
export async function learnerDashboard(tx: Tx, input: Learner) {
  const [enrollments, lastActivity, points, achievements, snapshot, weeks, mastery, scores, goals, leaderboard, peers] =
    await Promise.all([
      myLearning(tx, input),
      lastLessonActivity(tx, input),
      getPointsSummary(tx, input),
      listEarnedAchievements(tx, { ...input, limit: 4 }),
      getLatestSnapshot(tx, input),
      weeklyActivity(tx, { ...input, weeks: 12 }),
      masteryBySkill(tx, input),
      recentScores(tx, { ...input, limit: 10 }),
      dashboardGoals(tx, input),
      leaderboardWidget(tx, { ...input, period: "week" }),
      getPeerComparison(tx, { organizationId: input.organizationId }),
    ]);
  const hasActivity =
    lastActivity.size > 0 || scores.length > 0 || weeks.some((w) => w.activeMinutes > 0 || w.lessonsCompleted > 0) || points.totalPoints > 0;
  return {
    hasActivity,
    enrollments,
    continueLearning: pickContinueLearning(enrollments, lastActivity),
    points,
    achievements,
    velocity: velocityOf(snapshot),
    weeks,
    mastery: mastery.map((m) => ({ ...m, mastery: Number(m.mastery) })),
    scores: scores.map((s) => ({ ...s, score: s.score === null ? null : Number(s.score) })),
    skillGaps: skillGapsOf(snapshot),
    engagementScore: snapshot?.engagementScore ?? null,
    goals,
    leaderboard,
    peers,
  };
}
export type LearnerDashboard = Awaited<ReturnType<typeof learnerDashboard>>;
