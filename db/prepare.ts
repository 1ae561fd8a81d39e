// The steps every entry point shares: start the embedded database when no
// DATABASE_URL is given, migrate, run the scheduled jobs once (partitions
// ahead; no scheduler runs yet), and seed the demo data once — then run the
// jobs again over the fresh demo history, so whatever they derive from it
// (partitions across its retention, rollups, points…) exists before the
// first page.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
import { migrate } from "./migrate";
import { createDatabase } from "./client";
import { seedDemoData } from "./seed";
import { runAllJobs } from "./jobs";

const ROOT = path.resolve(import.meta.dirname, "..");
export const DATA_DIR = path.join(ROOT, ".data");
export const LOCAL_PORT = 54322;

// Scripts run outside Next, so they load .env / .env.local the way Next does
// (a DATABASE_URL there must not be ignored in favour of the embedded database).
// (@next/env is CommonJS: its named exports are not visible to ESM imports under tsx.)
nextEnv.loadEnvConfig(ROOT, process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });

let startedEmbedded = false;

/** Demo data goes only into the embedded database (or where SEED_DEMO=1 asks), never in production. */
export function shouldSeedDemoData(env: NodeJS.ProcessEnv = process.env, embedded = startedEmbedded): boolean {
  if (env.NODE_ENV === "production") return false;
  return embedded || env.SEED_DEMO === "1";
}

export async function startLocalDatabase(log: (message: string) => void): Promise<EmbeddedDatabase | null> {
  if (process.env.DATABASE_URL) {
    log("DATABASE_URL is set: using it, no embedded Postgres");
    return null;
  }
  log(`starting embedded PostgreSQL on 127.0.0.1:${LOCAL_PORT} (data in .data/postgres)`);
  const db = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "postgres"), port: LOCAL_PORT, persistent: true });
  process.env.DATABASE_URL = db.url;
  startedEmbedded = true;
  return db;
}

export async function migrateAndSeed(
  url: string,
  log: (message: string) => void,
  options: { seedDemo?: boolean } = {},
) {
  await migrate(url, log);
  const { client, db } = createDatabase(url, { max: 2 });
  try {
    await runAllJobs(db, log);
    if (!(options.seedDemo ?? shouldSeedDemoData())) {
      log("not the embedded database: demo data not seeded (SEED_DEMO=1 seeds it outside production)");
    } else {
      const started = performance.now();
      const seeded = await seedDemoData(db);
      if (seeded) {
        const orgs = Object.entries(seeded).map(([slug, org]) => `${slug}: ${org.members} members, ${org.events.toLocaleString("en-US")} raw events`);
        log(`seeded the demo organizations in ${((performance.now() - started) / 1000).toFixed(1)} s (${orgs.join("; ")}; see README for logins)`);
        // Again after seeding, so dashboards show the demo history: the
        // rollup first (the nightly snapshots, aggregates and views read its
        // rows, and the list runs in name order), then every job.
        log("running the scheduled jobs over the demo history");
        await runAllJobs(db, log, { first: ["analytics_rollup"] });
      }
    }
  } finally {
    await client.end();
  }
}

/** A local signing secret for dev sessions, made once and kept in .data/. */
export function localJwtSecret(): string {
  const file = path.join(DATA_DIR, "auth-jwt-secret");
  if (!existsSync(file)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}
