// One postgres.js pool per process, wrapped by Drizzle. Requests never use it
// directly: user queries go through `withUserDb` (db/rls.ts), the rest through
// `withServiceDb`, each use of which says why it must bypass RLS.
import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema";
import { databaseUrl, env } from "@/lib/env";

export type Database = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { senseiiwyzeDb?: { url: string; db: Database; client: postgres.Sql } };

export function createDatabase(url: string, options: { max?: number } = {}) {
  const client = postgres(url, {
    max: options.max ?? 10,
    // Supabase's transaction pooler (port 6543) cannot keep prepared statements.
    prepare: env().DATABASE_POOL_MODE !== "transaction" && !/:6543\//.test(url),
    onnotice: () => {},
  });
  return { client, db: drizzle(client, { schema }) };
}

export function getDb(): Database {
  const url = databaseUrl();
  if (globalForDb.senseiiwyzeDb?.url !== url) {
    const { client, db } = createDatabase(url);
    globalForDb.senseiiwyzeDb = { url, db, client };
  }
  return globalForDb.senseiiwyzeDb.db;
}

export async function closeDb() {
  await globalForDb.senseiiwyzeDb?.client.end();
  globalForDb.senseiiwyzeDb = undefined;
}
