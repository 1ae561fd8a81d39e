// When a learner may see the correct answers of an assessment. Showing them
// while attempts remain hands the next attempt its answers, so the
// show-answers flag alone never reveals them: it allows them once the learner
// can no longer use them,
//   revealed = showAnswersAfterSubmit
//              and (attempts used ≥ max attempts   — the last allowed attempt is spent
//                   or today > deadline)            — the learner's due date for the course has passed
// where the deadline is the latest due date of the learner's enrollments in
// the course (an enrollment's due_on, else its cohort's end). An assessment
// with unlimited attempts reveals its answers only after the deadline.
import { formatCount } from "@/lib/format";

export interface AnswerRevealInput {
  showAnswersAfterSubmit: boolean;
  maxAttempts: number | null;
  /** The learner's attempts at the assessment, the open one included. */
  attemptsUsed: number;
  /** "YYYY-MM-DD", or null when the learner has no due date for the course. */
  deadline: string | null;
  /** "YYYY-MM-DD" (UTC). */
  today: string;
}

export interface AnswerReveal {
  revealed: boolean;
  /** Why not (yet), for the learner; null when revealed. */
  reason: string | null;
}

export function answerReveal(input: AnswerRevealInput): AnswerReveal {
  if (!input.showAnswersAfterSubmit) return { revealed: false, reason: "This assessment does not show the correct answers." };
  const attemptsSpent = input.maxAttempts !== null && input.attemptsUsed >= input.maxAttempts;
  const deadlinePassed = input.deadline !== null && input.today > input.deadline;
  if (attemptsSpent || deadlinePassed) return { revealed: true, reason: null };
  const afterAttempts =
    input.maxAttempts !== null
      ? `after your last attempt (${input.attemptsUsed} of ${formatCount(input.maxAttempts, "attempt")} used)`
      : null;
  const afterDeadline = input.deadline ? `after your due date (${input.deadline})` : null;
  const when = [afterAttempts, afterDeadline].filter(Boolean).join(" or ");
  return {
    revealed: false,
    reason: when ? `The correct answers are shown ${when}.` : "The correct answers are not shown while you can still take this assessment.",
  };
}
