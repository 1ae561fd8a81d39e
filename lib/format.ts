// How numbers read in the UI, in one place: counts with their noun
// ("1 member", "3 members"), points ("1 pt"), percentages ("42.9 %", at most
// one decimal, a space before the sign as in the rest of the app) and dates.
// Intl-based so separators and plural rules stay correct if the locale changes.
const LOCALE = "en";

const plural = new Intl.PluralRules(LOCALE);
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** A number as shown: thousands separated, at most one decimal ("1,234", "2.5"). */
export function formatNumber(value: number): string {
  return oneDecimal.format(value);
}

/** "1 member", "0 members", "1,204 members"; `pluralForm` defaults to singular + "s". */
export function formatCount(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${Number.isInteger(count) ? integer.format(count) : oneDecimal.format(count)} ${plural.select(count) === "one" ? singular : pluralForm}`;
}

/** "1 pt", "2 pts", "0.5 pts". */
export function formatPoints(points: number): string {
  return formatCount(points, "pt", "pts");
}

/** A 0–100 value as "42.9 %" (at most one decimal, rounded half away from zero); null → "—". */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${oneDecimal.format(value)} %`;
}

/** A share as a percentage of a whole: formatShare(3, 7) → "42.9 %"; an empty whole → "—". */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? formatPercent((part / whole) * 100) : "—";
}

/** A calendar date (a `date` column, "YYYY-MM-DD") or a timestamp as "2026-11-30", in UTC. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** A timestamp as "2026-11-30 14:05 UTC". */
export function formatDateTime(value: Date | null | undefined): string {
  if (!value) return "—";
  return `${value.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
