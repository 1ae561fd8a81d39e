// Embedded sessions: a JWT with Supabase's claim shape (sub, email, role,
// aud, session_id), HS256-signed with AUTH_JWT_SECRET. The signature proves
// who issued it; whether the session is still open is private.sessions' say
// (lib/auth/embedded.ts checks it on every request).
import { jwtVerify, SignJWT } from "jose";
import type { SessionClaims } from "./types";

export const SESSION_COOKIE = "sw-session";
export const SESSION_TTL_SECONDS = 60 * 60 * 24; // one day
const ISSUER = "senseiiwyze-embedded-auth";
const AUDIENCE = "authenticated";

const key = (secret: string) => new TextEncoder().encode(secret);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function signSessionToken(claims: Required<SessionClaims>, secret: string, now = Date.now()): Promise<string> {
  return new SignJWT({ email: claims.email, role: "authenticated", session_id: claims.sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + SESSION_TTL_SECONDS)
    .sign(key(secret));
}

/** The claims of a valid, unexpired token signed with `secret` and naming a session; null for anything else. */
export async function verifySessionToken(token: string, secret: string): Promise<Required<SessionClaims> | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    if (typeof payload.sub !== "string" || typeof payload.email !== "string" || payload.role !== "authenticated") {
      return null;
    }
    // Tokens from before sessions were revocable name none: they are not accepted.
    if (typeof payload.session_id !== "string" || !UUID.test(payload.session_id)) return null;
    return { sub: payload.sub, email: payload.email, sessionId: payload.session_id };
  } catch {
    return null;
  }
}
