// Timing and summary helpers shared by the benchmarks. No I/O here, so the
// unit tests (tests/unit/bench-stats.test.ts) can check them.

/**
 * The p-th percentile of `samples` by the nearest-rank method: the smallest
 * sample such that at least p % of the samples are less than or equal to it
 * (p = 50 is the lower median, p = 100 the maximum, p = 0 the minimum).
 * The input is not modified.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError("percentile of no samples");
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new RangeError(`percentile must be within [0, 100], got ${p}`);
  if (samples.some((value) => !Number.isFinite(value))) throw new RangeError("percentile of a non-finite sample");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError("summary of no samples");
  const total = samples.reduce((sum, value) => sum + value, 0);
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    min: percentile(samples, 0),
    max: percentile(samples, 100),
    mean: total / samples.length,
  };
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const now = () => performance.now();

/** Runs `fn` and returns its result with the wall time it took, in ms. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = now();
  const result = await fn();
  return { ms: now() - start, result };
}

/** The median of a few repeated measurements (nearest-rank p50). */
export const median = (samples: readonly number[]) => percentile(samples, 50);

/** "12.3 ms", "1.23 s" … */
export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** 12345.6 → "12,346". */
export const formatInt = (value: number) => Math.round(value).toLocaleString("en-US");

/** 1536 → "1.5 kB", 12_345_678 → "11.8 MB" (binary multiples). */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** A ratio as "3.4×"; "–" when it is not defined. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (value >= 100) return `${value.toFixed(0)}×`;
  if (value >= 10) return `${value.toFixed(1)}×`;
  return `${value.toFixed(2)}×`;
}

/** A Markdown table (pipes), columns padded so it also reads well in a terminal. */
export function markdownTable(header: string[], rows: string[][], align: ("l" | "r")[] = []): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? "").length), 3));
  const pad = (cell: string, i: number) => (align[i] === "r" ? cell.padStart(widths[i]) : cell.padEnd(widths[i]));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => pad(cell ?? "", i)).join(" | ")} |`;
  const rule = `|${widths.map((width, i) => (align[i] === "r" ? `${"-".repeat(width + 1)}:` : `${"-".repeat(width + 2)}`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
