// The benchmark's summary helpers (tests/bench/stats.ts): nearest-rank
// percentiles, the p50/p95 every table reports, and the table formatting.
import { describe, expect, it } from "vitest";
import { formatBytes, formatRatio, markdownTable, percentile, summarize } from "../bench/stats";

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100, 99, …, 1: unsorted on purpose

  it("picks the smallest sample with at least p % of the samples at or below it", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile(hundred, 0.5)).toBe(1);
    expect(percentile(hundred, 1.5)).toBe(2);
  });

  it("on small samples: a sample, never an interpolation", () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
    expect(percentile([10, 20, 30, 40], 95)).toBe(40);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([7], 95)).toBe(7);
  });

  it("sorts numerically and leaves the input as it was", () => {
    const samples = [10, 9, 100, 2];
    expect(percentile(samples, 75)).toBe(10);
    expect(samples).toEqual([10, 9, 100, 2]);
  });

  it("refuses no samples, a p outside [0, 100] and non-finite samples", () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1, 2], -1)).toThrow(RangeError);
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError);
  });
});

describe("summaries and formatting", () => {
  it("summarize reports n, p50, p95, min, max and mean", () => {
    const samples = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(summarize(samples)).toEqual({ n: 20, p50: 10, p95: 19, min: 1, max: 20, mean: 10.5 });
  });

  it("formats ratios and byte counts", () => {
    expect(formatRatio(2.345)).toBe("2.35×");
    expect(formatRatio(12.34)).toBe("12.3×");
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe("–");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 kB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MB");
  });

  it("renders a Markdown table with aligned columns", () => {
    expect(markdownTable(["name", "n"], [["a", "1"], ["bb", "22"]], ["l", "r"])).toBe(
      ["| name |   n |", "|------|----:|", "| a    |   1 |", "| bb   |  22 |"].join("\n"),
    );
  });
});
