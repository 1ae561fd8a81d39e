// Rules the pages share: what is overdue, and when a learner may see the
// correct answers of an assessment (whatever its show-answers flag says).
import { describe, expect, it } from "vitest";
import { isGoalOverdue, isLearnerOverdue } from "@/lib/learning/overdue";
import { answerReveal } from "@/lib/assessments/answer-reveal";
import { goalSchema, goalTargetDateRange } from "@/lib/validation/learning";

describe("overdue", () => {
  const today = "2026-11-30";
  it("flags a learner below 100 % after their due date (else the cohort's end)", () => {
    expect(isLearnerOverdue({ dueOn: null, endsOn: "2026-11-29", progressPercent: 42.86 }, today)).toBe(true);
    expect(isLearnerOverdue({ dueOn: null, endsOn: "2026-11-30", progressPercent: 42.86 }, today)).toBe(false); // due today: not yet
    expect(isLearnerOverdue({ dueOn: "2026-12-15", endsOn: "2026-11-01", progressPercent: 10 }, today)).toBe(false); // own due date wins
    expect(isLearnerOverdue({ dueOn: null, endsOn: "2026-11-01", progressPercent: 100 }, today)).toBe(false);
    expect(isLearnerOverdue({ dueOn: null, endsOn: "2026-11-01", progressPercent: 50, completedAt: "2026-10-31T00:00:00Z" }, today)).toBe(false);
  });

  it("flags an active goal past its target date", () => {
    expect(isGoalOverdue({ status: "active", targetDate: "2026-11-29" }, today)).toBe(true);
    expect(isGoalOverdue({ status: "achieved", targetDate: "2026-11-29" }, today)).toBe(false);
    expect(isGoalOverdue({ status: "active", targetDate: null }, today)).toBe(false);
    expect(isGoalOverdue({ status: "active", targetDate: "2026-11-30" }, today)).toBe(false);
  });
});

describe("goal target dates", () => {
  it("accept today − 1 year … today + 10 years, refuse 1900-01-01 and 9999-12-31 with the range in the message", () => {
    expect(goalTargetDateRange("2026-11-30")).toEqual({ min: "2025-11-30", max: "2036-11-30" });
    expect(goalTargetDateRange("2028-02-29")).toEqual({ min: "2027-02-28", max: "2038-02-28" });
    const { min, max } = goalTargetDateRange();
    const parse = (targetDate: string) => goalSchema.safeParse({ title: "Ship it", description: "", targetDate, skillIds: [] });
    expect(parse(min).success).toBe(true);
    expect(parse(max).success).toBe(true);
    const old = parse("1900-01-01");
    expect(old.success).toBe(false);
    expect(old.error?.issues[0].message).toBe(`Choose a target date from ${min} on (at most a year ago)`);
    const far = parse("9999-12-31");
    expect(far.error?.issues[0].message).toBe(`Choose a target date up to ${max} (at most 10 years ahead)`);
    expect(parse("").success).toBe(true); // no target date is fine
  });
});

describe("answer reveal", () => {
  const base = { showAnswersAfterSubmit: true, maxAttempts: 3, attemptsUsed: 2, deadline: "2026-12-31", today: "2026-11-30" };
  it("hides answers while attempts remain and the deadline is ahead, and says when they will show", () => {
    expect(answerReveal(base)).toEqual({
      revealed: false,
      reason: "The correct answers are shown after your last attempt (2 of 3 attempts used) or after your due date (2026-12-31).",
    });
  });
  it("reveals after the last allowed attempt, or after the deadline", () => {
    expect(answerReveal({ ...base, attemptsUsed: 3 }).revealed).toBe(true);
    expect(answerReveal({ ...base, today: "2027-01-01" }).revealed).toBe(true);
    expect(answerReveal({ ...base, today: "2026-12-31" }).revealed).toBe(false); // the due day itself still counts
  });
  it("with unlimited attempts, only after the deadline; without a deadline, never while attempts are unlimited", () => {
    expect(answerReveal({ ...base, maxAttempts: null, attemptsUsed: 9 }).revealed).toBe(false);
    expect(answerReveal({ ...base, maxAttempts: null, today: "2027-01-01" }).revealed).toBe(true);
    expect(answerReveal({ ...base, maxAttempts: null, deadline: null }).revealed).toBe(false);
  });
  it("never reveals when the assessment does not show answers", () => {
    expect(answerReveal({ ...base, showAnswersAfterSubmit: false, attemptsUsed: 3, today: "2027-01-01" })).toEqual({
      revealed: false,
      reason: "This assessment does not show the correct answers.",
    });
  });
});
