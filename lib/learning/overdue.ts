// What is overdue, decided in one place so every page flags the same things.
//   A learner in a course is overdue when their due date (the enrollment's
//   due_on, else the cohort's end) has passed — today is after it — and the
//   course is not complete (progress below 100 %).
//   A goal is overdue when it is still active and its target date has passed.
// Dates are "YYYY-MM-DD" compared as strings; today is the UTC date.
export const todayUtc = () => new Date().toISOString().slice(0, 10);

export function isLearnerOverdue(
  input: { dueOn: string | null; endsOn: string | null; progressPercent: number; completedAt?: Date | string | null },
  today = todayUtc(),
): boolean {
  const due = input.dueOn ?? input.endsOn;
  if (!due || input.completedAt || input.progressPercent >= 100) return false;
  return today > due;
}

export function isGoalOverdue(input: { status: string; targetDate: string | null }, today = todayUtc()): boolean {
  return input.status === "active" && input.targetDate !== null && today > input.targetDate;
}
