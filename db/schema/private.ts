// Mirrors the `private` schema of supabase/migrations (not exposed to the API).
import { bigint, boolean, inet, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const privateSchema = pgSchema("private");

export const signInAttempts = privateSchema.table("sign_in_attempts", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  email: text("email").notNull(),
  ipAddress: inet("ip_address"),
  succeeded: boolean("succeeded").notNull(),
  attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
});

// The scheduled jobs (supabase/migrations/20261122000500_scheduled_jobs.sql):
// one list for pg_cron and the dev scheduler, read by db/jobs.ts.
export const scheduledJobs = privateSchema.table("scheduled_jobs", {
  name: text("name").primaryKey(),
  schedule: text("schedule").notNull(),
  command: text("command").notNull(),
  description: text("description").notNull(),
});

// Sessions of the embedded auth backend (supabase/migrations/20261130000920_sessions.sql):
// the JWT's session_id names a row here; a revoked or expired row ends the session.
export const sessions = privateSchema.table("sessions", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  ipAddress: inet("ip_address"),
  userAgent: text("user_agent"),
});

// The job-run log (supabase/migrations/20261130000200_job_runs.sql): one row
// per run of a scheduled job, ok or failed; read only by the owner role.
export const jobRuns = privateSchema.table("job_runs", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  job: text("job").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
  status: text("status", { enum: ["ok", "failed"] }).notNull(),
  result: text("result"),
  error: text("error"),
});
