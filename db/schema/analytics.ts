// Mirrors supabase/migrations/20261130000300_analytics_tables.sql (checked by
// tests/integration/schema-drift.test.ts). The migration is the source of truth;
// the formulas that fill these tables are documented in the SQL of the
// following analytics migrations.
import {
  bigint,
  boolean,
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations, profiles } from "./tenancy";
import { assessments, cohorts, courses, lessons, questions } from "./learning";
import { privateSchema } from "./private";
import { xid8 } from "./types";

const organizationId = () =>
  uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" });
const userId = () => uuid("user_id").notNull().references(() => profiles.id, { onDelete: "cascade" });
const timestamptz = (name: string) => timestamp(name, { withTimezone: true });
const num = (name: string, precision: number, scale: number) => numeric(name, { precision, scale, mode: "number" });

export const LEADERBOARD_VISIBILITY = ["public", "anonymous", "hidden"] as const;
export type LeaderboardVisibility = (typeof LEADERBOARD_VISIBILITY)[number];

export const userPreferences = pgTable(
  "user_preferences",
  {
    organizationId: organizationId(),
    userId: userId(),
    leaderboardVisibility: text("leaderboard_visibility", { enum: LEADERBOARD_VISIBILITY }).notNull().default("public"),
    predictionsOptOut: boolean("predictions_opt_out").notNull().default(false),
    notificationPrefs: jsonb("notification_prefs").$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);

/** Measures shared by the learner, cohort and org daily rollups. */
const rollupMeasures = (totals: { minutes: number; scoreSum: number }) => ({
  events: integer("events").notNull().default(0),
  activeMinutes: num("active_minutes", totals.minutes, 2).notNull().default(0),
  sessions: integer("sessions").notNull().default(0),
  lessonsCompleted: integer("lessons_completed").notNull().default(0),
  assessmentsSubmitted: integer("assessments_submitted").notNull().default(0),
  scoreSum: num("score_sum", totals.scoreSum, 2).notNull().default(0),
  scoreCount: integer("score_count").notNull().default(0),
  avgScore: num("avg_score", 5, 2),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export const learnerDailyRollups = pgTable(
  "learner_daily_rollups",
  {
    organizationId: organizationId(),
    userId: userId(),
    day: date("day").notNull(),
    ...rollupMeasures({ minutes: 8, scoreSum: 12 }),
    eventsByType: jsonb("events_by_type").$type<Record<string, number>>().notNull().default({}),
    points: integer("points").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId, t.day] })],
);

export const cohortDailyRollups = pgTable(
  "cohort_daily_rollups",
  {
    organizationId: organizationId(),
    cohortId: uuid("cohort_id").notNull().references(() => cohorts.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    activeLearners: integer("active_learners").notNull().default(0),
    ...rollupMeasures({ minutes: 10, scoreSum: 14 }),
    points: integer("points").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.cohortId, t.day] })],
);

export const orgDailyRollups = pgTable(
  "org_daily_rollups",
  {
    organizationId: organizationId(),
    day: date("day").notNull(),
    activeLearners: integer("active_learners").notNull().default(0),
    ...rollupMeasures({ minutes: 12, scoreSum: 16 }),
    points: bigint("points", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day] })],
);

export const aggregatedAnalytics = pgTable(
  "aggregated_analytics",
  {
    organizationId: organizationId(),
    cohortId: uuid("cohort_id").references(() => cohorts.id, { onDelete: "cascade" }),
    period: text("period", { enum: ["month", "year"] }).notNull(),
    periodStart: date("period_start").notNull(),
    activeLearners: integer("active_learners").notNull().default(0),
    activeDays: integer("active_days").notNull().default(0),
    events: bigint("events", { mode: "number" }).notNull().default(0),
    activeMinutes: num("active_minutes", 14, 2).notNull().default(0),
    sessions: bigint("sessions", { mode: "number" }).notNull().default(0),
    lessonsCompleted: bigint("lessons_completed", { mode: "number" }).notNull().default(0),
    assessmentsSubmitted: bigint("assessments_submitted", { mode: "number" }).notNull().default(0),
    scoreSum: num("score_sum", 18, 2).notNull().default(0),
    scoreCount: bigint("score_count", { mode: "number" }).notNull().default(0),
    avgScore: num("avg_score", 5, 2),
    points: bigint("points", { mode: "number" }).notNull().default(0),
    computedAt: timestamptz("computed_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [unique("aggregated_analytics_key").on(t.organizationId, t.cohortId, t.period, t.periodStart).nullsNotDistinct()],
);

export const pointRules = pgTable(
  "point_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    points: integer("points").notNull(),
    minScore: num("min_score", 5, 2),
    description: text("description").notNull().default(""),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [unique("point_rules_key").on(t.organizationId, t.eventType).nullsNotDistinct()],
);

export const pointTransactions = pgTable(
  "point_transactions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    // No foreign keys (see the migration): statement-level triggers remove the rows with their org or learner.
    organizationId: uuid("organization_id").notNull(),
    userId: uuid("user_id").notNull(),
    points: integer("points").notNull(),
    activityType: text("activity_type").notNull(),
    sourceKey: text("source_key").notNull(),
    sourceEventId: bigint("source_event_id", { mode: "number" }),
    ruleId: uuid("rule_id"), // history: no foreign key (a deleted rule must not rewrite the ledger)
    occurredAt: timestamptz("occurred_at").notNull(),
    day: date("day").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [unique("point_transactions_source_key").on(t.organizationId, t.sourceKey)],
);

export const userPoints = pgTable(
  "user_points",
  {
    organizationId: organizationId(),
    userId: userId(),
    totalPoints: bigint("total_points", { mode: "number" }).notNull().default(0),
    level: integer("level").notNull().default(1),
    pointsToNextLevel: bigint("points_to_next_level", { mode: "number" }).notNull().default(0),
    currentStreak: integer("current_streak").notNull().default(0),
    longestStreak: integer("longest_streak").notNull().default(0),
    lastActiveDay: date("last_active_day"),
    // All-time sums of the daily rollups: the achievement metrics (kept by the rollup, analytics.apply_day_changes).
    activeDays: integer("active_days").notNull().default(0),
    lessonsCompleted: integer("lessons_completed").notNull().default(0),
    lessonsStarted: integer("lessons_started").notNull().default(0),
    assessmentsSubmitted: integer("assessments_submitted").notNull().default(0),
    scoreSum: numeric("score_sum").notNull().default("0"),
    scoreCount: integer("score_count").notNull().default(0),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);

/** {"metric": name, "gte": n} or {"all": [criteria…]} (analytics.achievement_met). */
export type AchievementCriteria = { metric: string; gte: number } | { all: AchievementCriteria[] };

export const achievements = pgTable(
  "achievements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    icon: text("icon").notNull().default("award"),
    tier: text("tier", { enum: ["beginner", "intermediate", "advanced", "elite"] }).notNull().default("beginner"),
    criteria: jsonb("criteria").$type<AchievementCriteria>().notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [unique("achievements_key").on(t.organizationId, t.key).nullsNotDistinct()],
);

export const userAchievements = pgTable(
  "user_achievements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    userId: userId(),
    achievementId: uuid("achievement_id").notNull().references(() => achievements.id, { onDelete: "cascade" }),
    earnedAt: timestamptz("earned_at").notNull().defaultNow(),
  },
  (t) => [unique("user_achievements_once").on(t.organizationId, t.userId, t.achievementId)],
);

export const VELOCITY_STATUS = ["ahead", "on_track", "behind", "not_enrolled"] as const;

export const learnerAnalyticsSnapshots = pgTable(
  "learner_analytics_snapshots",
  {
    organizationId: organizationId(),
    userId: userId(),
    snapshotDay: date("snapshot_day").notNull(),
    lessonsPerWeek: num("lessons_per_week", 6, 2).notNull().default(0),
    targetLessonsPerWeek: num("target_lessons_per_week", 6, 2),
    velocityStatus: text("velocity_status", { enum: VELOCITY_STATUS }),
    estimatedCompletionOn: date("estimated_completion_on"),
    engagementScore: integer("engagement_score").notNull().default(0),
    skillGapCount: integer("skill_gap_count").notNull().default(0),
    masteryAvg: num("mastery_avg", 5, 2),
    avgScore: num("avg_score", 5, 2),
    passRate: num("pass_rate", 5, 2),
    velocity: jsonb("velocity").$type<Record<string, unknown>>().notNull().default({}),
    skillGaps: jsonb("skill_gaps").$type<Record<string, unknown>>().notNull().default({}),
    engagement: jsonb("engagement").$type<Record<string, unknown>>().notNull().default({}),
    mastery: jsonb("mastery").$type<Record<string, unknown>>().notNull().default({}),
    performance: jsonb("performance").$type<Record<string, unknown>>().notNull().default({}),
    contentEffectiveness: jsonb("content_effectiveness").$type<Record<string, unknown>>().notNull().default({}),
    computedAt: timestamptz("computed_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId, t.snapshotDay] })],
);

/** One named contributor to a learner's drop-off risk. */
export interface RiskFactor {
  factor: "days_inactive" | "velocity_trend" | "assessment_trend" | "missed_due_dates";
  label: string;
  value: number;
  weight: number;
  contribution: number;
}

export const predictiveAnalyticsCache = pgTable(
  "predictive_analytics_cache",
  {
    organizationId: organizationId(),
    userId: userId(),
    dropOffRisk: num("drop_off_risk", 4, 3).notNull(),
    riskLevel: text("risk_level", { enum: ["low", "medium", "high"] }).notNull(),
    factors: jsonb("factors").$type<RiskFactor[]>().notNull().default([]),
    completionForecastOn: date("completion_forecast_on"),
    nextLessonId: uuid("next_lesson_id").references(() => lessons.id, { onDelete: "set null" }),
    nextCourseId: uuid("next_course_id").references(() => courses.id, { onDelete: "set null" }),
    computedAt: timestamptz("computed_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);

export const questionItemStats = pgTable("question_item_stats", {
  organizationId: organizationId(),
  questionId: uuid("question_id").primaryKey().references(() => questions.id, { onDelete: "cascade" }),
  assessmentId: uuid("assessment_id").notNull().references(() => assessments.id, { onDelete: "cascade" }),
  attempts: integer("attempts").notNull().default(0),
  correct: integer("correct").notNull().default(0),
  difficulty: num("difficulty", 5, 4),
  discrimination: num("discrimination", 5, 4),
  discriminationUl: num("discrimination_ul", 5, 4),
  computedAt: timestamptz("computed_at").notNull().defaultNow(),
});

export const kpiSnapshots = pgTable(
  "kpi_snapshots",
  {
    organizationId: organizationId(),
    cohortId: uuid("cohort_id").references(() => cohorts.id, { onDelete: "cascade" }),
    snapshotDay: date("snapshot_day").notNull(),
    learners: integer("learners").notNull().default(0),
    activeLearners7d: integer("active_learners_7d").notNull().default(0),
    activeLearners30d: integer("active_learners_30d").notNull().default(0),
    turnoverRisk: num("turnover_risk", 5, 2),
    burnoutRisk: num("burnout_risk", 5, 2),
    productivityIndex: num("productivity_index", 6, 2),
    highPotentialCount: integer("high_potential_count").notNull().default(0),
    atRiskCount: integer("at_risk_count").notNull().default(0),
    avgEngagement: num("avg_engagement", 5, 2),
    avgMastery: num("avg_mastery", 5, 2),
    avgVelocity: num("avg_velocity", 6, 2),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    computedAt: timestamptz("computed_at").notNull().defaultNow(),
  },
  (t) => [unique("kpi_snapshots_key").on(t.organizationId, t.cohortId, t.snapshotDay).nullsNotDistinct()],
);

// The jobs' watermarks (private, owner-only): the rollup's position is an xid8.
export const analyticsWatermarks = privateSchema.table("analytics_watermarks", {
  name: text("name").primaryKey(),
  position: xid8("position").notNull().default("0"),
  lastRunAt: timestamptz("last_run_at"),
  lastResult: jsonb("last_result").$type<Record<string, unknown>>().notNull().default({}),
});

// Erased learners' share of the organization's aggregates (private, owner-only;
// supabase/migrations/20261130000995_erasure_keeps_aggregates.sql): their daily
// measures under a random pseudonym that nothing maps back to them.
export const erasedLearnerDays = privateSchema.table(
  "erased_learner_days",
  {
    organizationId: organizationId(),
    pseudonym: uuid("pseudonym").notNull(),
    day: date("day").notNull(),
    cohortIds: uuid("cohort_ids").array().notNull().default([]),
    events: integer("events").notNull().default(0),
    activeMinutes: num("active_minutes", 8, 2).notNull().default(0),
    sessions: integer("sessions").notNull().default(0),
    lessonsCompleted: integer("lessons_completed").notNull().default(0),
    assessmentsSubmitted: integer("assessments_submitted").notNull().default(0),
    scoreSum: num("score_sum", 12, 2).notNull().default(0),
    scoreCount: integer("score_count").notNull().default(0),
    points: integer("points").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.pseudonym, t.day] })],
);
