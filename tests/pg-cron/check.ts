// `npm run test:pg-cron` (CI): the pg_cron path of the scheduled jobs, on a
// real PostgreSQL 15 with pg_cron — Debian's postgresql-15 and
// postgresql-15-cron, which .ci/run installs — since the embedded PostgreSQL
// of `npm test` has no pg_cron. Not part of `npm test`, which must pass on a
// laptop without them.
//
// It initdb's a throwaway cluster (as the `postgres` OS user when run as
// root) on a free port with shared_preload_libraries=pg_cron and
// cron.database_name=postgres, applies the Supabase-compat bootstrap and every
// migration with db/migrate.ts, then checks that:
//   1. cron.job holds exactly the job list (db/jobs.ts listJobs), each under
//      its name, on its schedule, calling `call private.run_job('<name>')`,
//      and registering again (as a later migration would) changes nothing,
//      while a job leaving the list is unscheduled;
//   2. each registered command succeeds when run as pg_cron runs it, and so
//      does each job through db/jobs.ts runJob;
//   3. pg_cron's own worker runs every job successfully (each is switched to
//      every minute, then cron.job_run_details is watched: up to ~2 minutes),
//      each run is in the job-run log (private.job_runs), and a job that fails
//      is "failed" in cron.job_run_details with its error while its run is
//      still recorded as failed in private.job_runs (committed before the error);
//   4. migrating a second database of the same server, where pg_cron cannot
//      live, and a database of the server restarted without the preload,
//      succeeds without registering anything (a warning, not a failure).
// Exits non-zero on the first failure, printing the server's log.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createDatabase } from "@/db/client";
import { listJobs, runJob } from "@/db/jobs";
import { migrate } from "@/db/migrate";
import { withServiceDb } from "@/db/rls";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const CRON_CONTROL = process.env.PG_CRON_CONTROL ?? "/usr/share/postgresql/15/extension/pg_cron.control";
const RUN_TIMEOUT_MS = 150_000;

const log = (message: string) => console.log(`[pg-cron] ${message}`);

class CheckFailed extends Error {}
function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}
const same = (actual: unknown, expected: unknown) => JSON.stringify(actual) === JSON.stringify(expected);
/**
 * A job's second run created nothing: "0", or (the analytics jobs) a JSON
 * summary whose counts are all 0 (its watermark aside). Refreshing the
 * materialized views creates nothing whatever it returns (the views refreshed).
 */
function createdNothing(name: string, result: string | null): boolean {
  if (result === "0" || name === "analytics_refresh_views") return true;
  if (!result?.startsWith("{")) return false;
  return Object.entries(JSON.parse(result) as Record<string, unknown>).every(([key, value]) => key === "watermark" || value === 0);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const isRoot = userInfo().uid === 0;
/** Runs a PostgreSQL program, as the postgres OS user when we are root (PostgreSQL refuses to run as root). */
function pg(program: string, args: string[]) {
  const command = isRoot ? ["runuser", ["-u", "postgres", "--", path.join(BIN, program), ...args]] as const : [path.join(BIN, program), args] as const;
  execFileSync(command[0], [...command[1]], { stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * In a migrated database where pg_cron cannot be created: the migration
 * succeeded without it, and registering again says why with a warning
 * (the migrate command does not print notices, so it is called here once more).
 */
async function expectSkipped(databaseUrl: string, warning: RegExp) {
  const notices: string[] = [];
  const client = postgres(databaseUrl, { max: 1, onnotice: (notice) => notices.push(`${notice.severity}: ${notice.message}`) });
  try {
    const [row] = await client`select exists (select 1 from pg_available_extensions where name = 'pg_cron') as available,
                                      exists (select 1 from pg_extension where extname = 'pg_cron') as installed,
                                      (select count(*)::int from private.scheduled_jobs) as jobs,
                                      private.schedule_jobs_in_pg_cron() as registered`;
    check(row.available && !row.installed && row.jobs > 0 && row.registered === 0, `expected a migrated database without pg_cron: ${JSON.stringify(row)}`);
    check(notices.some((notice) => notice.startsWith("WARNING") && warning.test(notice)), `expected a warning matching ${warning}: ${JSON.stringify(notices)}`);
  } finally {
    await client.end();
  }
}

async function main() {
  check(existsSync(path.join(BIN, "initdb")), `no PostgreSQL 15 in ${BIN}: apt-get install postgresql-15 (or set PG_BIN)`);
  check(existsSync(CRON_CONTROL), `pg_cron is not installed (${CRON_CONTROL}): apt-get install postgresql-15-cron`);

  const dir = await mkdtemp(path.join(tmpdir(), "senseiiwyze-pg-cron-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const port = await freePort();
  if (isRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    await chmod(dir, 0o755);
    await chown(dir, uid, gid);
  }
  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let started = false;
  const stop = () => {
    if (started) pg("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    started = false;
  };
  const start = () => {
    pg("pg_ctl", ["-D", data, "-l", logFile, "-w", "-t", "60", "start"]);
    started = true;
  };

  try {
    log(`initdb in ${data} (port ${port})`);
    pg("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C"]);
    const conf = path.join(data, "postgresql.conf");
    const initdbConf = await readFile(conf, "utf8");
    const server = ["", "# tests/pg-cron/check.ts", `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`];
    const cron = [
      "shared_preload_libraries = 'pg_cron'",
      "cron.database_name = 'postgres'",
      // pg_cron's worker connects like a client; the cluster trusts local TCP.
      "cron.host = '127.0.0.1'",
    ];
    await writeFile(conf, [initdbConf, ...server, ...cron, ""].join("\n"));
    start();

    log("applying the Supabase-compat bootstrap and every migration (db/migrate.ts)");
    const applied = await migrate(url(), log);
    check(applied.some((file) => file.includes("scheduled_jobs")), "the scheduled-jobs migration was not applied");

    const admin = postgres(url(), { max: 1, onnotice: () => {} });
    const { client, db } = createDatabase(url(), { max: 2 });
    try {
      const [extension] = await admin`select extversion from pg_extension where extname = 'pg_cron'`;
      check(extension, "the migration did not create the pg_cron extension");
      log(`pg_cron ${extension.extversion} created by the migration`);

      // 1. cron.job is the job list.
      const jobs = await withServiceDb("pg_cron check: the job list", listJobs, db);
      check(jobs.length > 0, "the job list is empty");
      const expected = jobs.map((job) => ({
        jobname: job.name,
        schedule: job.schedule,
        command: `call private.run_job('${job.name}')`,
        database: "postgres",
        active: true,
      }));
      const registered = async () =>
        [
          ...(await admin`select jobname, schedule, command, database, active from cron.job order by jobname`),
        ].map((row) => ({ ...row }));
      const afterMigration = await registered();
      check(same(afterMigration, expected), `cron.job is not the job list:\n  got ${JSON.stringify(afterMigration)}\n  want ${JSON.stringify(expected)}`);
      log(`cron.job holds the ${jobs.length} jobs: ${jobs.map((job) => `${job.name} (${job.schedule})`).join(", ")}`);

      const [{ again }] = await admin`select private.schedule_jobs_in_pg_cron() as again`;
      check(again === jobs.length && same(await registered(), expected), "registering again did not leave exactly the job list");
      await admin`insert into private.scheduled_jobs (name, schedule, command, description)
                  values ('zz_check_temporary', '0 3 * * *', 'select 1', 'pg_cron check')`;
      await admin`select private.schedule_jobs_in_pg_cron()`;
      check((await registered()).some((row) => row.jobname === "zz_check_temporary"), "a job added to the list was not registered");
      await admin`delete from private.scheduled_jobs where name = 'zz_check_temporary'`;
      await admin`select private.schedule_jobs_in_pg_cron()`;
      check(same(await registered(), expected), "a job that left the list is still scheduled");
      log("registering is idempotent, and a job leaving the list is unscheduled");

      // 2. Each job's SQL, as pg_cron runs it and through db/jobs.ts.
      for (const row of afterMigration) {
        const [result] = await admin.unsafe(row.command as string);
        log(`ran "${row.command}": ${JSON.stringify(Object.values(result)[0])}`);
      }
      for (const job of jobs) {
        const result = await withServiceDb(`pg_cron check: ${job.name}`, (tx) => runJob(tx, job.name), db);
        check(createdNothing(job.name, result), `${job.name} through runJob created ${result} on its second run (expected 0)`);
      }
      const [{ missing }] = await admin`
        select count(*)::int as missing
        from generate_series((now() at time zone 'utc')::date - 30, (now() at time zone 'utc')::date + 7, interval '1 day') as d
        where to_regclass(format('public.raw_events_r0030_%s', to_char(d, 'YYYYMMDD'))) is null`;
      check(missing === 0, `${missing} days of the 30-day retention window (to 7 days ahead) have no raw_events partition`);
      log("each job succeeds as pg_cron runs it and through runJob; raw_events partitions cover the retention window");

      // 3. pg_cron's worker runs every job, and one that fails.
      const FAILING = "zz_check_failing";
      await admin`insert into private.scheduled_jobs (name, schedule, command, description)
                  values (${FAILING}, '0 3 * * *', 'select (1 / 0)::text', 'pg_cron check: a job that fails')`;
      await admin`select private.schedule_jobs_in_pg_cron()`;
      await admin`select cron.alter_job(jobid, schedule => '* * * * *') from cron.job`;
      const since = new Date();
      log(`each job (and ${FAILING}) now runs every minute; waiting for pg_cron's worker to run them all`);
      const deadline = Date.now() + RUN_TIMEOUT_MS;
      for (;;) {
        const runs = await admin`
          select j.jobname, d.status, d.return_message
          from cron.job j
          left join lateral (
            select r.status, r.return_message from cron.job_run_details r
            where r.jobid = j.jobid and r.start_time >= ${since} and r.status in ('succeeded', 'failed')
            order by r.start_time desc limit 1) d on true
          order by j.jobname`;
        const unexpected = runs.filter((run) => run.status && run.status !== (run.jobname === FAILING ? "failed" : "succeeded"));
        check(unexpected.length === 0, `pg_cron ran a job with an unexpected outcome: ${JSON.stringify(unexpected)}`);
        if (runs.every((run) => run.status)) {
          log(`pg_cron's worker ran ${runs.map((run) => `${run.jobname}: ${run.status} (${run.return_message})`).join("; ")}`);
          const failing = runs.find((run) => run.jobname === FAILING);
          check(
            String(failing?.return_message).includes(`Scheduled job ${FAILING} failed: 22012: division by zero`),
            `pg_cron's record of the failing job does not carry its error: ${JSON.stringify(failing)}`,
          );
          break;
        }
        check(Date.now() < deadline, `pg_cron's worker did not run every job within ${RUN_TIMEOUT_MS / 1000} s: ${JSON.stringify(runs)}`);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
      // The job-run log holds each of those runs, the failed one included.
      const logged = await admin`
        select j.name, (select r.status from private.job_runs r where r.job = j.name and r.started_at >= ${since} order by r.id desc limit 1) as status,
               (select r.error from private.job_runs r where r.job = j.name and r.started_at >= ${since} order by r.id desc limit 1) as error
        from private.scheduled_jobs j order by j.name`;
      const wrong = logged.filter((row) => row.status !== (row.name === FAILING ? "failed" : "ok"));
      check(wrong.length === 0, `private.job_runs does not show pg_cron's runs: ${JSON.stringify(wrong)}`);
      check(logged.find((row) => row.name === FAILING)?.error === "22012: division by zero", `the failing run's error is not logged: ${JSON.stringify(logged)}`);
      log(`private.job_runs shows every run pg_cron made: ${logged.map((row) => `${row.name} ${row.status}`).join(", ")}`);
      await admin`delete from private.scheduled_jobs where name = ${FAILING}`;
      await admin`select private.schedule_jobs_in_pg_cron()`;
      check(same(await registered(), expected), "restoring the schedules did not give back the job list");

      // 4a. Another database of the same server: pg_cron cannot live there.
      await admin`create database other_db`;
    } finally {
      await client.end();
      await admin.end();
    }
    await migrate(url("other_db"), log);
    await expectSkipped(url("other_db"), /pg_cron runs in another database of this server/);
    log("a second database of the server migrates without pg_cron (warning only)");

    // 4b. The same server without pg_cron's settings: its files are there, it cannot load.
    stop();
    await writeFile(conf, [initdbConf, ...server, ""].join("\n"));
    start();
    const plain = postgres(url(), { max: 1, onnotice: () => {} });
    try {
      await plain`create database plain_db`;
    } finally {
      await plain.end();
    }
    await migrate(url("plain_db"), log);
    await expectSkipped(url("plain_db"), /pg_cron is installed but not preloaded/);
    log("a server with pg_cron installed but not preloaded migrates without it (warning only)");
    log("OK: the pg_cron path of the scheduled jobs works");
  } catch (error) {
    process.exitCode = 1;
    console.error(`[pg-cron] FAILED: ${error instanceof CheckFailed ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const serverLog = await readFile(logFile, "utf8").catch(() => "");
    if (serverLog) console.error(`[pg-cron] server log (last lines):\n${serverLog.split("\n").slice(-40).join("\n")}`);
  } finally {
    try {
      stop();
    } catch (error) {
      console.error(`[pg-cron] could not stop the cluster: ${String(error)}`);
      process.exitCode = 1;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => {
  process.exitCode = 1;
  console.error(`[pg-cron] FAILED: ${error instanceof Error ? error.message : String(error)}`);
});
