// Mirrors the `private` schema of supabase/migrations (not exposed to the API).
import { bigint, boolean, inet, pgSchema, text, timestamp } from "drizzle-orm/pg-core";

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
