// In-app notifications (table from the billing migration): each member reads
// and marks read only their own, in the organization at hand (RLS). They are
// written by server code in service transactions (billing webhooks, grading).
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { Tx } from "../client";
import { notifications } from "../schema";
import { notFound } from "@/lib/errors";

type Recipient = { organizationId: string; userId: string };

const mine = (input: Recipient) => and(eq(notifications.organizationId, input.organizationId), eq(notifications.userId, input.userId));

export function listNotifications(tx: Tx, input: Recipient & { limit?: number }) {
  return tx
    .select()
    .from(notifications)
    .where(mine(input))
    .orderBy(desc(notifications.createdAt))
    .limit(input.limit ?? 50);
}

export async function countUnreadNotifications(tx: Tx, input: Recipient) {
  const [{ n }] = await tx.select({ n: count() }).from(notifications).where(and(mine(input), isNull(notifications.readAt)));
  return n;
}

export async function markNotificationRead(tx: Tx, input: Recipient & { notificationId: string }) {
  const [row] = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(mine(input), eq(notifications.id, input.notificationId)))
    .returning({ id: notifications.id });
  if (!row) throw notFound("That notification");
  return row;
}

export async function markAllNotificationsRead(tx: Tx, input: Recipient) {
  const rows = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(mine(input), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}
