// A report as data: titled sections of rows, the one shape every format
// (CSV, XLSX, PDF) is rendered from, so the three files hold the same numbers.
// Pure: no database, no I/O.

export type Cell = string | number | null;

export interface ReportColumn {
  key: string;
  label: string;
  /** How the value reads: numbers are right-aligned and kept numeric in XLSX. */
  kind?: "text" | "number" | "percent" | "date";
}

export interface ReportSection {
  title: string;
  /** One sentence: what the rows are and how a number is computed. */
  note?: string;
  columns: ReportColumn[];
  rows: Record<string, Cell>[];
}

export interface ReportDocument {
  title: string;
  organization: string;
  period: { from: string; to: string };
  generatedAt: Date;
  sections: ReportSection[];
}

/** The period a report covers when its request names none: the last 30 days up to today (UTC). */
export function defaultPeriod(today = new Date()): { from: string; to: string } {
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** A cell as text (CSV, PDF): numbers as stored (no thousands separators), null as empty. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return "";
  return typeof value === "number" ? String(value) : value;
}

/** A file name for the report: type, subject name and period, safe on every OS. */
export function reportFileName(document: Pick<ReportDocument, "title" | "period">, extension: string): string {
  const base = `${document.title} ${document.period.from} to ${document.period.to}`
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // accents off: É → E
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
  return `${base || "report"}.${extension}`;
}
