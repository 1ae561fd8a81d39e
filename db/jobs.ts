// The scheduled jobs (SPEC §6): one list, in the database. The migration
// supabase/migrations/20261122000500_scheduled_jobs.sql defines it
// (private.scheduled_jobs: name, cron schedule, the job's one SQL statement)
// and registers it with pg_cron where the server has pg_cron (Supabase). This
// module runs the same list from Node where it has not (the embedded
// PostgreSQL of `npm run dev`): both runners go through
// private.run_scheduled_job(name), so the SQL of each job exists once and the
// two cannot disagree. The in-process scheduler is db/scheduler.ts.
// Every run is recorded in private.job_runs (ok or failed, result or error),
// by private.run_scheduled_job itself.
import { asc, sql } from "drizzle-orm";
import type { Database, Tx } from "./client";
import { withServiceDb } from "./rls";
import { scheduledJobs } from "./schema";

/** A job: its name, when pg_cron runs it (cron syntax, UTC), its SQL statement and what it does. */
export type Job = typeof scheduledJobs.$inferSelect;

/** The job list, by name. */
export function listJobs(tx: Tx): Promise<Job[]> {
  return tx.select().from(scheduledJobs).orderBy(asc(scheduledJobs.name));
}

/**
 * Runs one job in the caller's (service) transaction; returns its result as
 * text (e.g. partitions created). A failed run (its work rolled back, its run
 * recorded in private.job_runs) throws the job's error — which rolls the
 * caller's transaction back, record included: runners use runJobCommitted.
 */
export async function runJob(tx: Tx, name: string): Promise<string | null> {
  const [row] = await tx.execute<{ result: string | null }>(sql`select private.run_scheduled_job(${name}) as result`);
  const [run] = await tx.execute<{ status: "ok" | "failed"; error: string | null }>(sql`
    select r.status, r.error from private.job_runs r
    where r.id = nullif(current_setting('senseiiwyze.job_run_id', true), '')::bigint`);
  if (run?.status === "failed") throw new Error(`Scheduled job ${name} failed: ${run.error}`);
  return row.result;
}

/**
 * Runs one job in a transaction of its own, as pg_cron does (`call
 * private.run_job(name)`, outside any transaction): the run is recorded and
 * committed, then a failed job's error is thrown.
 */
export async function runJobCommitted(db: Database, name: string): Promise<string | null> {
  const [row] = await db.execute<{ result: string | null }>(sql`call private.run_job(${name}, null)`);
  return row?.result ?? null;
}

/** Runs every job once, each in its own transaction; a failing job is reported and does not stop the others. */
export async function runAllJobs(
  db: Database,
  log: (message: string) => void,
  options: { first?: string[] } = {},
): Promise<{ failed: string[] }> {
  const listed = await withServiceDb("scheduled jobs: read the job list", listJobs, db);
  // `first`: jobs others read from (when present), ahead of the name order.
  const first = options.first ?? [];
  const jobs = [...listed].sort((a, b) => Number(!first.includes(a.name)) - Number(!first.includes(b.name)));
  const failed: string[] = [];
  for (const job of jobs) {
    try {
      const result = await runJobCommitted(db, job.name);
      log(`job ${job.name}: ${String(result)}`);
    } catch (error) {
      failed.push(job.name);
      log(`job ${job.name} failed: ${describe(error)}`);
    }
  }
  return { failed };
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: string } })?.cause?.message;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
