// The in-process scheduler of embedded mode (SPEC §3): runs the job list of
// db/jobs.ts once at start and then every hour, for `npm run dev`, whose
// embedded PostgreSQL has no pg_cron. Hourly rather than each job's own cron
// schedule: every job is idempotent and cheap, and a laptop that slept through
// a job's minute still gets its partitions within the hour. In production
// pg_cron runs the same list on each job's schedule.
import { Cron } from "croner";
import type { Database } from "./client";
import { runAllJobs } from "./jobs";

export const SCHEDULER_PATTERN = "0 * * * *";

export interface Scheduler {
  /** Resolves when the first run (started at start) has finished. */
  firstRun: Promise<void>;
  /** Stops the timer and waits for a run in progress to finish. */
  stop: () => Promise<void>;
}

export function startScheduler(db: Database, log: (message: string) => void, pattern = SCHEDULER_PATTERN): Scheduler {
  // Every run still in flight, so stop() can wait for them before the caller
  // closes the pool or stops PostgreSQL.
  let inFlight: Promise<unknown> = Promise.resolve();
  const runOnce = () => {
    const run = runAllJobs(db, log).then(
      ({ failed }) => {
        if (failed.length) log(`scheduled jobs failed: ${failed.join(", ")} (retried at the next run)`);
      },
      (error: unknown) => log(`scheduled jobs could not run: ${error instanceof Error ? error.message : String(error)}`),
    );
    inFlight = Promise.all([inFlight, run]);
    return run;
  };
  // protect: a run still going when the next is due is not doubled.
  const cron = new Cron(pattern, { timezone: "UTC", protect: true, name: "scheduled-jobs" }, runOnce);
  const firstRun = runOnce();
  return {
    firstRun,
    stop: async () => {
      cron.stop();
      await inFlight;
    },
  };
}
