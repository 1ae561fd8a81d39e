// Whether a cohort learner is at risk, as the cohort report shows it, with
// the reasons. A rule of thumb that needs only progress and dates, so every
// cohort report has it even before the analytics core's drop-off model has
// scored anyone:
//   expected progress = 100 × (days since the cohort started) / (days of the cohort), clamped to 0–100;
//   behind schedule   when progress < expected − 25 percentage points;
//   inactive          when the last learning activity (or the enrollment, if none) is ≥ 14 days old;
//   at risk           when not completed and behind schedule or inactive.
// Example: a 100-day cohort on day 60 expects 60 %; a learner at 30 % is
// behind (30 < 35), at 40 % is not.
export const BEHIND_MARGIN = 25;
export const INACTIVE_DAYS = 14;

const DAY = 86_400_000;

export interface RiskInput {
  progress: number;
  completed: boolean;
  startsOn: string; // YYYY-MM-DD
  endsOn: string; // YYYY-MM-DD
  lastActivity: Date | null;
  enrolledAt: Date;
  today: Date;
}

export function expectedProgress(startsOn: string, endsOn: string, today: Date): number {
  const start = Date.parse(`${startsOn}T00:00:00Z`);
  const days = (Date.parse(`${endsOn}T00:00:00Z`) - start) / DAY + 1;
  const elapsed = Math.floor((today.getTime() - start) / DAY);
  return Math.round(Math.min(100, Math.max(0, (100 * elapsed) / days)) * 100) / 100;
}

/** The reasons a learner is at risk; empty when they are not. */
export function riskReasons(input: RiskInput): string[] {
  if (input.completed) return [];
  const reasons: string[] = [];
  const expected = expectedProgress(input.startsOn, input.endsOn, input.today);
  if (input.progress < expected - BEHIND_MARGIN) {
    reasons.push(`behind schedule (${input.progress}% done, ${expected}% expected)`);
  }
  const last = input.lastActivity ?? input.enrolledAt;
  const idleDays = Math.floor((input.today.getTime() - last.getTime()) / DAY);
  if (idleDays >= INACTIVE_DAYS) {
    reasons.push(input.lastActivity ? `no activity for ${idleDays} days` : `no activity since enrolling ${idleDays} days ago`);
  }
  return reasons;
}
