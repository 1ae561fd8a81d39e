// The scheduled jobs: one list, for the in-process scheduler of embedded mode
// and for pg_cron in production (SPEC §6). Each job is one SQL statement,
// without parameters, run as the service role, so pg_cron can run the same
// text. The scheduler arrives with the analytics pipeline; until then
// `npm run dev` runs every job once at startup (db/prepare.ts).
import { sql } from "drizzle-orm";
import type { Database, Tx } from "./client";
import { withServiceDb } from "./rls";

export interface Job {
  name: string;
  /** When it runs, in cron syntax (UTC). */
  schedule: string;
  /** The statement, as pg_cron would run it. */
  command: string;
  description: string;
}

export const JOBS: Job[] = [
  {
    name: "ensure_raw_event_partitions",
    schedule: "5 0 * * *",
    command: "select public.ensure_raw_event_partitions(7)",
    description: "daily raw_events partitions from yesterday to 7 days ahead (events outside them are refused)",
  },
  {
    name: "ensure_audit_log_partitions",
    schedule: "10 0 1 * *",
    command: "select public.ensure_audit_log_partitions(3)",
    description: "monthly audit_logs partitions from this month to 3 months ahead",
  },
];

export async function runJob(tx: Tx, job: Job): Promise<unknown> {
  const [row] = await tx.execute<Record<string, unknown>>(sql.raw(job.command));
  return row ? Object.values(row)[0] : undefined;
}

/** Runs every job once, each in its own transaction; a failing job is reported and does not stop the others. */
export async function runAllJobs(db: Database, log: (message: string) => void): Promise<{ failed: string[] }> {
  const failed: string[] = [];
  for (const job of JOBS) {
    try {
      const result = await withServiceDb(`scheduled job ${job.name}`, (tx) => runJob(tx, job), db);
      log(`job ${job.name}: ${String(result)}`);
    } catch (error) {
      failed.push(job.name);
      log(`job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { failed };
}
