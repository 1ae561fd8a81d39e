import { describe, expect, it } from "vitest";
import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from "jose";
import { SESSION_TTL_SECONDS, signSessionToken, verifySessionToken } from "@/lib/auth/session-token";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const OTHER_SECRET = "another-secret-that-is-long-enough-987654321";
const claims = { sub: "5b0c1f5e-7a52-4f0e-9a57-2b6f0f3c9d11", email: "ada@example.com", sessionId: "0f6e2a4c-1d3b-4c5e-8f70-123456789abc" };

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A token shaped like ours, with any field overridden, signed with `secret`. */
function forge(overrides: { iss?: string; aud?: string; role?: string; email?: unknown; sub?: string; session_id?: unknown } = {}, secret = SECRET) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    email: "email" in overrides ? overrides.email : claims.email,
    role: overrides.role ?? "authenticated",
    session_id: "session_id" in overrides ? overrides.session_id : claims.sessionId,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(overrides.iss ?? "senseiiwyze-embedded-auth")
    .setAudience(overrides.aud ?? "authenticated")
    .setIssuedAt(now)
    .setExpirationTime(now + 60);
  if (overrides.sub !== "") jwt.setSubject(overrides.sub ?? claims.sub);
  return jwt.sign(new TextEncoder().encode(secret));
}

describe("session tokens", () => {
  it("round-trips the claims", async () => {
    const token = await signSessionToken(claims, SECRET);
    expect(await verifySessionToken(token, SECRET)).toEqual(claims);
  });

  it("carries Supabase's claim shape, HS256-signed, valid for one day", async () => {
    const now = Date.UTC(2030, 0, 1);
    const token = await signSessionToken(claims, SECRET, now);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    expect(decodeJwt(token)).toEqual({
      sub: claims.sub,
      email: claims.email,
      role: "authenticated",
      session_id: claims.sessionId,
      aud: "authenticated",
      iss: "senseiiwyze-embedded-auth",
      iat: now / 1000,
      exp: now / 1000 + SESSION_TTL_SECONDS,
    });
  });

  it("refuses a token without a session id, or one that is not a uuid (tokens from before revocable sessions)", async () => {
    expect(await verifySessionToken(await forge(), SECRET)).toEqual(claims);
    expect(await verifySessionToken(await forge({ session_id: undefined }), SECRET)).toBeNull();
    expect(await verifySessionToken(await forge({ session_id: "1; drop table x" }), SECRET)).toBeNull();
    expect(await verifySessionToken(await forge({ session_id: 42 }), SECRET)).toBeNull();
  });

  it("refuses a token signed with another secret", async () => {
    const token = await signSessionToken(claims, OTHER_SECRET);
    expect(await verifySessionToken(token, SECRET)).toBeNull();
  });

  it("refuses an expired token", async () => {
    const longAgo = Date.now() - 2 * SESSION_TTL_SECONDS * 1000;
    const token = await signSessionToken(claims, SECRET, longAgo);
    expect(await verifySessionToken(token, SECRET)).toBeNull();
  });

  it("refuses a token that expired a minute ago", async () => {
    const token = await signSessionToken(claims, SECRET, Date.now() - (SESSION_TTL_SECONDS + 60) * 1000);
    expect(await verifySessionToken(token, SECRET)).toBeNull();
  });

  it("refuses a token whose payload was changed after signing", async () => {
    const token = await signSessionToken(claims, SECRET);
    const [header, payload, signature] = token.split(".");
    const changed = { ...decodeJwt(token), sub: "00000000-0000-0000-0000-000000000001", email: "mallory@example.com" };
    expect(b64(changed)).not.toBe(payload);
    expect(await verifySessionToken([header, b64(changed), signature].join("."), SECRET)).toBeNull();
  });

  it("refuses a token whose signature was changed", async () => {
    const token = await signSessionToken(claims, SECRET);
    const [header, payload, signature] = token.split(".");
    const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
    expect(await verifySessionToken([header, payload, flipped].join("."), SECRET)).toBeNull();
  });

  it("refuses an unsigned token (alg none)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = new UnsecuredJWT({ email: claims.email, role: "authenticated" })
      .setSubject(claims.sub)
      .setIssuer("senseiiwyze-embedded-auth")
      .setAudience("authenticated")
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .encode();
    expect(decodeProtectedHeader(unsigned).alg).toBe("none");
    expect(await verifySessionToken(unsigned, SECRET)).toBeNull();
    // The same with the original signature left in place.
    const signed = await signSessionToken(claims, SECRET);
    const [, payload, signature] = signed.split(".");
    expect(await verifySessionToken([b64({ alg: "none", typ: "JWT" }), payload, signature].join("."), SECRET)).toBeNull();
  });

  it("refuses another HMAC algorithm even with the right secret", async () => {
    const token = await new SignJWT({ email: claims.email, role: "authenticated" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject(claims.sub)
      .setIssuer("senseiiwyze-embedded-auth")
      .setAudience("authenticated")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(SECRET));
    expect(await verifySessionToken(token, SECRET)).toBeNull();
  });

  it("accepts a well-formed forged token only when everything matches (control)", async () => {
    expect(await verifySessionToken(await forge(), SECRET)).toEqual(claims);
  });

  it("refuses another issuer", async () => {
    expect(await verifySessionToken(await forge({ iss: "https://evil.example/auth/v1" }), SECRET)).toBeNull();
  });

  it("refuses another audience", async () => {
    expect(await verifySessionToken(await forge({ aud: "anon" }), SECRET)).toBeNull();
  });

  it("refuses a role other than authenticated", async () => {
    expect(await verifySessionToken(await forge({ role: "service_role" }), SECRET)).toBeNull();
  });

  it("refuses a token without a subject or email", async () => {
    expect(await verifySessionToken(await forge({ sub: "" }), SECRET)).toBeNull();
    expect(await verifySessionToken(await forge({ email: undefined }), SECRET)).toBeNull();
    expect(await verifySessionToken(await forge({ email: 42 }), SECRET)).toBeNull();
  });

  it("refuses garbage", async () => {
    for (const garbage of ["", "abc", "a.b.c", "..", "eyJhbGciOiJIUzI1NiJ9.e30."]) {
      expect(await verifySessionToken(garbage, SECRET)).toBeNull();
    }
  });
});
