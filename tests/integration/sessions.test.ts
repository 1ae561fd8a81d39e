// Revocable sessions of the embedded auth backend: the session cookie's JWT
// names a row of private.sessions, checked on every request
// (activeSessionClaims, what getClaims() runs), so a copied cookie stops
// working when its session ends: sign-out, "sign out everywhere", a password
// change, removal from the last organization. The browser side of sign-out
// is tests/e2e/sign-out.spec.ts.
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { SessionClaims } from "@/db/rls";
import { setPassword } from "@/db/queries/auth-users";
import { createSession, revokeSession, revokeUserSessions, sessionIsActive } from "@/db/queries/sessions";
import { memberships, sessions } from "@/db/schema";
import { activeSessionClaims } from "@/lib/auth/embedded";
import { SESSION_TTL_SECONDS, signSessionToken } from "@/lib/auth/session-token";
import { env } from "@/lib/env";
import { toAppError } from "@/lib/errors";
import { createOrg, createUser, testDb, withServiceDb, withUserDb } from "../support/db";

const service = <T,>(fn: Parameters<typeof withServiceDb<T>>[1]) => withServiceDb("test", fn, testDb());

/** What signing in does: a session row and the cookie's token naming it. */
async function signIn(user: SessionClaims) {
  const session = await service((tx) => createSession(tx, { userId: user.sub, ttlSeconds: SESSION_TTL_SECONDS, ip: "198.51.100.7", userAgent: "vitest" }));
  const claims = { ...user, sessionId: session.id };
  return { claims, cookie: await signSessionToken(claims, env().AUTH_JWT_SECRET!) };
}

const accepted = (cookie: string) => activeSessionClaims(cookie, testDb());

describe("a session cookie works only while its session is open", () => {
  it("a fresh session's cookie is accepted with its session id", async () => {
    const user = await createUser();
    const { claims, cookie } = await signIn(user);
    expect(await accepted(cookie)).toEqual(claims);
    const [row] = await service((tx) => tx.select().from(sessions).where(eq(sessions.id, claims.sessionId)));
    expect(row).toMatchObject({ userId: user.sub, revokedAt: null, ipAddress: "198.51.100.7", userAgent: "vitest" });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SESSION_TTL_SECONDS * 1000);
  });

  it("after sign-out a copied cookie is refused; the user's other sessions go on", async () => {
    const user = await createUser();
    const here = await signIn(user);
    const elsewhere = await signIn(user);
    await revokeSession(testDb(), here.claims.sessionId, user.sub);
    expect(await accepted(here.cookie)).toBeNull();
    expect(await accepted(elsewhere.cookie)).toEqual(elsewhere.claims);
  });

  it("sign out everywhere ends every session of the user and nobody else's", async () => {
    const user = await createUser();
    const other = await signIn(await createUser());
    const a = await signIn(user);
    const b = await signIn(user);
    expect(await revokeUserSessions(testDb(), user.sub)).toBe(2);
    expect(await accepted(a.cookie)).toBeNull();
    expect(await accepted(b.cookie)).toBeNull();
    expect(await accepted(other.cookie)).toEqual(other.claims);
  });

  it("a password change ends every session of the user (trigger on auth.users)", async () => {
    const user = await createUser();
    const before = await signIn(user);
    await service((tx) => setPassword(tx, user.sub, "a brand new password"));
    expect(await accepted(before.cookie)).toBeNull();
    // The browser that changed it then gets a new session, which works.
    const after = await signIn(user);
    expect(await accepted(after.cookie)).toEqual(after.claims);
  });

  it("removal from the last organization ends the sessions; removal from one of two does not", async () => {
    const orgA = await createOrg({ member: "learner" });
    const orgB = await createOrg();
    const member = orgA.members.member;
    await service((tx) => tx.insert(memberships).values({ organizationId: orgB.id, userId: member.sub, role: "learner" }));
    const session = await signIn(member);

    // The admin of A removes them, through RLS as the app does: they still belong to B.
    await withUserDb(orgA.owner, (tx) => tx.delete(memberships).where(and(eq(memberships.organizationId, orgA.id), eq(memberships.userId, member.sub))), {}, testDb());
    expect(await accepted(session.cookie)).toEqual(session.claims);

    // They leave B on their own: no organization left, the session ends.
    await withUserDb(member, (tx) => tx.delete(memberships).where(and(eq(memberships.organizationId, orgB.id), eq(memberships.userId, member.sub))), {}, testDb());
    expect(await accepted(session.cookie)).toBeNull();
  });

  it("an expired session is refused even with a valid signature", async () => {
    const user = await createUser();
    const { claims, cookie } = await signIn(user);
    await service((tx) => tx.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.id, claims.sessionId)));
    expect(await accepted(cookie)).toBeNull();
  });

  it("a token naming someone else's session is refused", async () => {
    const victim = await signIn(await createUser());
    const attacker = await createUser();
    const forged = await signSessionToken({ ...attacker, sessionId: victim.claims.sessionId }, env().AUTH_JWT_SECRET!);
    expect(await accepted(forged)).toBeNull();
    expect(await sessionIsActive(testDb(), victim.claims.sessionId, victim.claims.sub)).toBe(true);
  });

  it("signing in drops the user's expired sessions (the table does not grow forever)", async () => {
    const user = await createUser();
    const old = await signIn(user);
    await service((tx) => tx.update(sessions).set({ expiresAt: sql`now() - interval '1 day'` }).where(eq(sessions.id, old.claims.sessionId)));
    await signIn(user);
    const rows = await service((tx) => tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.sub)));
    expect(rows.map((row) => row.id)).not.toContain(old.claims.sessionId);
    expect(rows).toHaveLength(1);
  });

  it("the sessions table and its functions are not reachable by signed-in users", async () => {
    const user = await createUser();
    const { claims } = await signIn(user);
    for (const statement of [
      sql`select count(*) from private.sessions`,
      sql`update private.sessions set revoked_at = null where id = ${claims.sessionId}::uuid`,
      sql`select private.revoke_user_sessions(${user.sub}::uuid)`,
    ]) {
      const error = await withUserDb(claims, (tx) => tx.execute(statement), {}, testDb()).then(
        () => null,
        (e: unknown) => toAppError(e),
      );
      expect(error?.status).toBe(403);
    }
  });
});
