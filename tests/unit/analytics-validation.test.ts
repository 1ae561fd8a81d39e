// Inputs of the analytics reads and privacy settings: what forms send is
// coerced, what is wrong is refused with a message a form can show.
import { describe, expect, it } from "vitest";
import { cohortLearnersQuerySchema, leaderboardPeriodSchema, preferencesSchema } from "@/lib/validation/analytics";
import { pointsForLevel } from "@/db/queries/analytics-learner";

describe("privacy preferences", () => {
  it("takes a form's checkbox and the three visibilities", () => {
    expect(preferencesSchema.parse({ leaderboardVisibility: "anonymous", predictionsOptOut: "on" })).toEqual({
      leaderboardVisibility: "anonymous", predictionsOptOut: true, notificationPrefs: {},
    });
    expect(preferencesSchema.parse({ leaderboardVisibility: "hidden" }).predictionsOptOut).toBe(false);
  });

  it("refuses an unknown visibility with the words a form shows", () => {
    const result = preferencesSchema.safeParse({ leaderboardVisibility: "invisible" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe("Choose public, anonymous or hidden");
  });
});

describe("reads", () => {
  it("leaderboard periods are week or month", () => {
    expect(leaderboardPeriodSchema.safeParse("year").success).toBe(false);
    expect(leaderboardPeriodSchema.parse("week")).toBe("week");
  });

  it("a cohort's learners table: defaults, coercion from the URL, limits", () => {
    expect(cohortLearnersQuerySchema.parse({})).toEqual({ sort: "risk", direction: "desc", risk: "any", search: "", page: 1, pageSize: 50 });
    expect(cohortLearnersQuerySchema.parse({ sort: "progress", page: "3", pageSize: "25" })).toMatchObject({ sort: "progress", page: 3, pageSize: 25 });
    expect(cohortLearnersQuerySchema.safeParse({ pageSize: "1000" }).success).toBe(false);
    expect(cohortLearnersQuerySchema.safeParse({ sort: "salary" }).success).toBe(false);
  });
});

describe("level curve (the SQL's analytics.level_for_points)", () => {
  it("level n starts at 100 · n(n−1)/2 points", () => {
    // 0, 100, 300, 600, 1000: each level costs 100 more than the one before.
    expect([1, 2, 3, 4, 5].map(pointsForLevel)).toEqual([0, 100, 300, 600, 1000]);
  });
});
