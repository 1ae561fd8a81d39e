// Password accounts for the embedded auth backend, stored as Supabase Auth
// stores them: auth.users with a bcrypt hash made and checked by pgcrypto.
// Callers run these in a service transaction: there is no session yet.
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { authUsers, signInAttempts } from "../schema";
import { conflict } from "@/lib/errors";

const BCRYPT_COST = 10; // Supabase Auth's cost

export async function createPasswordUser(
  tx: Tx,
  input: { email: string; password: string; fullName: string },
): Promise<{ id: string; email: string }> {
  const [existing] = await tx.select({ id: authUsers.id }).from(authUsers).where(eq(authUsers.email, input.email));
  if (existing) throw conflict("An account with this email already exists; sign in instead");
  const [user] = await tx
    .insert(authUsers)
    .values({
      email: input.email,
      encryptedPassword: sql`extensions.crypt(${input.password}, extensions.gen_salt('bf', ${BCRYPT_COST}))`,
      aud: "authenticated",
      role: "authenticated",
      emailConfirmedAt: sql`now()`,
      rawAppMetaData: { provider: "email", providers: ["email"] },
      rawUserMetaData: { full_name: input.fullName },
    })
    .returning({ id: authUsers.id, email: authUsers.email });
  return { id: user.id, email: user.email! };
}

/**
 * The user whose password matches, or null. Exactly one bcrypt run whatever
 * the email: a known email is checked against its hash, an unknown one (or
 * one without a password) against a fresh salt of the same cost, in the same
 * statement, so response time does not tell whether an account exists. The
 * sign-in time is recorded only after a match.
 */
export async function verifyPassword(tx: Tx, email: string, password: string) {
  const [row] = await tx.execute<{ id: string | null; email: string | null; matches: boolean }>(sql`
    select u.id, u.email,
      coalesce(nullif(u.encrypted_password, ''), '') =
        extensions.crypt(${password}, coalesce(nullif(u.encrypted_password, ''), extensions.gen_salt('bf', ${BCRYPT_COST})))
        as matches
    from (select ${email}::text as email) wanted
    left join auth.users u on u.email = wanted.email and not u.is_anonymous`);
  if (!row?.matches || !row.id) return null;
  await tx.update(authUsers).set({ lastSignInAt: sql`now()` }).where(eq(authUsers.id, row.id));
  return { id: row.id, email: row.email! };
}

/** Replaces the user's password (bcrypt, as createPasswordUser); a trigger then ends all their sessions. */
export async function setPassword(tx: Tx, userId: string, password: string) {
  await tx
    .update(authUsers)
    .set({
      encryptedPassword: sql`extensions.crypt(${password}, extensions.gen_salt('bf', ${BCRYPT_COST}))`,
      updatedAt: sql`now()`,
    })
    .where(eq(authUsers.id, userId));
}

// Rate limits of the embedded password sign-in (Supabase Auth limits its own).
// Brute force stays expensive without handing anyone a lockout of someone
// else's account:
//   * one address guessing one email: refused after MAX_FAILURES_PER_EMAIL_AND_IP
//     failures in the window (strict);
//   * one address guessing many emails: refused after MAX_FAILURES_PER_IP;
//   * many addresses guessing one email: once the email has
//     EMAIL_BACKOFF_AFTER failures in the window, an address that has failed
//     for it waits after the email's last failure, EMAIL_BACKOFF_BASE_SECONDS
//     doubling with each further failure (at most the window), so every
//     further guess needs a fresh address.
// An address that has not been failing is never refused: the account's
// owner signs in with the right password whatever others have tried.
export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL_AND_IP = 5;
export const MAX_FAILURES_PER_IP = 30;
export const EMAIL_BACKOFF_AFTER = 10;
export const EMAIL_BACKOFF_BASE_SECONDS = 30;

export interface SignInFailures {
  /** This email from this address (null address: those without one). */
  byEmailAndIp: number;
  /** This address, any email. */
  byIp: number;
  /** This email, any address. */
  byEmail: number;
  /** Seconds since this email's last failure, null without one. */
  secondsSinceEmailFailure: number | null;
}

/** Seconds the attempt must wait, or 0 when it may go ahead (the password is then checked). */
export function signInWait(failures: SignInFailures): number {
  const window = SIGN_IN_WINDOW_MINUTES * 60;
  if (failures.byEmailAndIp >= MAX_FAILURES_PER_EMAIL_AND_IP || failures.byIp >= MAX_FAILURES_PER_IP) return window;
  if (failures.byEmailAndIp > 0 && failures.byEmail >= EMAIL_BACKOFF_AFTER && failures.secondsSinceEmailFailure !== null) {
    const backoff = Math.min(window, EMAIL_BACKOFF_BASE_SECONDS * 2 ** (failures.byEmail - EMAIL_BACKOFF_AFTER));
    return Math.max(0, Math.ceil(backoff - failures.secondsSinceEmailFailure));
  }
  return 0;
}

/**
 * Failed attempts in the window, by email and address, address and email
 * (one statement over the email and address indexes). Also takes a lock on
 * the email for the rest of the caller's transaction, so parallel attempts
 * for one email are checked one after the other: otherwise a burst of
 * concurrent guesses would all pass the check before any of them is recorded.
 */
export async function recentSignInFailures(tx: Tx, email: string, ip: string | null): Promise<SignInFailures> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:${email}`}, 0))`);
  const [row] = await tx.execute<{ by_email_and_ip: number; by_ip: number; by_email: number; since_email: number | null }>(sql`
    select
      count(*) filter (where a.email = ${email} and a.ip_address is not distinct from ${ip}::inet)::int as by_email_and_ip,
      count(*) filter (where a.ip_address = ${ip}::inet)::int as by_ip,
      count(*) filter (where a.email = ${email})::int as by_email,
      extract(epoch from now() - max(a.attempted_at) filter (where a.email = ${email}))::float8 as since_email
    from private.sign_in_attempts a
    where not a.succeeded
      and a.attempted_at > now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})
      and (a.email = ${email} or a.ip_address = ${ip}::inet)`);
  return {
    byEmailAndIp: row.by_email_and_ip,
    byIp: row.by_ip,
    byEmail: row.by_email,
    secondsSinceEmailFailure: row.since_email,
  };
}

export async function recordSignInAttempt(tx: Tx, attempt: { email: string; ip: string | null; succeeded: boolean }) {
  await tx.insert(signInAttempts).values({ email: attempt.email, ipAddress: attempt.ip, succeeded: attempt.succeeded });
}
