// A member's privacy and notification choices in one organization
// (public.user_preferences; a missing row means these defaults). Pure.

import type { LeaderboardVisibility } from "@/db/schema/analytics";

/**
 * Notification categories a member may turn off, stored in
 * user_preferences.notification_prefs as {"<key>": false}; a key that is
 * absent means on. Billing alerts to billing managers are not optional.
 */
export const NOTIFICATION_CATEGORIES = [
  { key: "grades", label: "Grades and feedback on my answers" },
  { key: "achievements", label: "Achievements, levels and streaks" },
  { key: "reminders", label: "Reminders about due dates and inactivity" },
  { key: "reports", label: "Reports I requested are ready" },
] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number]["key"];

export interface Preferences {
  leaderboardVisibility: LeaderboardVisibility;
  predictionsOptOut: boolean;
  notifications: Record<NotificationCategory, boolean>;
}

export function notificationChoices(prefs: Record<string, unknown> | null | undefined): Record<NotificationCategory, boolean> {
  return Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c.key, prefs?.[c.key] !== false])) as Record<NotificationCategory, boolean>;
}

/** Whether a member wants notifications of this category (for the code that sends them). */
export function wantsNotification(prefs: Record<string, unknown> | null | undefined, category: NotificationCategory): boolean {
  return notificationChoices(prefs)[category];
}

export const DEFAULT_PREFERENCES: Preferences = {
  leaderboardVisibility: "public",
  predictionsOptOut: false,
  notifications: notificationChoices({}),
};
