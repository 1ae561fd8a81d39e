// Embedded auth: passwords live in auth.users (bcrypt via pgcrypto, as
// Supabase Auth stores them); the session is a signed JWT in an httpOnly
// cookie naming a row of private.sessions, which is checked on every request
// so that a session can end before the cookie expires.
import { cookies } from "next/headers";
import { getDb, type Database } from "@/db/client";
import { withServiceDb } from "@/db/rls";
import {
  createPasswordUser,
  recentSignInFailures,
  recordSignInAttempt,
  setPassword,
  signInWait,
  verifyPassword,
} from "@/db/queries/auth-users";
import { createSession, revokeSession, revokeUserSessions, sessionIsActive } from "@/db/queries/sessions";
import { env } from "@/lib/env";
import { tooManyRequests, unauthorized } from "@/lib/errors";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSessionToken, verifySessionToken } from "./session-token";
import type { AuthBackend, RequestContext, SessionClaims, SignUpParams } from "./types";

function secret(): string {
  const value = env().AUTH_JWT_SECRET;
  if (!value) throw new Error("AUTH_JWT_SECRET is not set (npm run dev generates one into .data/)");
  return value;
}

/** A new session row and its cookie. */
async function startSession(user: { sub: string; email: string }, request: RequestContext): Promise<SessionClaims> {
  const session = await withServiceDb("sign-in: open a session (private schema)", (tx) =>
    createSession(tx, { userId: user.sub, ttlSeconds: SESSION_TTL_SECONDS, ip: request.ip, userAgent: request.userAgent }),
  );
  const claims = { sub: user.sub, email: user.email, sessionId: session.id };
  const store = await cookies();
  store.set(SESSION_COOKIE, await signSessionToken(claims, secret()), {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
  return claims;
}

/**
 * The claims of a session cookie's token: its signature holds, and its
 * session is open (one primary-key lookup, outside any transaction: a single
 * round trip; getSessionClaims() keeps the answer for the rest of the request).
 */
export async function activeSessionClaims(token: string | undefined, db: Database = getDb()): Promise<SessionClaims | null> {
  const claims = token ? await verifySessionToken(token, secret()) : null;
  if (!claims) return null;
  return (await sessionIsActive(db, claims.sessionId, claims.sub)) ? claims : null;
}

/** The cookie's claims if its signature holds, whether or not its session is still open. */
async function signedClaims() {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? verifySessionToken(token, secret()) : null;
}

function tooMany(waitSeconds: number) {
  const minutes = Math.max(1, Math.ceil(waitSeconds / 60));
  return tooManyRequests(`Too many failed sign-in attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`);
}

/** Password check with rate limiting (db/queries/auth-users.ts); the attempt is recorded whatever the outcome. */
export async function checkPassword(email: string, password: string, request: RequestContext) {
  // Service transaction: the caller has no session yet, and sign-in attempts
  // live in the private schema.
  return withServiceDb("sign-in: verify a password before any session exists", async (tx) => {
    const wait = signInWait(await recentSignInFailures(tx, email, request.ip));
    if (wait > 0) return { limited: true as const, waitSeconds: wait };
    const user = await verifyPassword(tx, email, password);
    await recordSignInAttempt(tx, { email, ip: request.ip, succeeded: Boolean(user) });
    return { limited: false as const, user };
  });
}

export const embeddedAuth: AuthBackend = {
  async getClaims() {
    return activeSessionClaims((await cookies()).get(SESSION_COOKIE)?.value);
  },

  async signIn(email, password, request) {
    const result = await checkPassword(email, password, request);
    if (result.limited) throw tooMany(result.waitSeconds);
    if (!result.user) throw unauthorized("Email or password is incorrect");
    return startSession({ sub: result.user.id, email: result.user.email }, request);
  },

  async signUp(params: SignUpParams, request) {
    // Service transaction: creating the account is what gives the caller an identity.
    const user = await withServiceDb("sign-up: create the auth user", (tx) => createPasswordUser(tx, params));
    return startSession({ sub: user.id, email: user.email }, request);
  },

  async signOut() {
    const claims = await signedClaims();
    if (claims) await revokeSession(getDb(), claims.sessionId, claims.sub);
    (await cookies()).delete(SESSION_COOKIE);
  },

  async signOutEverywhere() {
    const claims = await signedClaims();
    if (claims) await revokeUserSessions(getDb(), claims.sub);
    (await cookies()).delete(SESSION_COOKIE);
  },

  async changePassword(claims, currentPassword, newPassword, request) {
    const result = await checkPassword(claims.email, currentPassword, request);
    if (result.limited) throw tooMany(result.waitSeconds);
    if (!result.user || result.user.id !== claims.sub) throw unauthorized("The current password is incorrect");
    // The password trigger ends every session of the user, this one included;
    // this browser then gets a fresh one.
    await withServiceDb("password change: auth.users is not writable by users", (tx) => setPassword(tx, claims.sub, newPassword));
    await startSession(claims, request);
  },
};
