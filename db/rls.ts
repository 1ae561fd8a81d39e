// Runs queries as Supabase's PostgREST would: in a transaction, as role
// `authenticated` (or `anon`), with the verified JWT claims and the request's
// headers in transaction-local settings that auth.uid()/auth.jwt() and the
// audit trigger read. Values are bound parameters, never spliced into SQL.
import { sql } from "drizzle-orm";
import { getDb, type Database, type Tx } from "./client";

export interface SessionClaims {
  sub: string;
  email: string;
  /** The session's id (the `session_id` claim, as Supabase Auth sets it); absent for service-made claims. */
  sessionId?: string;
}

export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export async function withUserDb<T>(
  claims: SessionClaims | null,
  fn: (tx: Tx) => Promise<T>,
  meta: RequestMeta = {},
  db: Database = getDb(),
): Promise<T> {
  const role = claims ? "authenticated" : "anon";
  const jwtClaims = claims
    ? { sub: claims.sub, email: claims.email, role, aud: "authenticated", ...(claims.sessionId ? { session_id: claims.sessionId } : {}) }
    : { role };
  const headers = { "x-forwarded-for": meta.ip ?? undefined, "user-agent": meta.userAgent ?? undefined };
  return db.transaction(async (tx) => {
    await tx.execute(sql`select
      set_config('request.jwt.claims', ${JSON.stringify(jwtClaims)}, true),
      set_config('request.headers', ${JSON.stringify(headers)}, true),
      set_config('role', ${role}, true)`);
    return fn(tx);
  });
}

/**
 * A transaction as the connecting (owner) role, which bypasses RLS. Only for
 * seeding, migrations, sign-in/up before a session exists, webhooks and jobs:
 * `reason` documents the use at every call site.
 */
export async function withServiceDb<T>(reason: string, fn: (tx: Tx) => Promise<T>, db: Database = getDb()): Promise<T> {
  void reason;
  return db.transaction(fn);
}
