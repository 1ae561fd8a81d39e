import { describe, expect, it } from "vitest";
import { masteryTone } from "@/lib/dashboards/mastery";

describe("mastery tone", () => {
  it("is mastered at the threshold, getting there from 40, a gap below", () => {
    expect([70, 69.9, 40, 39.9, 0].map((m) => masteryTone(m, 70))).toEqual(["success", "warning", "warning", "danger", "danger"]);
  });
});
