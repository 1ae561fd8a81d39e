// How chart values and x labels read. Server pages pass a format *name* (a
// function cannot cross the server→client boundary); every name maps onto
// lib/format.ts so charts, tables and stats print numbers the same way.
import { formatCount, formatNumber, formatPercent, formatPoints } from "@/lib/format";

export type ValueFormat = "number" | "percent" | "points" | "minutes" | "hours" | "score";
export type LabelFormat = "text" | "date" | "week" | "month";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function formatValue(value: number | null | undefined, format: ValueFormat = "number"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  switch (format) {
    case "percent":
    case "score":
      return formatPercent(value);
    case "points":
      return formatPoints(value);
    case "minutes":
      return value >= 120 ? `${formatNumber(value / 60)} h` : `${formatNumber(value)} min`;
    case "hours":
      return formatCount(Math.round(value * 10) / 10, "h", "h");
    default:
      return formatNumber(value);
  }
}

/** A short axis label: "2026-11-30" → "Nov 30" (date/week) or "Nov" (month). */
export function formatLabel(value: unknown, format: LabelFormat = "text"): string {
  const text = String(value ?? "");
  if (format === "text" || !/^\d{4}-\d{2}-\d{2}/.test(text)) return text;
  const month = MONTHS[Number(text.slice(5, 7)) - 1] ?? "";
  if (format === "month") return `${month} ${text.slice(2, 4)}`;
  return `${month} ${Number(text.slice(8, 10))}`;
}
