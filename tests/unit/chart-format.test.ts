import { describe, expect, it } from "vitest";
import { histogram } from "@/components/charts/distribution";
import { formatLabel, formatValue } from "@/components/charts/format";

describe("chart formats", () => {
  it("reads values the way lib/format does", () => {
    expect(formatValue(42.94, "percent")).toBe("42.9 %");
    expect(formatValue(1, "points")).toBe("1 pt");
    expect(formatValue(90, "minutes")).toBe("90 min");
    expect(formatValue(150, "minutes")).toBe("2.5 h");
    expect(formatValue(null, "number")).toBe("—");
  });
  it("shortens dates on the axis", () => {
    expect(formatLabel("2026-11-02", "week")).toBe("Nov 2");
    expect(formatLabel("2026-01-15", "month")).toBe("Jan 26");
    expect(formatLabel("Algebra", "date")).toBe("Algebra");
  });
});

describe("histogram", () => {
  it("puts each value in one equal-width bin, the maximum in the last", () => {
    // 0..100 in 4 bins of 25: 0,10 → bin 0; 30 → bin 1; 50 → bin 2; 99,100 → bin 3.
    const bins = histogram([0, 10, 30, 50, 99, 100], 4, [0, 100]);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 1, 2]);
    expect(bins[1]).toMatchObject({ from: 25, to: 50 });
  });
  it("collapses to one bin when every value is equal, and is empty for no values", () => {
    expect(histogram([5, 5, 5], 10).map((b) => b.count)).toEqual([3]);
    expect(histogram([], 10)).toEqual([]);
  });
});
