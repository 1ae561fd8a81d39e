// Embedded password accounts: stored as Supabase Auth stores them, checked by
// pgcrypto, and sign-in attempts rate limited per email and per IP.
import { afterAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { testDb, uniqueSuffix, withServiceDb } from "../support/db";
import { authUsers, profiles, signInAttempts } from "@/db/schema";
import {
  createPasswordUser,
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_IP,
  recentSignInFailures,
  recordSignInAttempt,
  SIGN_IN_WINDOW_MINUTES,
  verifyPassword,
} from "@/db/queries/auth-users";
import { checkPassword } from "@/lib/auth/embedded";
import { closeDb } from "@/db/client";
import { toAppError } from "@/lib/errors";
import { signUpSchema } from "@/lib/validation/auth";

// checkPassword uses the app's own pool (getDb), on the same test database.
afterAll(() => closeDb());

const PASSWORD = "correct horse battery";
const service = <T,>(fn: Parameters<typeof withServiceDb<T>>[1]) => withServiceDb("test", fn, testDb());
const freshEmail = (label = "u") => `${label}-${uniqueSuffix()}@example.test`;
let ipCounter = 0;
const freshIp = () => `198.51.${Math.floor(Math.random() * 250)}.${(ipCounter++ % 250) + 1}`;

async function signUp(email = freshEmail(), fullName = "Ada Lovelace", password = PASSWORD) {
  return service((tx) => createPasswordUser(tx, { email, password, fullName }));
}

async function caught(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toAppError(error);
  }
  throw new Error("expected the call to fail");
}

describe("createPasswordUser", () => {
  it("stores a bcrypt hash (cost 10), never the password, as Supabase Auth does", async () => {
    const email = freshEmail();
    const user = await signUp(email);
    expect(user.email).toBe(email);
    const [row] = await service((tx) => tx.select().from(authUsers).where(eq(authUsers.id, user.id)));
    expect(row.encryptedPassword).toMatch(/^\$2[ab]\$10\$[./A-Za-z0-9]{53}$/);
    expect(row.encryptedPassword).not.toContain(PASSWORD);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(row).toMatchObject({ aud: "authenticated", role: "authenticated", isAnonymous: false });
    expect(row.emailConfirmedAt).toBeInstanceOf(Date);
    expect(row.rawAppMetaData).toEqual({ provider: "email", providers: ["email"] });
    expect(row.rawUserMetaData).toEqual({ full_name: "Ada Lovelace" });
  });

  it("salts every hash: the same password twice gives two different hashes", async () => {
    const a = await signUp();
    const b = await signUp();
    const rows = await service((tx) =>
      tx.select({ hash: authUsers.encryptedPassword }).from(authUsers).where(sql`${authUsers.id} in (${a.id}, ${b.id})`),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0].hash).not.toBe(rows[1].hash);
  });

  it("creates a profile (trigger) with the full name and the lowercased email", async () => {
    const email = `Mixed.Case-${uniqueSuffix()}@Example.TEST`;
    const user = await signUp(email, "Grace Hopper");
    const [profile] = await service((tx) => tx.select().from(profiles).where(eq(profiles.id, user.id)));
    expect(profile).toMatchObject({ id: user.id, email: email.toLowerCase(), fullName: "Grace Hopper" });
  });

  it("refuses a second account with the same email (409) and writes nothing", async () => {
    const email = freshEmail();
    await signUp(email);
    const error = await caught(signUp(email, "Someone Else", "another password"));
    expect(error.status).toBe(409);
    expect(error.message).toBe("An account with this email already exists; sign in instead");
    const rows = await service((tx) => tx.select().from(authUsers).where(eq(authUsers.email, email)));
    expect(rows).toHaveLength(1);
  });

  it("two simultaneous sign-ups with one email: one account, the other gets a 409", async () => {
    const email = freshEmail("race");
    const results = await Promise.allSettled([signUp(email), signUp(email)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(toAppError(failed.reason).status).toBe(409);
    const rows = await service((tx) => tx.select().from(profiles).where(eq(profiles.email, email)));
    expect(rows).toHaveLength(1);
  });

  it("a name or password with a NUL byte never reaches the database: the sign-up schema refuses it", () => {
    const parsed = signUpSchema.safeParse({ fullName: "Ada\u0000", email: freshEmail(), password: "pass\u0000word" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path[0]).sort()).toEqual(["fullName", "password"]);
  });

  it("if a NUL byte did reach the database, the error is a 400, not a crash", async () => {
    const error = await caught(signUp(freshEmail(), "Ada", "pass\u0000word"));
    expect(error.status).toBe(400);
  });
});

describe("verifyPassword", () => {
  it("returns the user for the right password and records the sign-in time", async () => {
    const email = freshEmail();
    const user = await signUp(email);
    expect(await service((tx) => verifyPassword(tx, email, PASSWORD))).toEqual({ id: user.id, email });
    const [row] = await service((tx) => tx.select({ at: authUsers.lastSignInAt }).from(authUsers).where(eq(authUsers.id, user.id)));
    expect(row.at).toBeInstanceOf(Date);
  });

  it("returns null for a wrong password and leaves the sign-in time alone", async () => {
    const email = freshEmail();
    const user = await signUp(email);
    expect(await service((tx) => verifyPassword(tx, email, "wrong password"))).toBeNull();
    expect(await service((tx) => verifyPassword(tx, email, PASSWORD.toUpperCase()))).toBeNull();
    expect(await service((tx) => verifyPassword(tx, email, ""))).toBeNull();
    const [row] = await service((tx) => tx.select({ at: authUsers.lastSignInAt }).from(authUsers).where(eq(authUsers.id, user.id)));
    expect(row.at).toBeNull();
  });

  it("returns null for an unknown email", async () => {
    expect(await service((tx) => verifyPassword(tx, freshEmail("nobody"), PASSWORD))).toBeNull();
  });

  it("does not match one user's password against another account", async () => {
    const a = freshEmail("a");
    const b = freshEmail("b");
    await signUp(a, "A", "password-of-a");
    await signUp(b, "B", "password-of-b");
    expect(await service((tx) => verifyPassword(tx, a, "password-of-b"))).toBeNull();
    expect(await service((tx) => verifyPassword(tx, b, "password-of-b"))).not.toBeNull();
  });

  it("passwords at the 72-byte limit are checked in full", async () => {
    const email = freshEmail();
    const password = "é".repeat(35) + "XY"; // 72 bytes
    await signUp(email, "A", password);
    expect(await service((tx) => verifyPassword(tx, email, password))).not.toBeNull();
    expect(await service((tx) => verifyPassword(tx, email, "é".repeat(35) + "XZ"))).toBeNull();
  });
});

describe("sign-in rate limiting (checkPassword)", () => {
  it("allows MAX_FAILURES_PER_EMAIL failures, then refuses even the right password", async () => {
    const email = freshEmail("limited");
    await signUp(email);
    const request = { ip: null, userAgent: "vitest" };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect(await checkPassword(email, "wrong password", request)).toEqual({ limited: false, user: null });
    }
    expect(await service((tx) => recentSignInFailures(tx, email, null))).toEqual({ byEmail: MAX_FAILURES_PER_EMAIL, byIp: 0 });
    expect(await checkPassword(email, PASSWORD, request)).toEqual({ limited: true });
  });

  it("a correct password before the limit signs in and is recorded as a success", async () => {
    const email = freshEmail();
    const user = await signUp(email);
    const ip = freshIp();
    const result = await checkPassword(email, PASSWORD, { ip, userAgent: null });
    expect(result).toEqual({ limited: false, user: { id: user.id, email } });
    const attempts = await service((tx) => tx.select().from(signInAttempts).where(eq(signInAttempts.email, email)));
    expect(attempts).toEqual([expect.objectContaining({ email, ipAddress: ip, succeeded: true })]);
  });

  it("successes do not count towards the limit", async () => {
    const email = freshEmail();
    await signUp(email);
    const request = { ip: null, userAgent: null };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL + 2; i++) {
      expect((await checkPassword(email, PASSWORD, request)).limited).toBe(false);
    }
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await checkPassword(email, "wrong password", request);
    expect(await service((tx) => recentSignInFailures(tx, email, null))).toEqual({ byEmail: MAX_FAILURES_PER_EMAIL - 1, byIp: 0 });
    expect(await checkPassword(email, PASSWORD, request)).toMatchObject({ limited: false, user: { email } });
  });

  it("a burst of parallel wrong guesses checks no more than MAX_FAILURES_PER_EMAIL passwords", async () => {
    const email = freshEmail("burst");
    await signUp(email);
    const burst = await Promise.all(
      Array.from({ length: 4 * MAX_FAILURES_PER_EMAIL }, () => checkPassword(email, "wrong password", { ip: null, userAgent: null })),
    );
    expect(burst.filter((r) => !r.limited)).toHaveLength(MAX_FAILURES_PER_EMAIL);
    const failures = await service((tx) => tx.select().from(signInAttempts).where(eq(signInAttempts.email, email)));
    expect(failures).toHaveLength(MAX_FAILURES_PER_EMAIL);
    expect(await checkPassword(email, PASSWORD, { ip: null, userAgent: null })).toEqual({ limited: true });
  });

  it("failures of another email do not count", async () => {
    const victim = freshEmail("victim");
    const other = freshEmail("other");
    await signUp(victim);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL + 1; i++) await checkPassword(other, "wrong password", { ip: null, userAgent: null });
    expect((await checkPassword(other, "wrong password", { ip: null, userAgent: null })).limited).toBe(true);
    expect(await service((tx) => recentSignInFailures(tx, victim, null))).toEqual({ byEmail: 0, byIp: 0 });
    expect(await checkPassword(victim, PASSWORD, { ip: null, userAgent: null })).toMatchObject({ limited: false, user: { email: victim } });
  });

  it("failures older than the window do not count", async () => {
    const email = freshEmail();
    await signUp(email);
    await service((tx) =>
      tx.insert(signInAttempts).values(
        Array.from({ length: MAX_FAILURES_PER_EMAIL + 3 }, () => ({
          email,
          succeeded: false,
          attemptedAt: sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES + 1})`,
        })),
      ),
    );
    expect(await service((tx) => recentSignInFailures(tx, email, null))).toEqual({ byEmail: 0, byIp: 0 });
    expect(await checkPassword(email, PASSWORD, { ip: null, userAgent: null })).toMatchObject({ limited: false, user: { email } });
  });

  it("limits one IP trying many emails after MAX_FAILURES_PER_IP failures", async () => {
    const ip = freshIp();
    const email = freshEmail("target");
    await signUp(email);
    await service(async (tx) => {
      for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
        await recordSignInAttempt(tx, { email: freshEmail("spray"), ip, succeeded: false });
      }
    });
    expect((await service((tx) => recentSignInFailures(tx, email, ip))).byIp).toBe(MAX_FAILURES_PER_IP);
    expect(await checkPassword(email, PASSWORD, { ip, userAgent: null })).toEqual({ limited: true });
    // The same account from another address is not affected.
    expect(await checkPassword(email, PASSWORD, { ip: freshIp(), userAgent: null })).toMatchObject({ limited: false, user: { email } });
  });

  it("a limited attempt is not recorded (the window does not keep sliding)", async () => {
    const email = freshEmail();
    const request = { ip: null, userAgent: null };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await checkPassword(email, "x", request);
    await checkPassword(email, "x", request);
    await checkPassword(email, "x", request);
    const rows = await service((tx) =>
      tx.select().from(signInAttempts).where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false))),
    );
    expect(rows).toHaveLength(MAX_FAILURES_PER_EMAIL);
  });
});

describe("recentSignInFailures / recordSignInAttempt", () => {
  it("count failures per email and per IP within the window; successes are ignored", async () => {
    const email = freshEmail();
    const ip = freshIp();
    await service(async (tx) => {
      await recordSignInAttempt(tx, { email, ip, succeeded: false });
      await recordSignInAttempt(tx, { email, ip: null, succeeded: false });
      await recordSignInAttempt(tx, { email, ip, succeeded: true });
      await recordSignInAttempt(tx, { email: freshEmail(), ip, succeeded: false });
    });
    expect(await service((tx) => recentSignInFailures(tx, email, ip))).toEqual({ byEmail: 2, byIp: 2 });
    expect(await service((tx) => recentSignInFailures(tx, email, null))).toEqual({ byEmail: 2, byIp: 0 });
  });

  it("the attempts table is not reachable by signed-in users", async () => {
    const { withUserDb } = await import("@/db/rls");
    const user = await signUp();
    const error = await caught(
      withUserDb({ sub: user.id, email: user.email }, (tx) => tx.select().from(signInAttempts), {}, testDb()),
    );
    expect(error.status).toBe(403);
  });
});
