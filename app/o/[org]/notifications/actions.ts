"use server";
// Marking one's own notifications read (RLS: only one's own, only read_at).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgAction } from "@/lib/actions";
import { withOrgDb } from "@/lib/tenancy/org-context";
import { markAllNotificationsRead, markNotificationRead } from "@/db/queries/notifications";
import { notificationIdSchema } from "@/lib/validation/learning";

export const markNotificationReadAction = orgAction(notificationIdSchema, "learning.participate", async (context, input) => {
  await withOrgDb(context, (tx) => markNotificationRead(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  // The unread count lives in the layout.
  revalidatePath(`/o/${context.organization.slug}`, "layout");
  return { ok: true, message: "Marked read" };
});

export const markAllNotificationsReadAction = orgAction(z.object({}), "learning.participate", async (context) => {
  const result = await withOrgDb(context, (tx) => markAllNotificationsRead(tx, { organizationId: context.organization.id, userId: context.claims.sub }));
  revalidatePath(`/o/${context.organization.slug}`, "layout");
  return { ok: true, message: `${result.marked} marked read` };
});
