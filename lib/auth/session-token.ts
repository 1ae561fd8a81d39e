// Embedded sessions: a JWT with Supabase's claim shape (sub, email, role,
// aud), HS256-signed with AUTH_JWT_SECRET.
import { jwtVerify, SignJWT } from "jose";
import type { SessionClaims } from "./types";

export const SESSION_COOKIE = "sw-session";
export const SESSION_TTL_SECONDS = 60 * 60 * 24; // one day
const ISSUER = "senseiiwyze-embedded-auth";
const AUDIENCE = "authenticated";

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signSessionToken(claims: SessionClaims, secret: string, now = Date.now()): Promise<string> {
  return new SignJWT({ email: claims.email, role: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + SESSION_TTL_SECONDS)
    .sign(key(secret));
}

/** The claims of a valid, unexpired token signed with `secret`; null for anything else. */
export async function verifySessionToken(token: string, secret: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    if (typeof payload.sub !== "string" || typeof payload.email !== "string" || payload.role !== "authenticated") {
      return null;
    }
    return { sub: payload.sub, email: payload.email };
  } catch {
    return null;
  }
}
