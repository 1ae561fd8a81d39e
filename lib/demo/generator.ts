// The demo/benchmark data generator: given a seed, a size and the people of an
// organization, it returns plain rows (no database, no clock, no I/O) for
// content (skills, courses, sections, lessons, assessments with a question of
// every kind and their keys, activities with tasks), cohorts with trainers
// and enrollments, and `size.days` of learner activity up to `endAt`: lesson
// progress, attempts with answers scored by the app's own scoring code,
// task completions, vision boards, mastery, and the raw events those actions
// write (with the app's idempotency keys). Same input, same output, ids
// included: give every organization its own seed.
//
// The simulation, per learner, from a persona drawn once:
//   ability a ~ N(0.72, 0.14) clamped to [0.3, 0.97]: P(correct answer) =
//     clamp(a + 0.08 × (attempt − 1) − difficulty, 0.05, 0.97);
//   engagement e ~ U(0.15, 0.7): P(active on a day) = e × (0.35 on weekends)
//     × (0.15 after the drop-off day, for the ~20% who drop off);
//   an active day is one session at 07–21h UTC on one enrolled course: with
//   P 0.5 the next lesson (started, read for 0.7–1.6 × its minutes, completed
//   with P 0.85), else a review (content_viewed); maybe a task, a goal update
//   (about 30% of learners take a second cohort), and the course assessment
//   once every lesson is done (or with P 0.35 per session from 70% of them;
//   retaken ≥ 2 days after a failed attempt, up to its attempt limit).
import { nextMastery, scoreAttempt, type AnswerKey, type Bracket, type Response, type ScoringQuestion } from "@/lib/assessments/scoring";
import type { EventType } from "@/lib/events/types";
import { COURSE_TEMPLATES, DRAFT_COURSE, FREE_TEXT_RESPONSES, GOAL_TITLES, OBSTACLE_TITLES, SKILL_NAMES, TRAINER_FEEDBACK, type CourseTemplate, type QuestionTemplate } from "./catalog";
import { createRandom, deriveSeed, type Random } from "./prng";

export interface GeneratorSize {
  /** Published courses (templates are reused, numbered, beyond the catalog's four). */
  courses: number;
  draftCourses: number;
  cohorts: number;
  /** Days of history up to endAt. */
  days: number;
}
export const DEMO_SIZE: GeneratorSize = { courses: 4, draftCourses: 1, cohorts: 3, days: 90 };
export const SMALL_SIZE: GeneratorSize = { courses: 1, draftCourses: 0, cohorts: 1, days: 21 };

export interface GeneratorInput {
  seed: number;
  size: GeneratorSize;
  /** Who authored the content (created_by). */
  authorId: string;
  /** Members who teach the cohorts (at least one). */
  trainerIds: string[];
  learnerIds: string[];
  /** The end of the history: no generated time is later. */
  endAt: Date;
  /** The 0–5 brackets (score_brackets); defaults to the migration's. */
  brackets?: readonly Bracket[];
}

/** score_brackets as the learning migration inserts them. */
export const DEFAULT_BRACKETS: Bracket[] = [
  ["score_1", 0], ["score_1_5", 30], ["score_2", 40], ["score_2_5", 50], ["score_3", 60],
  ["score_3_5", 70], ["score_4", 80], ["score_4_5", 90], ["score_5", 97],
].map(([key, minScore]) => ({ key: key as string, minScore: minScore as number }));

export interface GeneratedEvent {
  userId: string;
  type: EventType;
  occurredAt: Date;
  idempotencyKey: string;
  courseId?: string;
  lessonId?: string;
  assessmentId?: string;
  taskId?: string;
  durationSeconds?: number;
  score?: number;
  context?: Record<string, unknown>;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

function generateContent(rng: Random, input: GeneratorInput) {
  const skills = SKILL_NAMES.map((name) => ({ id: rng.uuid(), name, description: `Demo skill: ${name.toLowerCase()}` }));
  const out = {
    skills,
    courses: [] as { id: string; title: string; description: string; status: "draft" | "published"; publishedAt: Date | null; createdBy: string; createdAt: Date }[],
    sections: [] as { id: string; courseId: string; title: string; position: number }[],
    lessons: [] as { id: string; courseId: string; sectionId: string; title: string; bodyMd: string; estimatedMinutes: number; position: number }[],
    courseSkills: [] as { courseId: string; skillId: string }[],
    lessonSkills: [] as { lessonId: string; skillId: string }[],
    assessments: [] as { id: string; courseId: string; lessonId: null; title: string; description: string; passMark: number; timeLimitMinutes: number; maxAttempts: number; createdBy: string }[],
    questions: [] as { id: string; assessmentId: string; kind: QuestionTemplate["kind"]; prompt: string; options: { id: string; label: string }[]; points: number; position: number; skillId: string }[],
    questionKeys: [] as { questionId: string; answer: AnswerKey }[],
    activities: [] as { id: string; courseId: string | null; skillId: string; title: string; description: string; createdBy: string }[],
    tasks: [] as { id: string; activityId: string; title: string; estimatedMinutes: number; points: number; position: number }[],
  };
  const authoredAt = new Date(input.endAt.getTime() - (input.size.days + 20) * DAY);
  const courseModels: CourseModel[] = [];

  for (let c = 0; c < input.size.courses; c++) {
    const template = COURSE_TEMPLATES[c % COURSE_TEMPLATES.length];
    const round = Math.floor(c / COURSE_TEMPLATES.length);
    const courseId = rng.uuid();
    const courseSkills = template.skills.map((index) => skills[index].id);
    out.courses.push({ id: courseId, title: round ? `${template.title} ${round + 1}` : template.title, description: template.description, status: "published", publishedAt: authoredAt, createdBy: input.authorId, createdAt: authoredAt });
    for (const skillId of courseSkills) out.courseSkills.push({ courseId, skillId });
    const lessonIds: { id: string; minutes: number }[] = [];
    template.sections.forEach((section, s) => {
      const sectionId = rng.uuid();
      out.sections.push({ id: sectionId, courseId, title: section.title, position: s });
      section.lessons.forEach((lesson, l) => {
        const lessonId = rng.uuid();
        out.lessons.push({ id: lessonId, courseId, sectionId, title: lesson.title, bodyMd: lessonBody(template, lesson), estimatedMinutes: lesson.minutes, position: l });
        out.lessonSkills.push({ lessonId, skillId: courseSkills[(s + l) % courseSkills.length] });
        lessonIds.push({ id: lessonId, minutes: lesson.minutes });
      });
    });
    const assessmentId = rng.uuid();
    const { assessment } = template;
    out.assessments.push({ id: assessmentId, courseId, lessonId: null, title: assessment.title, description: "Checks the whole course. Free-text answers are graded by your trainer.", passMark: assessment.passMark, timeLimitMinutes: assessment.timeLimitMinutes, maxAttempts: assessment.maxAttempts, createdBy: input.authorId });
    const scoring: (ScoringQuestion & { difficulty: number; optionIds: string[] })[] = [];
    assessment.questions.forEach((question, position) => {
      const questionId = rng.uuid();
      const optionIds = (question.options ?? []).map((_, i) => String.fromCharCode(97 + i));
      const key = answerKey(question, optionIds);
      out.questions.push({ id: questionId, assessmentId, kind: question.kind, prompt: question.prompt, options: (question.options ?? []).map((label, i) => ({ id: optionIds[i], label })), points: question.points, position, skillId: courseSkills[question.skill] });
      out.questionKeys.push({ questionId, answer: key });
      scoring.push({ id: questionId, kind: question.kind, points: question.points, skillId: courseSkills[question.skill], key, difficulty: rng.between(0, 0.25), optionIds });
    });
    const activityId = rng.uuid();
    out.activities.push({ id: activityId, courseId, skillId: courseSkills[0], title: template.practice.title, description: "Small steps to apply the course at work.", createdBy: input.authorId });
    const taskIds = template.practice.tasks.map((title, position) => {
      const id = rng.uuid();
      out.tasks.push({ id, activityId, title, estimatedMinutes: rng.int(5, 20), points: 10, position });
      return id;
    });
    courseModels.push({ id: courseId, lessons: lessonIds, assessment: { id: assessmentId, passMark: assessment.passMark, limit: assessment.timeLimitMinutes, maxAttempts: assessment.maxAttempts, questions: scoring }, taskIds, skillIds: courseSkills });
  }
  for (let d = 0; d < input.size.draftCourses; d++) {
    const courseId = rng.uuid();
    out.courses.push({ id: courseId, title: DRAFT_COURSE.title, description: DRAFT_COURSE.description, status: "draft", publishedAt: null, createdBy: input.authorId, createdAt: authoredAt });
    out.courseSkills.push({ courseId, skillId: skills[DRAFT_COURSE.skills[0]].id });
    const sectionId = rng.uuid();
    out.sections.push({ id: sectionId, courseId, title: "Value", position: 0 });
    out.lessons.push({ id: rng.uuid(), courseId, sectionId, title: "What customers pay for", bodyMd: "# What customers pay for\n\n_Draft — to be written._\n", estimatedMinutes: 10, position: 0 });
  }
  // Practice without a course, open to every member.
  const dailyId = rng.uuid();
  out.activities.push({ id: dailyId, courseId: null, skillId: skills[1].id, title: "Daily micro-practice", description: "Five minutes a day, any course.", createdBy: input.authorId });
  const dailyTaskIds = ["Summarise a meeting in three sentences", "Ask one open question today", "Write down one decision and its evidence"].map((title, position) => {
    const id = rng.uuid();
    out.tasks.push({ id, activityId: dailyId, title, estimatedMinutes: 5, points: 5, position });
    return id;
  });
  return { content: out, courseModels, dailyTaskIds };
}

interface CourseModel {
  id: string;
  lessons: { id: string; minutes: number }[];
  assessment: { id: string; passMark: number; limit: number; maxAttempts: number; questions: (ScoringQuestion & { difficulty: number; optionIds: string[] })[] };
  taskIds: string[];
  skillIds: string[];
}

function lessonBody(course: CourseTemplate, lesson: CourseTemplate["sections"][number]["lessons"][number]): string {
  return [
    `# ${lesson.title}`,
    "",
    `Part of **${course.title}**. About ${lesson.minutes} minutes.`,
    "",
    "## Key points",
    "",
    ...lesson.points.map((point) => `- ${point}`),
    "",
    "## Try it",
    "",
    `Pick one situation from this week and apply *${lesson.points[0].toLowerCase()}*. Note what changed.`,
    "",
  ].join("\n");
}

function answerKey(question: QuestionTemplate, optionIds: string[]): AnswerKey {
  switch (question.kind) {
    case "single_choice":
      return { option: optionIds[question.correct![0]] };
    case "multiple_choice":
      return { options: question.correct!.map((i) => optionIds[i]) };
    case "numeric":
      return { value: question.value!, tolerance: question.tolerance ?? 0 };
    case "free_text":
      return { rubric: question.rubric! };
  }
}

export function generateOrgData(input: GeneratorInput) {
  if (input.trainerIds.length === 0) throw new Error("generateOrgData needs at least one trainer");
  const brackets = input.brackets ?? DEFAULT_BRACKETS;
  const rng = createRandom(deriveSeed(input.seed, "content"));
  const { content, courseModels, dailyTaskIds } = generateContent(rng, input);
  const firstDay = Date.UTC(input.endAt.getUTCFullYear(), input.endAt.getUTCMonth(), input.endAt.getUTCDate()) - (input.size.days - 1) * DAY;

  if (courseModels.length === 0) throw new Error("generateOrgData needs at least one published course");
  const cohorts = Array.from({ length: input.size.cohorts }, (_, k) => {
    const share = input.size.cohorts > 1 ? 0.05 + (0.6 * k) / (input.size.cohorts - 1) : 0.05;
    const startsAt = firstDay + Math.floor(input.size.days * share) * DAY;
    return { id: rng.uuid(), courseId: courseModels[k % courseModels.length].id, name: `${isoDay(new Date(startsAt)).slice(0, 7)} cohort ${k + 1}`, startsOn: isoDay(new Date(startsAt)), endsOn: isoDay(new Date(startsAt + 84 * DAY)), createdBy: input.authorId, startsAt, model: courseModels[k % courseModels.length] };
  });
  const cohortTrainers = cohorts.flatMap((cohort, k) => {
    const ids = [input.trainerIds[k % input.trainerIds.length]];
    if (k === cohorts.length - 1 && input.trainerIds.length > 1 && cohorts.length > 1) ids.push(input.trainerIds[(k + 1) % input.trainerIds.length]);
    return [...new Set(ids)].map((userId) => ({ cohortId: cohort.id, userId }));
  });

  const activity = {
    enrollments: [] as { id: string; cohortId: string; courseId: string; userId: string; enrolledAt: Date; dueOn: string }[],
    lessonProgress: [] as { userId: string; lessonId: string; courseId: string; startedAt: Date; completedAt: Date | null }[],
    attempts: [] as { id: string; assessmentId: string; userId: string; attemptNumber: number; startedAt: Date; deadlineAt: Date; submittedAt: Date; status: "submitted" | "graded"; score: number | null; bracketKey: string | null; passed: boolean | null }[],
    answers: [] as { id: string; attemptId: string; questionId: string; userId: string; response: Response; isCorrect: boolean | null; pointsAwarded: number | null; feedback: string | null; gradedBy: string | null; gradedAt: Date | null; updatedAt: Date }[],
    userSkills: [] as { userId: string; skillId: string; mastery: number; lastAssessedAt: Date }[],
    taskCompletions: [] as { taskId: string; userId: string; completedAt: Date }[],
    visionBoards: [] as { id: string; userId: string; title: string; createdAt: Date }[],
    goals: [] as { id: string; visionBoardId: string; userId: string; title: string; description: string; targetDate: string; progress: number; status: "active" | "achieved"; createdAt: Date }[],
    goalSkills: [] as { goalId: string; skillId: string; userId: string }[],
    obstacles: [] as { id: string; goalId: string; userId: string; title: string; status: "open" | "in_progress" | "resolved"; resolution: string | null; resolvedAt: Date | null; createdAt: Date }[],
    events: [] as GeneratedEvent[],
  };

  const masteryAt = new Map<string, Date>();
  input.learnerIds.forEach((userId, i) => simulateLearner(createRandom(deriveSeed(input.seed, "learner", i)), i, userId));

  function simulateLearner(r: Random, index: number, userId: string) {
    const ability = clamp(r.normal(0.72, 0.14), 0.3, 0.97);
    const engagement = r.between(0.15, 0.7);
    const dropDay = r.chance(0.2) ? r.int(Math.floor(input.size.days * 0.4), input.size.days - 5) : null;
    const mine = [cohorts[index % cohorts.length]];
    const other = cohorts.find((cohort) => cohort !== mine[0] && cohort.courseId !== mine[0].courseId);
    if (other && r.chance(0.3)) mine.push(other);

    const state = new Map<string, { enrolledAt: number; started: Map<string, number>; done: Set<string>; attempts: number; passed: boolean; lastAttemptDay: number; tasks: Set<string> }>();
    for (const cohort of mine) {
      const enrolledAt = cohort.startsAt + r.int(0, 2) * DAY + 9 * 3_600_000;
      activity.enrollments.push({ id: r.uuid(), cohortId: cohort.id, courseId: cohort.courseId, userId, enrolledAt: new Date(enrolledAt), dueOn: cohort.endsOn });
      state.set(cohort.id, { enrolledAt, started: new Map(), done: new Set(), attempts: 0, passed: false, lastAttemptDay: -99, tasks: new Set() });
    }
    const finished = (cohort: (typeof cohorts)[number]) => {
      const s = state.get(cohort.id)!;
      return s.passed && s.done.size === cohort.model.lessons.length;
    };
    const mastery = new Map<string, number>();
    const dailyDone = new Set<string>();
    const goals = planGoals(r, userId, state.get(mine[0].id)!.enrolledAt + 3_600_000, mine.flatMap((cohort) => cohort.model.skillIds));

    for (let day = 0; day < input.size.days; day++) {
      const dayStart = firstDay + day * DAY;
      const weekend = [0, 6].includes(new Date(dayStart).getUTCDay());
      const p = engagement * (weekend ? 0.35 : 1) * (dropDay !== null && day > dropDay ? 0.15 : 1);
      const enrolled = mine.filter((cohort) => state.get(cohort.id)!.enrolledAt <= dayStart);
      const open = enrolled.filter((cohort) => !finished(cohort));
      // Once every course is done, a learner still comes back now and then to review.
      if (enrolled.length === 0 || !r.chance(open.length ? p : p * 0.25)) continue;
      let t = dayStart + r.int(7, 20) * 3_600_000 + r.int(0, 59) * MINUTE;
      if (t > input.endAt.getTime() - 2 * 3_600_000) continue; // the session would end after endAt
      const cohort = r.pick(open.length ? open : enrolled);
      const s = state.get(cohort.id)!;
      const model = cohort.model;
      const event = (type: EventType, at: number, fields: Partial<GeneratedEvent> = {}, key = `seed:${r.uuid()}`) =>
        activity.events.push({ userId, type, occurredAt: new Date(at), idempotencyKey: key, ...fields });

      const next = r.chance(0.5) ? model.lessons.find((lesson) => !s.done.has(lesson.id)) : undefined;
      if (next) {
        if (!s.started.has(next.id)) {
          s.started.set(next.id, t);
          event("lesson_started", t, { courseId: model.id, lessonId: next.id }, `lesson_started:${userId}:${next.id}`);
        }
        const reading = Math.round(next.minutes * 60 * r.between(0.7, 1.6));
        const beats = r.int(1, 4);
        for (let b = 1; b <= beats; b++) event("session_heartbeat", t + (reading * 1000 * b) / beats, { courseId: model.id, lessonId: next.id, durationSeconds: Math.round(reading / beats) });
        t += reading * 1000;
        if (r.chance(0.85)) {
          s.done.add(next.id);
          activity.lessonProgress.push({ userId, lessonId: next.id, courseId: model.id, startedAt: new Date(s.started.get(next.id)!), completedAt: new Date(t) });
          event("lesson_completed", t, { courseId: model.id, lessonId: next.id, durationSeconds: Math.min(Math.round((t - s.started.get(next.id)!) / 1000), 86_400) }, `lesson_completed:${userId}:${next.id}`);
        }
      } else if (s.started.size > 0) {
        const review = r.pick(model.lessons.filter((lesson) => s.started.has(lesson.id)));
        event("content_viewed", t, { courseId: model.id, lessonId: review.id, durationSeconds: r.int(60, 400) });
      }
      const readyForAssessment = s.done.size === model.lessons.length || (s.done.size >= Math.ceil(model.lessons.length * 0.7) && r.chance(0.35));
      if (readyForAssessment && !s.passed && s.attempts < model.assessment.maxAttempts && day - s.lastAttemptDay >= 2) {
        t += r.int(2, 15) * MINUTE;
        s.attempts += 1;
        s.lastAttemptDay = day;
        const passed = takeAttempt(r, userId, cohort, s.attempts, t, ability, mastery, event);
        s.passed = passed !== false; // a pending (ungraded) attempt also ends the course for the simulation
        t += model.assessment.limit * MINUTE;
      }
      if (r.chance(0.35)) {
        const pool = [...model.taskIds.filter((id) => !s.tasks.has(id)), ...dailyTaskIds.filter((id) => !dailyDone.has(id))];
        if (pool.length) {
          const taskId = r.pick(pool);
          (model.taskIds.includes(taskId) ? s.tasks : dailyDone).add(taskId);
          t += r.int(5, 20) * MINUTE;
          activity.taskCompletions.push({ taskId, userId, completedAt: new Date(t) });
          event("task_completed", t, { taskId, ...(model.taskIds.includes(taskId) ? { courseId: model.id } : {}) }, `task_completed:${userId}:${taskId}`);
        }
      }
      if (goals.length && r.chance(0.12)) {
        const goal = r.pick(goals.filter((g) => g.progress < 100).concat(goals[0]));
        goal.progress = Math.min(100, goal.progress + r.int(5, 20));
        goal.status = goal.progress === 100 ? "achieved" : "active";
        event("goal_progressed", t + MINUTE, { context: { goalId: goal.id, progress: goal.progress } });
      }
    }
    for (const [skillId, value] of mastery) activity.userSkills.push({ userId, skillId, mastery: value, lastAssessedAt: masteryAt.get(`${userId}:${skillId}`)! });
    // Lessons opened and not finished keep their progress row, unfinished.
    for (const s of state.values()) {
      for (const [lessonId, startedAt] of s.started) {
        if (!s.done.has(lessonId)) activity.lessonProgress.push({ userId, lessonId, courseId: courseModels.find((m) => m.lessons.some((l) => l.id === lessonId))!.id, startedAt: new Date(startedAt), completedAt: null });
      }
    }
  }

  /** One submitted attempt; returns whether it passed (null: waiting for a trainer's grade). */
  function takeAttempt(r: Random, userId: string, cohort: (typeof cohorts)[number], attemptNumber: number, at: number, ability: number, mastery: Map<string, number>, event: (type: EventType, at: number, fields?: Partial<GeneratedEvent>, key?: string) => void): boolean | null {
    const { assessment } = cohort.model;
    const attemptId = r.uuid();
    const submittedAt = at + r.int(4, Math.max(5, assessment.limit - 2)) * MINUTE;
    // Free text is graded by a trainer within ten days; the most recent attempts still wait.
    const gradedAt = submittedAt + r.between(0.5, 10) * DAY;
    const graded = gradedAt <= input.endAt.getTime();
    const grader = cohortTrainers.find((row) => row.cohortId === cohort.id)!.userId;
    const responses = new Map<string, Response>();
    const grades = new Map<string, number>();
    for (const question of assessment.questions) {
      const correct = r.chance(clamp(ability + 0.08 * (attemptNumber - 1) - question.difficulty, 0.05, 0.97));
      responses.set(question.id, learnerResponse(r, question, correct, ability));
      if (question.kind === "free_text" && graded) grades.set(question.id, Math.round(question.points * clamp(ability + r.normal(0, 0.15), 0, 1)));
    }
    const result = scoreAttempt({ questions: assessment.questions, responses, grades, passMark: assessment.passMark, brackets });
    activity.attempts.push({ id: attemptId, assessmentId: assessment.id, userId, attemptNumber, startedAt: new Date(at), deadlineAt: new Date(at + assessment.limit * MINUTE), submittedAt: new Date(submittedAt), status: result.status, score: result.score, bracketKey: result.bracketKey, passed: result.passed });
    for (const scored of result.answers) {
      const question = assessment.questions.find((q) => q.id === scored.questionId)!;
      const isGradedText = question.kind === "free_text" && grades.has(question.id);
      activity.answers.push({ id: r.uuid(), attemptId, questionId: question.id, userId, response: responses.get(question.id)!, isCorrect: scored.isCorrect, pointsAwarded: scored.pointsAwarded, feedback: isGradedText ? r.pick(TRAINER_FEEDBACK) : null, gradedBy: isGradedText ? grader : null, gradedAt: isGradedText ? new Date(gradedAt) : null, updatedAt: new Date(isGradedText ? gradedAt : submittedAt) });
    }
    const courseId = cohort.courseId;
    event("assessment_started", at, { courseId, assessmentId: assessment.id }, `assessment_started:${attemptId}`);
    event("assessment_submitted", submittedAt, { courseId, assessmentId: assessment.id, ...(result.score === null ? {} : { score: result.score }), durationSeconds: Math.round((submittedAt - at) / 1000), context: { attemptId, status: result.status, passed: result.passed } }, `assessment_submitted:${attemptId}`);
    if (result.status === "graded") {
      for (const [skillId, skillScore] of result.skillScores) {
        mastery.set(skillId, nextMastery(mastery.get(skillId) ?? null, skillScore));
        masteryAt.set(`${userId}:${skillId}`, new Date(graded ? gradedAt : submittedAt));
      }
    }
    return result.passed;
  }

  function planGoals(r: Random, userId: string, from: number, skillIds: string[]) {
    const boardId = r.uuid();
    const createdAt = new Date(from);
    activity.visionBoards.push({ id: boardId, userId, title: "My vision", createdAt });
    return r.sample(GOAL_TITLES, r.int(1, 3)).map((title) => {
      const goal = { id: r.uuid(), visionBoardId: boardId, userId, title, description: "", targetDate: isoDay(new Date(input.endAt.getTime() + r.int(30, 120) * DAY)), progress: r.int(0, 15), status: "active" as "active" | "achieved", createdAt };
      activity.goals.push(goal);
      for (const skillId of r.sample([...new Set(skillIds)], r.int(1, 2))) activity.goalSkills.push({ goalId: goal.id, skillId, userId });
      for (const obstacle of r.sample(OBSTACLE_TITLES, r.int(0, 2))) {
        const status = r.pick(["open", "in_progress", "resolved"] as const);
        activity.obstacles.push({ id: r.uuid(), goalId: goal.id, userId, title: obstacle, status, resolution: status === "resolved" ? "Blocked an hour every Friday for it." : null, resolvedAt: status === "resolved" ? new Date(createdAt.getTime() + r.int(3, 20) * DAY) : null, createdAt });
      }
      return goal;
    });
  }

  // Obstacles resolved "in the future" of a short history are still open.
  for (const obstacle of activity.obstacles) {
    if (obstacle.resolvedAt && obstacle.resolvedAt > input.endAt) Object.assign(obstacle, { status: "in_progress", resolution: null, resolvedAt: null });
  }
  activity.events.sort((x, y) => x.occurredAt.getTime() - y.occurredAt.getTime());

  return {
    ...content,
    cohorts: cohorts.map(({ id, courseId, name, startsOn, endsOn, createdBy }) => ({ id, courseId, name, startsOn, endsOn, createdBy })),
    cohortTrainers,
    ...activity,
  };
}

export type OrgData = ReturnType<typeof generateOrgData>;

function learnerResponse(r: Random, question: ScoringQuestion & { optionIds: string[] }, correct: boolean, ability: number): Response {
  const key = question.key;
  switch (question.kind) {
    case "single_choice": {
      const right = (key as { option: string }).option;
      return { option: correct ? right : r.pick(question.optionIds.filter((id) => id !== right)) };
    }
    case "multiple_choice": {
      const right = (key as { options: string[] }).options;
      if (correct) return { options: [...right] };
      const wrong = question.optionIds.filter((id) => !right.includes(id));
      return { options: r.chance(0.5) ? right.slice(0, -1) : [...right, r.pick(wrong)] };
    }
    case "numeric": {
      const { value, tolerance = 0 } = key as { value: number; tolerance?: number };
      if (correct) return { value };
      const off = Math.max(1, Math.abs(value) * r.between(0.1, 0.5)) + tolerance;
      return { value: Math.round((value + (r.chance(0.5) ? off : -off)) * 100) / 100 };
    }
    case "free_text":
      return { text: ability < 0.45 && r.chance(0.5) ? FREE_TEXT_RESPONSES[FREE_TEXT_RESPONSES.length - 1] : r.pick(FREE_TEXT_RESPONSES.slice(0, -1)) };
  }
}
