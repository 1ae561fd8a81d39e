// Embedded password accounts: stored as Supabase Auth stores them, checked by
// pgcrypto with one bcrypt run whatever the email, and sign-in attempts rate
// limited per email and address, per address, and per email with backoff.
import { afterAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { testDb, uniqueSuffix, withServiceDb } from "../support/db";
import { authUsers, profiles, signInAttempts } from "@/db/schema";
import type { Tx } from "@/db/client";
import {
  createPasswordUser,
  EMAIL_BACKOFF_AFTER,
  EMAIL_BACKOFF_BASE_SECONDS,
  MAX_FAILURES_PER_EMAIL_AND_IP,
  MAX_FAILURES_PER_IP,
  recentSignInFailures,
  recordSignInAttempt,
  SIGN_IN_WINDOW_MINUTES,
  signInWait,
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

describe("verifyPassword costs the same for known and unknown emails", () => {
  // Response time must not tell whether an account exists. Timing is measured
  // by tests/bench/sign-in-timing.ts, never asserted; what is asserted is the
  // structure that makes it equal: exactly one crypt() per call on every path
  // (pgcrypto's crypt is a C function, counted with track_functions = all).
  async function cryptCalls(fn: (tx: Tx) => Promise<unknown>) {
    // The backend's pending counts may include earlier transactions not yet
    // flushed to the statistics: the difference around `fn` is its own.
    const counted = sql`select coalesce(pg_stat_get_xact_function_calls('extensions.crypt(text, text)'::regprocedure), 0)::int as n`;
    return service(async (tx) => {
      await tx.execute(sql`set local track_functions = 'all'`);
      const [before] = await tx.execute<{ n: number }>(counted);
      await fn(tx);
      const [after] = await tx.execute<{ n: number }>(counted);
      return after.n - before.n;
    });
  }

  it("one crypt() for a known email with a wrong password, an unknown email, and the right password", async () => {
    const email = freshEmail();
    await signUp(email);
    const calls = {
      knownWrong: await cryptCalls((tx) => verifyPassword(tx, email, "wrong password")),
      unknown: await cryptCalls((tx) => verifyPassword(tx, freshEmail("nobody"), "wrong password")),
      knownRight: await cryptCalls((tx) => verifyPassword(tx, email, PASSWORD)),
    };
    expect(calls).toEqual({ knownWrong: 1, unknown: 1, knownRight: 1 });
  });

  it("the counter sees crypt() at all (not vacuous): two calls count two", async () => {
    expect(await cryptCalls((tx) => tx.execute(sql`select extensions.crypt('a', extensions.gen_salt('bf', 4)), extensions.crypt('b', extensions.gen_salt('bf', 4))`))).toBe(2);
  });

  it("an unknown email is checked against a bcrypt salt of the accounts' cost (10)", async () => {
    const email = freshEmail();
    await signUp(email);
    const unknownCost = await service(async (tx) => {
      // The statement's salt for an unknown email, seen through the same expression.
      const [row] = await tx.execute<{ salt: string }>(sql`
        select coalesce(nullif(u.encrypted_password, ''), extensions.gen_salt('bf', 10)) as salt
        from (select ${freshEmail("nobody")}::text as email) wanted left join auth.users u on u.email = wanted.email`);
      return row.salt;
    });
    const [known] = await service((tx) => tx.select({ hash: authUsers.encryptedPassword }).from(authUsers).where(eq(authUsers.email, email)));
    expect(unknownCost.slice(0, 7)).toBe(known.hash!.slice(0, 7)); // "$2a$10$"
  });
});

describe("signInWait (the rate-limit rule)", () => {
  const none = { byEmailAndIp: 0, byIp: 0, byEmail: 0, secondsSinceEmailFailure: null };
  const window = SIGN_IN_WINDOW_MINUTES * 60;

  it("refuses an address that failed MAX_FAILURES_PER_EMAIL_AND_IP times for the email, or MAX_FAILURES_PER_IP times overall", () => {
    expect(signInWait({ ...none, byEmailAndIp: MAX_FAILURES_PER_EMAIL_AND_IP - 1, byEmail: MAX_FAILURES_PER_EMAIL_AND_IP - 1, secondsSinceEmailFailure: 1 })).toBe(0);
    expect(signInWait({ ...none, byEmailAndIp: MAX_FAILURES_PER_EMAIL_AND_IP, byEmail: MAX_FAILURES_PER_EMAIL_AND_IP, secondsSinceEmailFailure: 1 })).toBe(window);
    expect(signInWait({ ...none, byIp: MAX_FAILURES_PER_IP })).toBe(window);
  });

  it("never refuses an address that has not failed for the email, however many others have", () => {
    expect(signInWait({ ...none, byEmail: 1000, secondsSinceEmailFailure: 0 })).toBe(0);
  });

  it("backs a failing address off after EMAIL_BACKOFF_AFTER failures of the email, doubling per failure, capped at the window", () => {
    const failing = { ...none, byEmailAndIp: 1, secondsSinceEmailFailure: 0 };
    expect(signInWait({ ...failing, byEmail: EMAIL_BACKOFF_AFTER - 1 })).toBe(0);
    expect(signInWait({ ...failing, byEmail: EMAIL_BACKOFF_AFTER })).toBe(EMAIL_BACKOFF_BASE_SECONDS);
    expect(signInWait({ ...failing, byEmail: EMAIL_BACKOFF_AFTER + 2 })).toBe(4 * EMAIL_BACKOFF_BASE_SECONDS);
    expect(signInWait({ ...failing, byEmail: EMAIL_BACKOFF_AFTER + 2, secondsSinceEmailFailure: 100 })).toBe(4 * EMAIL_BACKOFF_BASE_SECONDS - 100);
    expect(signInWait({ ...failing, byEmail: EMAIL_BACKOFF_AFTER + 2, secondsSinceEmailFailure: 4 * EMAIL_BACKOFF_BASE_SECONDS })).toBe(0);
    expect(signInWait({ ...failing, byEmail: EMAIL_BACKOFF_AFTER + 40 })).toBe(window);
  });
});

describe("sign-in rate limiting (checkPassword)", () => {
  it("one address: MAX_FAILURES_PER_EMAIL_AND_IP failures for an email, then refused even the right password; another address signs in", async () => {
    const email = freshEmail("limited");
    await signUp(email);
    const attacker = { ip: freshIp(), userAgent: "vitest" };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_IP; i++) {
      expect(await checkPassword(email, "wrong password", attacker)).toEqual({ limited: false, user: null });
    }
    expect(await service((tx) => recentSignInFailures(tx, email, attacker.ip))).toMatchObject({
      byEmailAndIp: MAX_FAILURES_PER_EMAIL_AND_IP,
      byIp: MAX_FAILURES_PER_EMAIL_AND_IP,
      byEmail: MAX_FAILURES_PER_EMAIL_AND_IP,
    });
    expect(await checkPassword(email, PASSWORD, attacker)).toEqual({ limited: true, waitSeconds: SIGN_IN_WINDOW_MINUTES * 60 });
    // The lockout is the attacker's, not the account's: its owner signs in from their own address.
    expect(await checkPassword(email, PASSWORD, { ip: freshIp(), userAgent: null })).toMatchObject({ limited: false, user: { email } });
  });

  it("nobody can lock an account out: wrong passwords from many addresses never refuse the right one from a clean address", async () => {
    const email = freshEmail("victim");
    await signUp(email);
    const attackers = Array.from({ length: EMAIL_BACKOFF_AFTER + 3 }, () => freshIp());
    for (const ip of attackers) {
      for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_IP; i++) await checkPassword(email, "wrong password", { ip, userAgent: null });
    }
    expect((await service((tx) => recentSignInFailures(tx, email, null))).byEmail).toBeGreaterThanOrEqual(EMAIL_BACKOFF_AFTER);
    expect(await checkPassword(email, PASSWORD, { ip: freshIp(), userAgent: null })).toMatchObject({ limited: false, user: { email } });
  });

  it("many addresses guessing one email: past EMAIL_BACKOFF_AFTER failures, an address that failed waits (backoff); a fresh one is still checked", async () => {
    const email = freshEmail("spread");
    await signUp(email);
    // One failure each from EMAIL_BACKOFF_AFTER addresses: no single address reaches its own limit.
    const addresses = Array.from({ length: EMAIL_BACKOFF_AFTER }, () => freshIp());
    for (const ip of addresses) expect(await checkPassword(email, "wrong password", { ip, userAgent: null })).toEqual({ limited: false, user: null });
    const retry = await checkPassword(email, "another guess", { ip: addresses[0], userAgent: null });
    expect(retry).toEqual({ limited: true, waitSeconds: expect.any(Number) });
    expect((retry as { waitSeconds: number }).waitSeconds).toBeGreaterThan(EMAIL_BACKOFF_BASE_SECONDS - 5);
    expect((retry as { waitSeconds: number }).waitSeconds).toBeLessThanOrEqual(EMAIL_BACKOFF_BASE_SECONDS);
    // A fresh address gets its guess checked (a wrong one is a 401, not a 429)…
    expect(await checkPassword(email, "wrong password", { ip: freshIp(), userAgent: null })).toEqual({ limited: false, user: null });
    // …and once the backoff after the email's last failure has passed, the failing address may try again.
    await service((tx) => tx.execute(sql`update private.sign_in_attempts set attempted_at = attempted_at - interval '10 minutes' where email = ${email}`));
    expect(await checkPassword(email, PASSWORD, { ip: addresses[0], userAgent: null })).toMatchObject({ limited: false, user: { email } });
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
    const request = { ip: freshIp(), userAgent: null };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_IP + 2; i++) {
      expect((await checkPassword(email, PASSWORD, request)).limited).toBe(false);
    }
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_IP - 1; i++) await checkPassword(email, "wrong password", request);
    expect(await service((tx) => recentSignInFailures(tx, email, request.ip))).toMatchObject({ byEmailAndIp: MAX_FAILURES_PER_EMAIL_AND_IP - 1 });
    expect(await checkPassword(email, PASSWORD, request)).toMatchObject({ limited: false, user: { email } });
  });

  it("a burst of parallel wrong guesses from one address checks no more than MAX_FAILURES_PER_EMAIL_AND_IP passwords", async () => {
    const email = freshEmail("burst");
    await signUp(email);
    const request = { ip: freshIp(), userAgent: null };
    const burst = await Promise.all(
      Array.from({ length: 4 * MAX_FAILURES_PER_EMAIL_AND_IP }, () => checkPassword(email, "wrong password", request)),
    );
    expect(burst.filter((r) => !r.limited)).toHaveLength(MAX_FAILURES_PER_EMAIL_AND_IP);
    const failures = await service((tx) => tx.select().from(signInAttempts).where(eq(signInAttempts.email, email)));
    expect(failures).toHaveLength(MAX_FAILURES_PER_EMAIL_AND_IP);
    expect(await checkPassword(email, PASSWORD, request)).toMatchObject({ limited: true });
  });

  it("failures of another email do not count", async () => {
    const victim = freshEmail("victim");
    const other = freshEmail("other");
    await signUp(victim);
    const request = { ip: freshIp(), userAgent: null };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_IP + 1; i++) await checkPassword(other, "wrong password", request);
    expect((await checkPassword(other, "wrong password", request)).limited).toBe(true);
    expect(await service((tx) => recentSignInFailures(tx, victim, request.ip))).toMatchObject({ byEmailAndIp: 0, byEmail: 0 });
    expect(await checkPassword(victim, PASSWORD, request)).toMatchObject({ limited: false, user: { email: victim } });
  });

  it("failures older than the window do not count", async () => {
    const email = freshEmail();
    await signUp(email);
    await service((tx) =>
      tx.insert(signInAttempts).values(
        Array.from({ length: MAX_FAILURES_PER_EMAIL_AND_IP + 3 }, () => ({
          email,
          succeeded: false,
          attemptedAt: sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES + 1})`,
        })),
      ),
    );
    expect(await service((tx) => recentSignInFailures(tx, email, null))).toEqual({ byEmailAndIp: 0, byIp: 0, byEmail: 0, secondsSinceEmailFailure: null });
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
    expect(await checkPassword(email, PASSWORD, { ip, userAgent: null })).toMatchObject({ limited: true });
    // The same account from another address is not affected.
    expect(await checkPassword(email, PASSWORD, { ip: freshIp(), userAgent: null })).toMatchObject({ limited: false, user: { email } });
  });

  it("a limited attempt is not recorded (the window does not keep sliding)", async () => {
    const email = freshEmail();
    const request = { ip: freshIp(), userAgent: null };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_IP; i++) await checkPassword(email, "x", request);
    await checkPassword(email, "x", request);
    await checkPassword(email, "x", request);
    const rows = await service((tx) =>
      tx.select().from(signInAttempts).where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false))),
    );
    expect(rows).toHaveLength(MAX_FAILURES_PER_EMAIL_AND_IP);
  });
});

describe("recentSignInFailures / recordSignInAttempt", () => {
  it("count failures per email and address, per address and per email within the window; successes are ignored", async () => {
    const email = freshEmail();
    const ip = freshIp();
    await service(async (tx) => {
      await recordSignInAttempt(tx, { email, ip, succeeded: false });
      await recordSignInAttempt(tx, { email, ip: null, succeeded: false });
      await recordSignInAttempt(tx, { email, ip, succeeded: true });
      await recordSignInAttempt(tx, { email: freshEmail(), ip, succeeded: false });
    });
    expect(await service((tx) => recentSignInFailures(tx, email, ip))).toMatchObject({ byEmailAndIp: 1, byEmail: 2, byIp: 2 });
    expect(await service((tx) => recentSignInFailures(tx, email, null))).toMatchObject({ byEmailAndIp: 1, byEmail: 2, byIp: 0 });
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
