// Password accounts for the embedded auth backend, stored as Supabase Auth
// stores them: auth.users with a bcrypt hash made and checked by pgcrypto.
// Callers run these in a service transaction: there is no session yet.
import { and, count, eq, gt, sql } from "drizzle-orm";
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

/** The user whose password matches, or null. */
export async function verifyPassword(tx: Tx, email: string, password: string) {
  const [user] = await tx
    .update(authUsers)
    .set({ lastSignInAt: sql`now()` })
    .where(
      and(
        eq(authUsers.email, email),
        sql`${authUsers.encryptedPassword} = extensions.crypt(${password}, ${authUsers.encryptedPassword})`,
      ),
    )
    .returning({ id: authUsers.id, email: authUsers.email });
  if (!user) {
    // Spend the same bcrypt work as a real check, so response time does not
    // tell whether an account exists for this email.
    await tx.execute(sql`select extensions.crypt(${password}, extensions.gen_salt('bf', ${BCRYPT_COST}))`);
    return null;
  }
  return { id: user.id, email: user.email! };
}

export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

/**
 * Failed attempts in the window, by email and by IP. Also takes a lock on the
 * email for the rest of the caller's transaction, so parallel attempts for one
 * email are checked one after the other: otherwise a burst of concurrent
 * guesses would all pass the check before any of them is recorded.
 */
export async function recentSignInFailures(tx: Tx, email: string, ip: string | null) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:${email}`}, 0))`);
  const since = sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`;
  const failed = and(eq(signInAttempts.succeeded, false), gt(signInAttempts.attemptedAt, since));
  const [byEmail] = await tx
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(failed, eq(signInAttempts.email, email)));
  const [byIp] = ip
    ? await tx.select({ n: count() }).from(signInAttempts).where(and(failed, eq(signInAttempts.ipAddress, ip)))
    : [{ n: 0 }];
  return { byEmail: byEmail.n, byIp: byIp.n };
}

export async function recordSignInAttempt(tx: Tx, attempt: { email: string; ip: string | null; succeeded: boolean }) {
  await tx.insert(signInAttempts).values({ email: attempt.email, ipAddress: attempt.ip, succeeded: attempt.succeeded });
}
