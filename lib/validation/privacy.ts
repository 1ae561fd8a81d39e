import { z } from "zod";
import { LEADERBOARD_VISIBILITY } from "@/db/schema/analytics";
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from "@/lib/privacy/preferences";

const keys = NOTIFICATION_CATEGORIES.map((c) => c.key) as [NotificationCategory, ...NotificationCategory[]];

/** The settings form: a radio group, a checkbox, and `notifications[]` with the categories left on. */
export const preferencesSchema = z
  .object({
    leaderboardVisibility: z.enum(LEADERBOARD_VISIBILITY, { error: "Choose public, anonymous or hidden" }),
    predictionsOptOut: z.enum(["on"]).optional(),
    notifications: z.array(z.enum(keys, { error: "Unknown notification category" })).max(keys.length).default([]),
  })
  .transform((input) => ({
    leaderboardVisibility: input.leaderboardVisibility,
    predictionsOptOut: input.predictionsOptOut === "on",
    notifications: Object.fromEntries(keys.map((key) => [key, input.notifications.includes(key)])) as Record<NotificationCategory, boolean>,
  }));

/** Erasure asks the member to type the organization's slug, so it is never a slip of the finger. */
export const eraseMeSchema = z.object({ confirmation: z.string().trim().min(1, "Type the organization's address to confirm") });
