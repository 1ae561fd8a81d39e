// The scheduled jobs: one list in the database (private.scheduled_jobs), run
// by pg_cron where the server has it and by the in-process scheduler of
// `npm run dev` where it has not (here: the embedded PostgreSQL has no
// pg_cron). That pg_cron really registers and runs the list is checked on
// Debian's PostgreSQL with pg_cron by `npm run test:pg-cron` (tests/pg-cron/check.ts, CI).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createDatabase, type Tx } from "@/db/client";
import { migrate } from "@/db/migrate";
import { listJobs, runAllJobs, runJob } from "@/db/jobs";
import { startScheduler } from "@/db/scheduler";
import { createOrg, testDb, withServiceDb } from "../support/db";
import { attemptAs, attemptAsService } from "../support/attempt";

// The reports migration's expiry job.
const REPORT_JOBS = ["expire_reports"];
// The analytics jobs (supabase/migrations/20261130000330_analytics_views.sql).
const ANALYTICS_JOBS = [
  "analytics_aggregates", "analytics_expire_predictions", "analytics_expire_snapshots", "analytics_nightly",
  "analytics_refresh_views", "analytics_rollup",
];

const service = <T>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test: scheduled jobs", fn, testDb());

/** The job list, by name (each migration that adds jobs adds them here). */
const JOB_NAMES = [
  ...ANALYTICS_JOBS,
  "drop_expired_raw_event_partitions",
  "ensure_audit_log_partitions",
  "ensure_raw_event_partitions",
  "expire_raw_event_keys",
  ...REPORT_JOBS,
  "prune_job_runs",
  "prune_sign_in_attempts",
];

describe("the job list", () => {
  it("holds each job once with a cron schedule, a description and one statement", async () => {
    const jobs = await service(listJobs);
    expect(jobs.map((job) => job.name)).toEqual(JOB_NAMES);
    for (const job of jobs) {
      expect(job.schedule).toMatch(/^\S+( \S+){4}$/);
      expect(job.command).toMatch(/^select (public|private|analytics)\.\w+\(([^;]*)\)$/);
      expect(job.description.length).toBeGreaterThan(10);
    }
  });

  it("runs each job through private.run_scheduled_job, and refuses an unknown name", async () => {
    const outcome = await attemptAsService(async (tx) => [await runJob(tx, "ensure_raw_event_partitions"), await runJob(tx, "ensure_raw_event_partitions")]);
    expect(outcome.ok && outcome.value[1]).toBe("0");
    const unknown = await attemptAsService((tx) => runJob(tx, "drop_everything"));
    expect(unknown.ok ? "ran" : [unknown.code, unknown.message]).toEqual(["SW404", 'There is no scheduled job named "drop_everything"']);
  });

  it("is neither readable nor runnable by users", async () => {
    const org = await createOrg();
    const read = await attemptAs(org.owner, (tx) => tx.execute(sql`select * from private.scheduled_jobs`));
    const run = await attemptAs(org.owner, (tx) => tx.execute(sql`select private.run_scheduled_job('ensure_raw_event_partitions')`));
    const register = await attemptAs(org.owner, (tx) => tx.execute(sql`select private.schedule_jobs_in_pg_cron()`));
    expect([read, run, register].map((outcome) => (outcome.ok ? "allowed" : outcome.code))).toEqual(["42501", "42501", "42501"]);
  });

  it("without pg_cron, the migration registered nothing and registering again does nothing", async () => {
    const outcome = await attemptAsService(async (tx) => {
      const [row] = await tx.execute<{ available: boolean; installed: boolean; registered: number }>(sql`
        select exists (select 1 from pg_available_extensions where name = 'pg_cron') as available,
               exists (select 1 from pg_extension where extname = 'pg_cron') as installed,
               private.schedule_jobs_in_pg_cron() as registered`);
      return row;
    });
    expect(outcome.ok && outcome.value).toEqual({ available: false, installed: false, registered: 0 });
  });
});

// The runners commit what they create, so they run in a database of their own
// in the test cluster: partitions they would create (e.g. for another test's
// temporarily longer retention) never change what the other files see.
const jobsDbName = `jobs_${randomUUID().slice(0, 8)}`;
const adminUrl = process.env.DATABASE_URL!;
let jobsDb: ReturnType<typeof createDatabase>;

beforeAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${jobsDbName}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${jobsDbName}$1`);
  await migrate(url);
  jobsDb = createDatabase(url, { max: 2 });
}, 120_000);

afterAll(async () => {
  await jobsDb?.client.end();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${jobsDbName} with (force)`);
  await admin.end();
});

describe("runAllJobs", () => {
  it("runs every job of the list once and reports each result", async () => {
    const lines: string[] = [];
    const { failed } = await runAllJobs(jobsDb.db, (line) => lines.push(line));
    expect(failed).toEqual([]);
    // Results are counts, or a JSON summary (the rollup).
    expect(lines.map((line) => line.replace(/: (\d+|\{.*\})$/, ": n"))).toEqual(JOB_NAMES.map((name) => `job ${name}: n`));
  });
});

describe("the in-process scheduler (npm run dev)", () => {
  it("runs the list at start, then stops cleanly, waiting for a run in progress", async () => {
    const lines: string[] = [];
    const scheduler = startScheduler(jobsDb.db, (line) => lines.push(line));
    await scheduler.stop();
    // stop() waited for the run started at start: every job has reported.
    expect(lines.filter((line) => line.startsWith("job "))).toHaveLength(JOB_NAMES.length);
    expect(lines.some((line) => /failed|could not run/.test(line))).toBe(false);
  });

  it("runs again on its schedule", async () => {
    const lines: string[] = [];
    // Every second (croner's six-field form), to see a scheduled run without waiting an hour.
    const scheduler = startScheduler(jobsDb.db, (line) => lines.push(line), "* * * * * *");
    await scheduler.firstRun;
    const deadline = Date.now() + 10_000;
    while (lines.filter((line) => line.startsWith("job ")).length < 2 * JOB_NAMES.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await scheduler.stop();
    expect(lines.filter((line) => line.startsWith("job ")).length).toBeGreaterThanOrEqual(2 * JOB_NAMES.length);
  });
});
