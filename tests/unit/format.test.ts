// One formatter for counts and percentages: nouns agree with their number,
// percentages have at most one decimal (Intl rounding) and a space before "%".
import { describe, expect, it } from "vitest";
import { formatCount, formatDate, formatPercent, formatPoints, formatShare } from "@/lib/format";

describe("format", () => {
  it("pluralises counts", () => {
    expect(formatCount(1, "member")).toBe("1 member");
    expect(formatCount(0, "member")).toBe("0 members");
    expect(formatCount(23, "learner")).toBe("23 learners");
    expect(formatCount(1204, "event")).toBe("1,204 events");
    expect(formatCount(2, "person", "people")).toBe("2 people");
  });

  it("formats points", () => {
    expect(formatPoints(1)).toBe("1 pt");
    expect(formatPoints(4)).toBe("4 pts");
    expect(formatPoints(0.5)).toBe("0.5 pts");
  });

  it("formats percentages with at most one decimal: 3 of 7 is 42.9 %", () => {
    expect(formatShare(3, 7)).toBe("42.9 %"); // 42.857… rounds to 42.9
    expect(formatPercent(42.86)).toBe("42.9 %");
    expect(formatPercent(100)).toBe("100 %");
    expect(formatPercent(0)).toBe("0 %");
    expect(formatPercent(12.5)).toBe("12.5 %");
    expect(formatPercent(null)).toBe("—");
    expect(formatShare(1, 0)).toBe("—");
  });

  it("formats dates as YYYY-MM-DD in UTC", () => {
    expect(formatDate("2026-11-30")).toBe("2026-11-30");
    expect(formatDate(new Date("2026-11-30T23:30:00Z"))).toBe("2026-11-30");
    expect(formatDate(null)).toBe("—");
  });
});
