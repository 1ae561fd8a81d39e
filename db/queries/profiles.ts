import { eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { authUsers, profiles } from "../schema";

export async function getProfile(tx: Tx, userId: string) {
  const [row] = await tx
    .select({ id: profiles.id, email: profiles.email, fullName: profiles.fullName })
    .from(profiles)
    .where(eq(profiles.id, userId));
  return row ?? null;
}

/**
 * Whether the user has come back since creating their account: they signed
 * in at least once after it was made. Sign-up itself starts a session without
 * a sign-in (embedded backend: last_sign_in_at stays null; Supabase sets it
 * at sign-up, hence the minute). Reads auth.users: run it in a service
 * transaction, for the caller's own id only.
 */
export async function isReturningUser(tx: Tx, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ returning: sql<boolean>`coalesce(${authUsers.lastSignInAt} > ${authUsers.createdAt} + interval '1 minute', false)` })
    .from(authUsers)
    .where(eq(authUsers.id, userId));
  return row?.returning ?? false;
}
