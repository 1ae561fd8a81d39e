// Privacy: a member's own preferences in an organization, their data export
// and erasure (SQL functions of supabase/migrations/20261130000510_privacy.sql,
// each one transaction), and the requests org admins answer for. Run in the
// member's RLS-scoped transaction.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { privacyRequests, userPreferences } from "../schema";
import { DEFAULT_PREFERENCES, notificationChoices, type NotificationCategory, type Preferences } from "@/lib/privacy/preferences";

type Member = { organizationId: string; userId: string };

export async function getMyPreferences(tx: Tx, input: Member): Promise<Preferences> {
  const [row] = await tx
    .select()
    .from(userPreferences)
    .where(and(eq(userPreferences.organizationId, input.organizationId), eq(userPreferences.userId, input.userId)));
  if (!row) return DEFAULT_PREFERENCES;
  return {
    leaderboardVisibility: row.leaderboardVisibility,
    predictionsOptOut: row.predictionsOptOut,
    notifications: notificationChoices(row.notificationPrefs),
  };
}

/**
 * Saves the member's choices (insert or update of their one row; the audit
 * trigger on user_preferences records each change with the old and new
 * values). The leaderboards and predictions read the row on their next refresh.
 */
export async function saveMyPreferences(tx: Tx, input: Member & Preferences) {
  const notificationPrefs = Object.fromEntries(
    Object.entries(input.notifications).map(([key, on]) => [key as NotificationCategory, on]),
  );
  await tx
    .insert(userPreferences)
    .values({
      organizationId: input.organizationId,
      userId: input.userId,
      leaderboardVisibility: input.leaderboardVisibility,
      predictionsOptOut: input.predictionsOptOut,
      notificationPrefs,
    })
    .onConflictDoUpdate({
      target: [userPreferences.organizationId, userPreferences.userId],
      set: {
        leaderboardVisibility: input.leaderboardVisibility,
        predictionsOptOut: input.predictionsOptOut,
        notificationPrefs,
      },
    });
}

/** Everything the product holds about the caller in the organization (JSON), recorded as an export request. */
export async function exportMyData(tx: Tx, organizationId: string): Promise<Record<string, unknown>> {
  const [row] = await tx.execute<{ data: Record<string, unknown> }>(sql`select app.export_my_data(${organizationId}::uuid) as data`);
  return row.data;
}

/** Erases the caller from the organization (see the migration); returns rows erased per table. */
export async function eraseMe(tx: Tx, organizationId: string): Promise<Record<string, number>> {
  const [row] = await tx.execute<{ erased: Record<string, number> }>(sql`select app.erase_me(${organizationId}::uuid) as erased`);
  return row.erased;
}

/** Export and erasure requests: the caller's own, or all of the organization's for settings managers (RLS). */
export function listPrivacyRequests(tx: Tx, organizationId: string, limit = 100) {
  return tx
    .select({
      id: privacyRequests.id,
      email: privacyRequests.email,
      kind: privacyRequests.kind,
      requestedAt: privacyRequests.requestedAt,
      completedAt: privacyRequests.completedAt,
    })
    .from(privacyRequests)
    .where(eq(privacyRequests.organizationId, organizationId))
    .orderBy(desc(privacyRequests.requestedAt))
    .limit(limit);
}
