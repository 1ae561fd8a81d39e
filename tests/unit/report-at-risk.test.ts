import { describe, expect, it } from "vitest";
import { expectedProgress, riskReasons } from "@/lib/reports/at-risk";
import { failureReason } from "@/lib/reports/worker";
import { AppError } from "@/lib/errors";
import { reportFileName } from "@/lib/reports/document";

const base = { completed: false, startsOn: "2026-01-01", endsOn: "2026-04-10", enrolledAt: new Date("2026-01-01T00:00:00Z") };
// A 100-day cohort (1 Jan – 10 Apr 2026); on 2 Mar, day 60, 60 % is expected.
const day60 = new Date("2026-03-02T12:00:00Z");

describe("cohort report: at risk", () => {
  it("expects progress in proportion to the days elapsed, clamped to 0–100", () => {
    expect(expectedProgress(base.startsOn, base.endsOn, day60)).toBe(60);
    expect(expectedProgress(base.startsOn, base.endsOn, new Date("2025-12-01T00:00:00Z"))).toBe(0);
    expect(expectedProgress(base.startsOn, base.endsOn, new Date("2026-06-01T00:00:00Z"))).toBe(100);
  });

  it("is behind schedule below expected − 25 points", () => {
    const recent = new Date("2026-03-01T00:00:00Z");
    expect(riskReasons({ ...base, progress: 30, lastActivity: recent, today: day60 })).toEqual(["behind schedule (30% done, 60% expected)"]);
    expect(riskReasons({ ...base, progress: 40, lastActivity: recent, today: day60 })).toEqual([]);
  });

  it("is inactive after 14 days without activity, or since enrolling", () => {
    expect(riskReasons({ ...base, progress: 60, lastActivity: new Date("2026-02-16T12:00:00Z"), today: day60 })).toEqual(["no activity for 14 days"]);
    expect(riskReasons({ ...base, progress: 60, lastActivity: new Date("2026-02-17T13:00:00Z"), today: day60 })).toEqual([]);
    expect(riskReasons({ ...base, progress: 0, lastActivity: null, today: day60 })).toEqual([
      "behind schedule (0% done, 60% expected)",
      "no activity since enrolling 60 days ago",
    ]);
  });

  it("is never at risk once completed", () => {
    expect(riskReasons({ ...base, completed: true, progress: 100, lastActivity: null, today: day60 })).toEqual([]);
  });
});

describe("report worker and files", () => {
  it("says why a report failed without internals", () => {
    expect(failureReason(new AppError(404, "The cohort was not found"))).toBe("The cohort was not found");
    expect(failureReason({ cause: { code: "SW404", message: "That learner was not found in this organization" } })).toBe("That learner was not found in this organization");
    expect(failureReason(new Error("connection reset by peer at 10.0.0.3"))).not.toMatch(/10\.0\.0\.3/);
  });

  it("names files safely", () => {
    expect(reportFileName({ title: "Cohort report: Équipe / Nord", period: { from: "2026-01-01", to: "2026-01-31" } }, "pdf")).toBe(
      "cohort-report-equipe-nord-2026-01-01-to-2026-01-31.pdf",
    );
  });
});
