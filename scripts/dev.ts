// `npm run dev`: embedded Postgres (unless DATABASE_URL is set), migrations,
// demo data once, then Next.js. Ctrl-C stops Next.js and then Postgres.
import { spawn } from "node:child_process";
import path from "node:path";
import { localJwtSecret, migrateAndSeed, startLocalDatabase } from "../db/prepare";

const log = (message: string) => console.log(`[dev] ${message}`);

const database = await startLocalDatabase(log);
await migrateAndSeed(process.env.DATABASE_URL!, log);

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
  if (next.exitCode === null) {
    next.kill("SIGTERM");
    await new Promise((resolve) => next.once("exit", resolve));
  }
  await database?.stop();
  log("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
next.on("exit", (code) => void shutdown(code ?? 0));
