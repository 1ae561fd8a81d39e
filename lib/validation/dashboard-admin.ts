// Inputs of the org admin overview (/o/<org>/admin): the date range and cohort
// filters kept in the URL (?from=YYYY-MM-DD&to=YYYY-MM-DD&cohort=<uuid>), and
// the raw-event retention setting. A bad filter is explained, never thrown.
import { z } from "zod";
import { RETENTION_CLASSES } from "@/lib/dashboards/retention-classes";

export { RETENTION_CLASSES };

/** Longest range the overview draws (the daily series has one point per day). */
export const MAX_RANGE_DAYS = 366;
/** The range when the URL names none: the last 30 days up to today (UTC). */
export const DEFAULT_RANGE_DAYS = 30;

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const day = (name: string) =>
  z
    .string({ error: `${name}: enter a date` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${name} must be a date like 2026-11-30`, abort: true })
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
    }, `${name} is not a date in the calendar`);

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export function adminFiltersSchema(today: string) {
  return z
    .object({
      from: day("From").optional(),
      to: day("To").optional(),
      cohort: z.uuid({ error: "Cohort: choose a cohort from the list" }).optional(),
    })
    .transform((input) => {
      const to = input.to ?? (input.from && input.from > today ? input.from : today);
      const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
      return { from, to, cohortId: input.cohort ?? null };
    })
    .refine((f) => f.from <= f.to, { message: "From must be on or before To", path: ["from"] })
    .refine((f) => f.to <= today, { message: `To cannot be after today (${today})`, path: ["to"] })
    .refine((f) => daysBetween(f.from, f.to) < MAX_RANGE_DAYS, {
      message: `The range may span at most ${MAX_RANGE_DAYS} days`,
      path: ["from"],
    });
}

export type AdminFilters = { from: string; to: string; cohortId: string | null };

/**
 * The filters of the URL, or the default range with the problem in words
 * (the page shows the message and the default view, so a shared link with a
 * typo still opens).
 */
export function parseAdminFilters(
  searchParams: Record<string, string | string[] | undefined>,
  today: string,
): { filters: AdminFilters; problem: string | null; requested: Record<string, string> } {
  const requested = Object.fromEntries(
    (["from", "to", "cohort"] as const).flatMap((key) => {
      const value = one(searchParams[key]);
      return value ? [[key, value]] : [];
    }),
  );
  const parsed = adminFiltersSchema(today).safeParse(requested);
  if (parsed.success) return { filters: parsed.data, problem: null, requested };
  return {
    filters: { from: addDays(today, -(DEFAULT_RANGE_DAYS - 1)), to: today, cohortId: null },
    problem: [...new Set(parsed.error.issues.map((issue) => issue.message))].join("; "),
    requested,
  };
}

/** The overview's URL for some filters (defaults left out, so the plain URL stays plain). */
export function adminOverviewHref(slug: string, filters: Partial<{ from: string; to: string; cohort: string | null }>) {
  const query = new URLSearchParams();
  if (filters.from) query.set("from", filters.from);
  if (filters.to) query.set("to", filters.to);
  if (filters.cohort) query.set("cohort", filters.cohort);
  const text = query.toString();
  return `/o/${slug}/admin${text ? `?${text}` : ""}`;
}

export const retentionSchema = z.object({
  rawRetentionDays: z.coerce
    .number({ error: "Choose how long raw events are kept" })
    .int("Choose one of the listed periods")
    .refine((days) => (RETENTION_CLASSES as readonly number[]).includes(days), "Choose one of the listed periods"),
});
export type RetentionInput = z.infer<typeof retentionSchema>;
