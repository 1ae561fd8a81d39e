// Sessions of the embedded auth backend (private.sessions). Run with the
// service role: there is no user transaction yet when a request's session is
// checked, and the table is in the private schema. Callers pass the handle.
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Database, Tx } from "../client";
import { sessions } from "../schema";

type Db = Database | Tx;

/** A new session of `userId` lasting `ttlSeconds`; also drops the user's expired ones. */
export async function createSession(
  tx: Tx,
  input: { userId: string; ttlSeconds: number; ip: string | null; userAgent: string | null },
): Promise<{ id: string; expiresAt: Date }> {
  await tx.delete(sessions).where(and(eq(sessions.userId, input.userId), lt(sessions.expiresAt, sql`now()`)));
  const [row] = await tx
    .insert(sessions)
    .values({
      userId: input.userId,
      expiresAt: sql`now() + make_interval(secs => ${input.ttlSeconds})`,
      ipAddress: input.ip,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
    })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  return row;
}

/** Whether the session is open: one primary-key lookup, run on every request. */
export async function sessionIsActive(db: Db, sessionId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)));
  return Boolean(row);
}

/** Ends one session (sign-out); a no-op for one already ended. */
export async function revokeSession(db: Db, sessionId: string, userId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** Ends every open session of the user ("sign out everywhere"); returns how many. */
export async function revokeUserSessions(db: Db, userId: string): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select private.revoke_user_sessions(${userId}::uuid) as n`);
  return row.n;
}
