// Inputs of the analytics reads and of the privacy settings: leaderboard
// period, list paging/sorting of a cohort's learners, and a member's own
// preferences. Forms send strings; these schemas coerce and explain.
import { z } from "zod";

export const leaderboardPeriodSchema = z.enum(["week", "month"], { error: "Choose week or month" });
export type LeaderboardPeriod = z.infer<typeof leaderboardPeriodSchema>;

export const preferencesSchema = z.object({
  leaderboardVisibility: z.enum(["public", "anonymous", "hidden"], { error: "Choose public, anonymous or hidden" }),
  predictionsOptOut: z
    .union([z.boolean(), z.enum(["on", "true", "false", "off"])])
    .optional()
    .transform((value) => value === true || value === "on" || value === "true"),
  notificationPrefs: z.record(z.string().max(40), z.boolean()).default({}),
});
export type PreferencesInput = z.infer<typeof preferencesSchema>;

export const COHORT_LEARNER_SORTS = ["name", "progress", "engagement", "risk", "score", "last_active"] as const;
export const cohortLearnersQuerySchema = z.object({
  sort: z.enum(COHORT_LEARNER_SORTS, { error: "Unknown sort" }).default("risk"),
  direction: z.enum(["asc", "desc"], { error: "Choose asc or desc" }).default("desc"),
  risk: z.enum(["any", "low", "medium", "high"], { error: "Unknown risk level" }).default("any"),
  search: z.string().trim().max(100, "Use at most 100 characters").default(""),
  page: z.coerce.number({ error: "Enter a page number" }).int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number({ error: "Enter a page size" }).int().min(1).max(200).default(50),
});
export type CohortLearnersQuery = z.infer<typeof cohortLearnersQuerySchema>;
