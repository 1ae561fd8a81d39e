// The e2e run's throwaway database, for the few setups no page of this build
// can do. scripts/e2e-server.ts writes its URL here (git-ignored .data/) and
// removes it on exit. Use sparingly: specs should act through the UI.
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

export const E2E_DATABASE_URL_FILE = path.resolve(import.meta.dirname, "..", "..", "..", ".data", "e2e-database-url");

/** Runs `fn` with a short-lived connection to the e2e database (as its owner). */
export async function withE2eDatabase<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(readFileSync(E2E_DATABASE_URL_FILE, "utf8").trim(), { max: 1 });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}
