// The job-run log (private.job_runs): every run of a scheduled job, ok or
// failed, is recorded by private.run_scheduled_job — a failed job's own work
// rolled back, its run kept — and the runners (pg_cron, the dev scheduler)
// call private.run_job, which commits the record before raising the job's
// error. Readable by the owner role only; pruned after 30 days by a job, as
// are sign-in attempts after a day.
// Committed runs happen in a database of their own in the test cluster (like
// scheduled-jobs.test.ts), so a failing job added to its list never reaches
// the other files; the rest runs in transactions that are rolled back.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createDatabase, type Tx } from "@/db/client";
import { migrate } from "@/db/migrate";
import { runAllJobs, runJob, runJobCommitted } from "@/db/jobs";
import { SIGN_IN_WINDOW_MINUTES } from "@/db/queries/auth-users";
import { createOrg } from "../support/db";
import { attemptAs, attemptAsService } from "../support/attempt";

type Run = {
  job: string;
  status: string;
  result: string | null;
  error: string | null;
  ordered: boolean;
};

const lastRuns = async (tx: Tx, job: string, limit = 1) => [
  ...(await tx.execute<Run>(sql`
    select job, status, result, error, started_at <= finished_at as ordered
    from private.job_runs where job = ${job} order by id desc limit ${limit}`)),
];

/** Runs `fn` as the owner in a transaction that is always rolled back; fails the test on an error. */
async function rolledBack<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const outcome = await attemptAsService(fn);
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome.value;
}

// Deletes the attempts of one email (its own work), then divides by zero.
const failingCommand = (email: string) =>
  `with gone as (delete from private.sign_in_attempts a where a.email = '${email}' returning 1) select (count(*) / 0)::text from gone`;

describe("private.run_scheduled_job records every run", () => {
  it("a successful run: its result, ok, start before finish", async () => {
    const { result, runs } = await rolledBack(async (tx) => {
      const result = await runJob(tx, "ensure_raw_event_partitions");
      return { result, runs: await lastRuns(tx, "ensure_raw_event_partitions") };
    });
    expect(runs).toEqual([{ job: "ensure_raw_event_partitions", status: "ok", result, error: null, ordered: true }]);
  });

  it("a failed run: its own work is rolled back, its run is recorded with the error, and runJob throws it", async () => {
    const email = `job-fail-${randomUUID()}@example.test`;
    const { returned, remaining, runs, thrown } = await rolledBack(async (tx) => {
      await tx.execute(sql`insert into private.sign_in_attempts (email, succeeded, attempted_at) values (${email}, false, now() - interval '2 days')`);
      await tx.execute(sql`insert into private.scheduled_jobs (name, schedule, command, description)
                           values ('zz_test_failing', '0 0 * * *', ${failingCommand(email)}, 'a job that fails after doing work')`);
      const [{ returned }] = await tx.execute<{ returned: string | null }>(sql`select private.run_scheduled_job('zz_test_failing') as returned`);
      const [{ remaining }] = await tx.execute<{ remaining: number }>(sql`select count(*)::int as remaining from private.sign_in_attempts where email = ${email}`);
      const runs = await lastRuns(tx, "zz_test_failing");
      const thrown = await tx.transaction((savepoint) => runJob(savepoint, "zz_test_failing")).then(
        () => "no error",
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      return { returned, remaining, runs, thrown };
    });
    expect(returned).toBeNull();
    expect(remaining).toBe(1);
    expect(runs).toEqual([{ job: "zz_test_failing", status: "failed", result: null, error: "22012: division by zero", ordered: true }]);
    expect(thrown).toBe("Scheduled job zz_test_failing failed: 22012: division by zero");
  });
});

describe("who reads the log", () => {
  it("nobody but the owner role: not anon, authenticated or service_role, and no user through a query", async () => {
    const privileges = await rolledBack(async (tx) => [
      ...(await tx.execute<{ role: string; table: boolean; run_job: boolean }>(sql`
        select r.role,
          has_table_privilege(r.role, 'private.job_runs', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE') as table,
          has_function_privilege(r.role, 'private.run_job(text, text)', 'EXECUTE') as run_job
        from (values ('anon'), ('authenticated'), ('service_role')) as r(role) order by 1`)),
    ]);
    expect(privileges).toEqual([
      { role: "anon", table: false, run_job: false },
      { role: "authenticated", table: false, run_job: false },
      { role: "service_role", table: false, run_job: false },
    ]);
    const org = await createOrg();
    const read = await attemptAs(org.owner, (tx) => tx.execute(sql`select * from private.job_runs`));
    const run = await attemptAs(org.owner, (tx) => tx.execute(sql`call private.run_job('prune_job_runs')`));
    expect([read, run].map((outcome) => (outcome.ok ? "allowed" : outcome.code))).toEqual(["42501", "42501"]);
  });
});

describe("pruning jobs", () => {
  it("prune_job_runs deletes runs older than 30 days and keeps the rest", async () => {
    const job = `zz_prune_probe_${randomUUID().slice(0, 8)}`;
    const { result, left } = await rolledBack(async (tx) => {
      await tx.execute(sql`insert into private.job_runs (job, started_at, finished_at, status, result)
        values (${job}, now() - interval '31 days', now() - interval '31 days', 'ok', '1'),
               (${job}, now() - interval '29 days', now() - interval '29 days', 'ok', '2')`);
      const result = await runJob(tx, "prune_job_runs");
      return { result, left: (await lastRuns(tx, job, 5)).map((run) => run.result) };
    });
    expect(Number(result)).toBeGreaterThanOrEqual(1);
    expect(left).toEqual(["2"]);
  });

  it("prune_sign_in_attempts deletes attempts older than a day, never one inside a rate-limit window", async () => {
    const email = `prune-${randomUUID()}@example.test`;
    const { result, left, keepSeconds } = await rolledBack(async (tx) => {
      await tx.execute(sql`insert into private.sign_in_attempts (email, succeeded, attempted_at) values
        (${email}, false, now() - interval '25 hours'),
        (${email}, false, now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES - 1})),
        (${email}, true, now())`);
      const result = await runJob(tx, "prune_sign_in_attempts");
      const left = await tx.execute<{ age_minutes: number }>(sql`
        select round(extract(epoch from now() - attempted_at) / 60)::int as age_minutes
        from private.sign_in_attempts where email = ${email} order by attempted_at`);
      const [{ keep }] = await tx.execute<{ keep: number }>(sql`
        select extract(epoch from (regexp_match(command, 'interval ''([^'']+)'''))[1]::interval)::int as keep
        from private.scheduled_jobs where name = 'prune_sign_in_attempts'`);
      return { result, left: left.map((row) => row.age_minutes), keepSeconds: keep };
    });
    expect(Number(result)).toBeGreaterThanOrEqual(1);
    expect(left).toEqual([SIGN_IN_WINDOW_MINUTES - 1, 0]);
    // What the job keeps covers the longest window of db/queries/auth-users.ts.
    expect(keepSeconds).toBeGreaterThanOrEqual(SIGN_IN_WINDOW_MINUTES * 60);
  });
});

// Committed runs, as pg_cron and the dev scheduler make them.
const dbName = `job_runs_${randomUUID().slice(0, 8)}`;
const adminUrl = process.env.DATABASE_URL!;
let own: ReturnType<typeof createDatabase>;

beforeAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${dbName}$1`);
  await migrate(url);
  own = createDatabase(url, { max: 2 });
}, 120_000);

afterAll(async () => {
  await own?.client.end();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

describe("private.run_job (what pg_cron and the dev scheduler call)", () => {
  it("commits a failed run's record, then raises the job's error; its work stays rolled back", async () => {
    const email = "committed-failure@example.test";
    await own.db.execute(sql`insert into private.sign_in_attempts (email, succeeded) values (${email}, false)`);
    await own.db.execute(sql`insert into private.scheduled_jobs (name, schedule, command, description)
                             values ('zz_test_failing', '0 0 * * *', ${failingCommand(email)}, 'a job that fails after doing work')`);
    const thrown = await runJobCommitted(own.db, "zz_test_failing").then(
      () => "no error",
      (error: unknown) => (error as { cause?: { message?: string } }).cause?.message ?? String(error),
    );
    expect(thrown).toBe("Scheduled job zz_test_failing failed: 22012: division by zero");
    const [counts] = await own.db.execute<{ runs: number; attempts: number }>(sql`
      select (select count(*)::int from private.job_runs where job = 'zz_test_failing' and status = 'failed' and error = '22012: division by zero') as runs,
             (select count(*)::int from private.sign_in_attempts where email = ${email}) as attempts`);
    expect(counts).toEqual({ runs: 1, attempts: 1 });
  });

  it("runAllJobs: the failing job is reported, every other job still runs, and each run is recorded once", async () => {
    const lines: string[] = [];
    const [before] = await own.db.execute<{ id: number }>(sql`select coalesce(max(id), 0)::int as id from private.job_runs`);
    const { failed } = await runAllJobs(own.db, (line) => lines.push(line));
    expect(failed).toEqual(["zz_test_failing"]);
    const runs = await own.db.execute<{ job: string; status: string; n: number }>(sql`
      select job, status, count(*)::int as n from private.job_runs where id > ${before.id} group by 1, 2 order by 1`);
    const jobs = await own.db.execute<{ name: string }>(sql`select name from private.scheduled_jobs order by name`);
    expect([...runs]).toEqual(jobs.map(({ name }) => ({ job: name, status: name === "zz_test_failing" ? "failed" : "ok", n: 1 })));
    expect(lines.find((line) => line.startsWith("job zz_test_failing"))).toBe("job zz_test_failing failed: Scheduled job zz_test_failing failed: 22012: division by zero");
  });
});
