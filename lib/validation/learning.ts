// Inputs of the learning domain: authoring (skills, courses, lessons,
// assessments, questions, activities), cohorts, learning (attempts, answers,
// tasks), the vision board and notifications. Forms send strings; these
// schemas trim, coerce and say what is wrong in the words a form shows.
import { z } from "zod";
import { QUESTION_KINDS } from "@/lib/assessments/question-kinds";
import { hasNoNul } from "./auth";

const NUL = "Remove the invisible control character";

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `Use at most ${max} characters`)
    .refine(hasNoNul, NUL);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .refine(hasNoNul, NUL)
    .optional()
    .transform((value) => value ?? "");

export const idOf = (what: string) => z.uuid({ error: `Unknown ${what}` });
// Checkbox lists of an organization's members: a large organization has
// thousands of learners, and the queries take the list as one array parameter.
export const MAX_CHOSEN_IDS = 5_000;
const ids = (what: string) =>
  z.array(idOf(what)).max(MAX_CHOSEN_IDS, `Choose at most ${MAX_CHOSEN_IDS.toLocaleString("en-US")} ${what}s`).default([]);

/** An empty form field is "not given". */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const integer = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter ${what} as a number` })
    .int(`Enter ${what} as a whole number`)
    .min(min, `${what[0].toUpperCase()}${what.slice(1)} must be at least ${min}`)
    .max(max, `${what[0].toUpperCase()}${what.slice(1)} must be at most ${max}`);

const optionalInteger = (what: string, min: number, max: number) => z.preprocess(blankToUndefined, integer(what, min, max).optional());

/** A number with at most 2 decimals (numeric(…, 2) columns). */
const decimal = (what: string, min: number, max: number, exclusiveMin = false) =>
  z.coerce
    .number({ error: `Enter ${what} as a number` })
    .refine(Number.isFinite, `Enter ${what} as a number`)
    .refine((value) => (exclusiveMin ? value > min : value >= min), `${what[0].toUpperCase()}${what.slice(1)} must be ${exclusiveMin ? "more than" : "at least"} ${min}`)
    .refine((value) => value <= max, `${what[0].toUpperCase()}${what.slice(1)} must be at most ${max}`)
    .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, `Use at most 2 decimals for ${what}`);

const isRealDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

const isoDate = (what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${what} as a date (YYYY-MM-DD)`)
    .refine(isRealDate, `Enter ${what} as a real date`);

const optionalDate = (what: string) => z.preprocess(blankToUndefined, isoDate(what).optional());

/** "YYYY-MM-DD" `years` years from `today` (UTC), Feb 29 falling back to Feb 28. */
function shiftYears(today: string, years: number): string {
  const [y, m, d] = today.split("-").map(Number);
  const day = Math.min(d, new Date(Date.UTC(y + years, m, 0)).getUTCDate());
  return `${String(y + years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The sane range of a goal's target date: from a year ago (a goal entered a
 * little late) to ten years ahead. 1900-01-01 or 9999-12-31 are typos, not plans.
 */
export function goalTargetDateRange(today = new Date().toISOString().slice(0, 10)) {
  return { min: shiftYears(today, -1), max: shiftYears(today, 10) };
}

const goalTargetDate = z.preprocess(
  blankToUndefined,
  isoDate("the target date")
    .superRefine((value, ctx) => {
      const { min, max } = goalTargetDateRange();
      if (value < min) ctx.addIssue({ code: "custom", message: `Choose a target date from ${min} on (at most a year ago)` });
      else if (value > max) ctx.addIssue({ code: "custom", message: `Choose a target date up to ${max} (at most 10 years ahead)` });
    })
    .optional(),
);

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === "1" || value === true, z.boolean());

// ---------------------------------------------------------------------------
// Authoring
// ---------------------------------------------------------------------------
export const skillSchema = z.object({ name: text("the skill's name", 80), description: optionalText(2000) });

export const courseSchema = z.object({
  title: text("the course title", 200),
  description: optionalText(5000),
  skillIds: ids("skill"),
});
export const updateCourseSchema = courseSchema.extend({ courseId: idOf("course") });
export const courseIdSchema = z.object({ courseId: idOf("course") });
export const publishCourseSchema = z.object({ courseId: idOf("course"), publish: checkbox });

export const sectionSchema = z.object({ courseId: idOf("course"), title: text("the section title", 200) });
export const renameSectionSchema = z.object({ sectionId: idOf("section"), title: text("the section title", 200) });
export const sectionIdSchema = z.object({ sectionId: idOf("section") });

export const lessonSchema = z.object({
  sectionId: idOf("section"),
  title: text("the lesson title", 200),
  bodyMd: optionalText(100_000),
  estimatedMinutes: integer("estimated minutes", 1, 600),
  skillIds: ids("skill"),
});
export const updateLessonSchema = lessonSchema.extend({ lessonId: idOf("lesson") });
export const lessonIdSchema = z.object({ lessonId: idOf("lesson") });

export const assessmentSchema = z.object({
  courseId: idOf("course"),
  lessonId: z.preprocess(blankToUndefined, idOf("lesson").optional()),
  title: text("the assessment title", 200),
  description: optionalText(5000),
  passMark: decimal("the pass mark", 0, 100),
  timeLimitMinutes: optionalInteger("the time limit", 1, 600),
  maxAttempts: optionalInteger("the number of attempts", 1, 100),
  showAnswersAfterSubmit: checkbox,
});
export const updateAssessmentSchema = assessmentSchema.omit({ courseId: true }).extend({ assessmentId: idOf("assessment") });
export const assessmentIdSchema = z.object({ assessmentId: idOf("assessment") });

export { QUESTION_KINDS, QUESTION_KIND_LABELS } from "@/lib/assessments/question-kinds";

const OPTION_IDS = "abcdefghijklmnopqrstuvwxyz";

/**
 * Choice options are typed one per line; a line starting with `*` is correct.
 * "Paris\n* Lyon" → options a: Paris, b: Lyon; correct: ["b"].
 */
export function parseChoiceLines(lines: string) {
  const rows = lines
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const options = rows.map((row, index) => ({ id: OPTION_IDS[index] ?? `o${index}`, label: row.replace(/^\*\s*/, ""), correct: row.startsWith("*") }));
  return {
    options: options.map(({ id, label }) => ({ id, label })),
    correct: options.filter((option) => option.correct).map((option) => option.id),
    blankLabel: options.some((option) => option.label === ""),
  };
}

/** The inverse of parseChoiceLines, to prefill an edit form. */
export function choiceLines(options: { id: string; label: string }[], correct: string[]): string {
  return options.map((option) => `${correct.includes(option.id) ? "* " : ""}${option.label}`).join("\n");
}

export const questionSchema = z
  .object({
    assessmentId: idOf("assessment"),
    questionId: z.preprocess(blankToUndefined, idOf("question").optional()),
    kind: z.enum(QUESTION_KINDS, { error: "Choose the kind of question" }),
    prompt: text("the question", 5000),
    points: decimal("the points", 0, 1000, true),
    skillId: z.preprocess(blankToUndefined, idOf("skill").optional()),
    choices: optionalText(10_000),
    value: z.preprocess(blankToUndefined, z.coerce.number({ error: "Enter the expected value as a number" }).refine(Number.isFinite, "Enter the expected value as a number").optional()),
    tolerance: z.preprocess(blankToUndefined, z.coerce.number({ error: "Enter the tolerance as a number" }).min(0, "The tolerance cannot be negative").refine(Number.isFinite, "Enter the tolerance as a number").optional()),
    rubric: optionalText(5000),
  })
  .transform((input, ctx) => {
    const base = { assessmentId: input.assessmentId, questionId: input.questionId, kind: input.kind, prompt: input.prompt, points: input.points, skillId: input.skillId ?? null };
    const issue = (path: string, message: string) => {
      ctx.addIssue({ code: "custom", path: [path], message });
      return z.NEVER;
    };
    switch (input.kind) {
      case "single_choice":
      case "multiple_choice": {
        const { options, correct, blankLabel } = parseChoiceLines(input.choices);
        if (blankLabel) return issue("choices", "Each option needs a label after the *");
        if (options.length < 2) return issue("choices", "Give at least 2 options, one per line");
        if (options.length > OPTION_IDS.length) return issue("choices", `Give at most ${OPTION_IDS.length} options`);
        if (input.kind === "single_choice" && correct.length !== 1) return issue("choices", "Mark exactly one option as correct with a leading *");
        if (correct.length < 1) return issue("choices", "Mark at least one option as correct with a leading *");
        return { ...base, options, key: input.kind === "single_choice" ? { option: correct[0] } : { options: correct } };
      }
      case "numeric":
        if (input.value === undefined) return issue("value", "Enter the expected value");
        return { ...base, options: [], key: { value: input.value, tolerance: input.tolerance ?? 0 } };
      case "free_text":
        if (!input.rubric) return issue("rubric", "Describe what a good answer contains (the rubric)");
        return { ...base, options: [], key: { rubric: input.rubric } };
    }
  });
export type QuestionInput = z.output<typeof questionSchema>;
export const questionIdSchema = z.object({ questionId: idOf("question") });

export const activitySchema = z.object({ courseId: idOf("course"), title: text("the activity title", 200), description: optionalText(5000) });
export const taskSchema = z.object({
  activityId: idOf("activity"),
  title: text("the task title", 200),
  estimatedMinutes: integer("estimated minutes", 1, 240),
  points: integer("points", 0, 1000),
});
export const taskIdSchema = z.object({ taskId: idOf("task") });

// ---------------------------------------------------------------------------
// Cohorts
// ---------------------------------------------------------------------------
export const cohortSchema = z
  .object({
    courseId: idOf("course"),
    name: text("the cohort name", 120),
    startsOn: isoDate("the start date"),
    endsOn: isoDate("the end date"),
    trainerIds: ids("trainer"),
    learnerIds: ids("learner"),
    /** "All learners of the organization": every member with the learner role, expanded by the query. */
    allLearners: checkbox,
  })
  .refine((input) => !isRealDate(input.startsOn) || !isRealDate(input.endsOn) || input.endsOn >= input.startsOn, {
    path: ["endsOn"],
    message: "The end date must be on or after the start date",
  });

export const enrollSchema = z
  .object({
    cohortId: idOf("cohort"),
    userIds: ids("learner"),
    allLearners: checkbox,
    dueOn: optionalDate("the due date"),
  })
  .refine((input) => input.allLearners || input.userIds.length > 0, { path: ["userIds"], message: "Choose at least one learner" });
export const cohortTrainerSchema = z.object({ cohortId: idOf("cohort"), userId: idOf("trainer") });

// ---------------------------------------------------------------------------
// Learning
// ---------------------------------------------------------------------------
export const heartbeatSchema = z.object({ lessonId: idOf("lesson"), seconds: z.number().int().min(1).max(300) });

export const responseSchema = z.union([
  z.object({ option: z.string().max(8) }).strict(),
  z.object({ options: z.array(z.string().max(8)).max(26) }).strict(),
  z.object({ value: z.number().refine(Number.isFinite, "Enter a number") }).strict(),
  z.object({ text: z.string().max(20_000, "Use at most 20,000 characters").refine(hasNoNul, NUL) }).strict(),
], { error: "That answer is not in a form this question accepts" });
export type AnswerResponse = z.infer<typeof responseSchema>;

export const saveAnswerSchema = z.object({ attemptId: idOf("attempt"), questionId: idOf("question"), response: responseSchema });
export const attemptIdSchema = z.object({ attemptId: idOf("attempt") });

export const gradeAnswerSchema = z.object({
  answerId: idOf("answer"),
  points: decimal("the points", 0, 1000),
  feedback: optionalText(5000),
});

// ---------------------------------------------------------------------------
// Vision board
// ---------------------------------------------------------------------------
export const GOAL_STATUSES = ["active", "achieved", "abandoned"] as const;
export const OBSTACLE_STATUSES = ["open", "in_progress", "resolved"] as const;

export const goalSchema = z.object({
  title: text("the goal", 200),
  description: optionalText(5000),
  targetDate: goalTargetDate,
  skillIds: ids("skill"),
});
export const goalProgressSchema = z.object({
  goalId: idOf("goal"),
  progress: integer("progress", 0, 100),
  status: z.preprocess(blankToUndefined, z.enum(GOAL_STATUSES, { error: "Choose a status" }).optional()),
});
export const obstacleSchema = z.object({ goalId: idOf("goal"), title: text("the obstacle", 200) });
export const updateObstacleSchema = z
  .object({
    obstacleId: idOf("obstacle"),
    status: z.enum(OBSTACLE_STATUSES, { error: "Choose a status" }),
    resolution: optionalText(5000),
  })
  .refine((input) => input.status !== "resolved" || input.resolution !== "", {
    path: ["resolution"],
    message: "Say how the obstacle was resolved",
  });

export const notificationIdSchema = z.object({ notificationId: idOf("notification") });
