// Embedded auth: passwords live in auth.users (bcrypt via pgcrypto, as
// Supabase Auth stores them); the session is a signed JWT in an httpOnly cookie.
import { cookies } from "next/headers";
import { withServiceDb } from "@/db/rls";
import {
  createPasswordUser,
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_IP,
  recentSignInFailures,
  recordSignInAttempt,
  SIGN_IN_WINDOW_MINUTES,
  verifyPassword,
} from "@/db/queries/auth-users";
import { env } from "@/lib/env";
import { tooManyRequests, unauthorized } from "@/lib/errors";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSessionToken, verifySessionToken } from "./session-token";
import type { AuthBackend, RequestContext, SessionClaims, SignUpParams } from "./types";

function secret(): string {
  const value = env().AUTH_JWT_SECRET;
  if (!value) throw new Error("AUTH_JWT_SECRET is not set (npm run dev generates one into .data/)");
  return value;
}

async function startSession(claims: SessionClaims) {
  const store = await cookies();
  store.set(SESSION_COOKIE, await signSessionToken(claims, secret()), {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
}

/** Password check with rate limiting; the attempt is recorded whatever the outcome. */
export async function checkPassword(email: string, password: string, request: RequestContext) {
  // Service transaction: the caller has no session yet, and sign-in attempts
  // live in the private schema.
  return withServiceDb("sign-in: verify a password before any session exists", async (tx) => {
    const failures = await recentSignInFailures(tx, email, request.ip);
    if (failures.byEmail >= MAX_FAILURES_PER_EMAIL || failures.byIp >= MAX_FAILURES_PER_IP) {
      return { limited: true as const };
    }
    const user = await verifyPassword(tx, email, password);
    await recordSignInAttempt(tx, { email, ip: request.ip, succeeded: Boolean(user) });
    return { limited: false as const, user };
  });
}

export const embeddedAuth: AuthBackend = {
  async getClaims() {
    const token = (await cookies()).get(SESSION_COOKIE)?.value;
    return token ? verifySessionToken(token, secret()) : null;
  },

  async signIn(email, password, request) {
    const result = await checkPassword(email, password, request);
    if (result.limited) {
      throw tooManyRequests(`Too many failed sign-in attempts; try again in ${SIGN_IN_WINDOW_MINUTES} minutes`);
    }
    if (!result.user) throw unauthorized("Email or password is incorrect");
    const claims = { sub: result.user.id, email: result.user.email };
    await startSession(claims);
    return claims;
  },

  async signUp(params: SignUpParams) {
    // Service transaction: creating the account is what gives the caller an identity.
    const user = await withServiceDb("sign-up: create the auth user", (tx) => createPasswordUser(tx, params));
    const claims = { sub: user.id, email: user.email };
    await startSession(claims);
    return claims;
  },

  async signOut() {
    (await cookies()).delete(SESSION_COOKIE);
  },
};
