// Mirrors supabase/migrations/20261122000300_learning.sql (checked by
// tests/integration/schema-drift.test.ts). The migration is the source of truth.
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
import { sql } from "drizzle-orm";
import { organizations, profiles } from "./tenancy";
import { xid8 } from "./types";

const organizationId = () =>
  uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" });
const userId = () => uuid("user_id").notNull().references(() => profiles.id, { onDelete: "cascade" });
const createdBy = () => uuid("created_by").references(() => profiles.id, { onDelete: "set null" });
const timestamptz = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => timestamptz("created_at").notNull().defaultNow();

export const organizationSettings = pgTable("organization_settings", {
  organizationId: uuid("organization_id").primaryKey().references(() => organizations.id, { onDelete: "cascade" }),
  rawRetentionDays: integer("raw_retention_days").notNull().default(30),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export const skills = pgTable("skills", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  createdAt: createdAt(),
});

export const courses = pgTable("courses", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  status: text("status", { enum: ["draft", "published"] }).notNull().default("draft"),
  publishedAt: timestamptz("published_at"),
  createdBy: createdBy(),
  createdAt: createdAt(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export const courseSections = pgTable("course_sections", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  position: integer("position").notNull().default(0),
  createdAt: createdAt(),
});

export const lessons = pgTable("lessons", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
  sectionId: uuid("section_id").notNull().references(() => courseSections.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  bodyMd: text("body_md").notNull().default(""),
  estimatedMinutes: integer("estimated_minutes").notNull().default(10),
  position: integer("position").notNull().default(0),
  createdAt: createdAt(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export const courseSkills = pgTable(
  "course_skills",
  {
    organizationId: organizationId(),
    courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    skillId: uuid("skill_id").notNull().references(() => skills.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.skillId] })],
);

export const lessonSkills = pgTable(
  "lesson_skills",
  {
    organizationId: organizationId(),
    lessonId: uuid("lesson_id").notNull().references(() => lessons.id, { onDelete: "cascade" }),
    skillId: uuid("skill_id").notNull().references(() => skills.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.lessonId, t.skillId] })],
);

export const cohorts = pgTable("cohorts", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "restrict" }),
  name: text("name").notNull(),
  startsOn: date("starts_on").notNull(),
  endsOn: date("ends_on").notNull(),
  createdBy: createdBy(),
  createdAt: createdAt(),
});

export const cohortTrainers = pgTable(
  "cohort_trainers",
  {
    organizationId: organizationId(),
    cohortId: uuid("cohort_id").notNull().references(() => cohorts.id, { onDelete: "cascade" }),
    userId: userId(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] })],
);

export const enrollments = pgTable(
  "enrollments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    cohortId: uuid("cohort_id").notNull().references(() => cohorts.id, { onDelete: "cascade" }),
    courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    userId: userId(),
    enrolledAt: timestamptz("enrolled_at").notNull().defaultNow(),
    dueOn: date("due_on"),
    progressPercent: numeric("progress_percent", { precision: 5, scale: 2, mode: "number" }).notNull().default(0),
    completedAt: timestamptz("completed_at"),
  },
  (t) => [unique().on(t.cohortId, t.userId)],
);

export const lessonProgress = pgTable(
  "lesson_progress",
  {
    organizationId: organizationId(),
    userId: userId(),
    lessonId: uuid("lesson_id").notNull().references(() => lessons.id, { onDelete: "cascade" }),
    courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    completedAt: timestamptz("completed_at"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.lessonId] })],
);

export const userSkills = pgTable(
  "user_skills",
  {
    organizationId: organizationId(),
    userId: userId(),
    skillId: uuid("skill_id").notNull().references(() => skills.id, { onDelete: "cascade" }),
    mastery: numeric("mastery", { precision: 5, scale: 2, mode: "number" }).notNull().default(0),
    lastAssessedAt: timestamptz("last_assessed_at"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.skillId] })],
);

export const scoreBrackets = pgTable("score_brackets", {
  key: text("key").primaryKey(),
  scale: numeric("scale", { precision: 2, scale: 1, mode: "number" }).notNull().unique(),
  minScore: numeric("min_score", { precision: 5, scale: 2, mode: "number" }).notNull().unique(),
  label: text("label").notNull(),
  description: text("description").notNull(),
  recommendations: text("recommendations").array().notNull().default([]),
});

export const assessments = pgTable("assessments", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
  lessonId: uuid("lesson_id").references(() => lessons.id, { onDelete: "set null" }),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  passMark: numeric("pass_mark", { precision: 5, scale: 2, mode: "number" }).notNull().default(60),
  timeLimitMinutes: integer("time_limit_minutes"),
  maxAttempts: integer("max_attempts"),
  showAnswersAfterSubmit: boolean("show_answers_after_submit").notNull().default(true),
  createdBy: createdBy(),
  createdAt: createdAt(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export type QuestionKind = "single_choice" | "multiple_choice" | "numeric" | "free_text";

export const questions = pgTable("questions", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  assessmentId: uuid("assessment_id").notNull().references(() => assessments.id, { onDelete: "cascade" }),
  kind: text("kind").$type<QuestionKind>().notNull(),
  prompt: text("prompt").notNull(),
  options: jsonb("options").$type<{ id: string; label: string }[]>().notNull().default([]),
  points: numeric("points", { precision: 6, scale: 2, mode: "number" }).notNull().default(1),
  position: integer("position").notNull().default(0),
  skillId: uuid("skill_id").references(() => skills.id, { onDelete: "set null" }),
});

export const questionKeys = pgTable("question_keys", {
  questionId: uuid("question_id").primaryKey().references(() => questions.id, { onDelete: "cascade" }),
  organizationId: organizationId(),
  answer: jsonb("answer").$type<Record<string, unknown>>().notNull(),
});

export const assessmentAttempts = pgTable(
  "assessment_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    assessmentId: uuid("assessment_id").notNull().references(() => assessments.id, { onDelete: "cascade" }),
    userId: userId(),
    attemptNumber: integer("attempt_number").notNull(),
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    deadlineAt: timestamptz("deadline_at"),
    submittedAt: timestamptz("submitted_at"),
    status: text("status", { enum: ["in_progress", "submitted", "graded"] }).notNull().default("in_progress"),
    score: numeric("score", { precision: 5, scale: 2, mode: "number" }),
    bracketKey: text("bracket_key").references(() => scoreBrackets.key),
    passed: boolean("passed"),
  },
  (t) => [unique().on(t.assessmentId, t.userId, t.attemptNumber)],
);

export const answers = pgTable(
  "answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    attemptId: uuid("attempt_id").notNull().references(() => assessmentAttempts.id, { onDelete: "cascade" }),
    questionId: uuid("question_id").notNull().references(() => questions.id, { onDelete: "cascade" }),
    userId: userId(),
    response: jsonb("response").$type<Record<string, unknown>>().notNull().default({}),
    isCorrect: boolean("is_correct"),
    pointsAwarded: numeric("points_awarded", { precision: 6, scale: 2, mode: "number" }),
    feedback: text("feedback"),
    gradedBy: uuid("graded_by").references(() => profiles.id, { onDelete: "set null" }),
    gradedAt: timestamptz("graded_at"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [unique().on(t.attemptId, t.questionId)],
);

export const activities = pgTable("activities", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  courseId: uuid("course_id").references(() => courses.id, { onDelete: "cascade" }),
  skillId: uuid("skill_id").references(() => skills.id, { onDelete: "set null" }),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  createdBy: createdBy(),
  createdAt: createdAt(),
});

export const tasks = pgTable("tasks", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  activityId: uuid("activity_id").notNull().references(() => activities.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  estimatedMinutes: integer("estimated_minutes").notNull().default(5),
  points: integer("points").notNull().default(10),
  position: integer("position").notNull().default(0),
});

export const taskCompletions = pgTable(
  "task_completions",
  {
    organizationId: organizationId(),
    taskId: uuid("task_id").notNull().references(() => tasks.id, { onDelete: "cascade" }),
    userId: userId(),
    completedAt: timestamptz("completed_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.userId] })],
);

export const visionBoards = pgTable(
  "vision_boards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    userId: userId(),
    title: text("title").notNull().default("My vision"),
    createdAt: createdAt(),
  },
  (t) => [unique().on(t.organizationId, t.userId)],
);

export const goals = pgTable("goals", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  visionBoardId: uuid("vision_board_id").notNull().references(() => visionBoards.id, { onDelete: "cascade" }),
  userId: userId(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  targetDate: date("target_date"),
  progress: integer("progress").notNull().default(0),
  status: text("status", { enum: ["active", "achieved", "abandoned"] }).notNull().default("active"),
  createdAt: createdAt(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export const goalSkills = pgTable(
  "goal_skills",
  {
    organizationId: organizationId(),
    goalId: uuid("goal_id").notNull().references(() => goals.id, { onDelete: "cascade" }),
    skillId: uuid("skill_id").notNull().references(() => skills.id, { onDelete: "cascade" }),
    userId: userId(),
  },
  (t) => [primaryKey({ columns: [t.goalId, t.skillId] })],
);

export const obstacles = pgTable("obstacles", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  goalId: uuid("goal_id").notNull().references(() => goals.id, { onDelete: "cascade" }),
  userId: userId(),
  title: text("title").notNull(),
  status: text("status", { enum: ["open", "in_progress", "resolved"] }).notNull().default("open"),
  resolution: text("resolution"),
  resolvedAt: timestamptz("resolved_at"),
  createdAt: createdAt(),
});

export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  name: text("name").notNull(),
  keyPrefix: text("key_prefix").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  createdBy: createdBy(),
  createdAt: createdAt(),
  lastUsedAt: timestamptz("last_used_at"),
  revokedAt: timestamptz("revoked_at"),
});

export const rawEvents = pgTable(
  "raw_events",
  {
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    organizationId: uuid("organization_id").notNull(),
    userId: uuid("user_id").notNull(),
    eventType: text("event_type").notNull(),
    courseId: uuid("course_id"),
    lessonId: uuid("lesson_id"),
    assessmentId: uuid("assessment_id"),
    taskId: uuid("task_id"),
    durationSeconds: integer("duration_seconds"),
    score: numeric("score", { precision: 5, scale: 2, mode: "number" }),
    context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
    source: text("source", { enum: ["app", "api", "seed"] }).notNull().default("app"),
    idempotencyKey: text("idempotency_key").notNull(),
    occurredAt: timestamptz("occurred_at").notNull(),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
    // The retention class (days) the event is kept for: partitions are LIST by it, then RANGE by day.
    retentionDays: integer("retention_days").notNull(),
    // The storing transaction (pg_current_xact_id()): the rollup watermark's
    // ingestion order (supabase/migrations/20261130000300_analytics_tables.sql).
    ingestXid: xid8("ingest_xid").notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.occurredAt, t.id, t.retentionDays] })],
);

export const rawEventKeys = pgTable(
  "raw_event_keys",
  {
    organizationId: uuid("organization_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    occurredAt: timestamptz("occurred_at").notNull(),
    retentionDays: integer("retention_days").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.idempotencyKey] })],
);
