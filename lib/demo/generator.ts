// The demo/benchmark data generator: given a seed, a size and the people of an
// organization, it returns plain rows (no database, no clock, no I/O) for
// content (skills, courses, sections, lessons, assessments with a question of
// every kind and their keys, activities with tasks), cohorts with trainers
// and enrollments, and `size.days` of learner activity up to `endAt`: lesson
// progress, attempts with answers scored by the app's own scoring code,
// task completions, vision boards with goals (and the skills they need),
// mastery, and the raw events those actions write (with the app's
// idempotency keys). Same input, same output, ids included: give every
// organization its own seed.
//
// The simulation, per learner:
//   persona, by construction (personaOf): the learner's slot in its primary
//     cohort (index ÷ cohorts, mod 10) makes it high-potential (slot 0), at
//     risk (1), a daily streaker (2), declining (3) or regular (4–9), so every
//     cohort of ≥ 4 learners has one of each special kind;
//   ability θ on a logit scale, drawn per persona (high-potential ≈ 1.6,
//     regular ≈ 0.3, at risk ≈ −0.3), drifting over the history (declining
//     −3.0, at risk −1.2, others +0.3) and +0.3 per retake. Each question has
//     a difficulty b (stratified over [−1.6, 1.6] within its assessment, so
//     every assessment has easy and hard ones) and a discrimination a in
//     [0.6, 2.2]: P(correct) = 0.05 + 0.92 / (1 + e^(−a(θ − b))) — the
//     two-parameter logistic model of item response theory with a guessing
//     floor — so item difficulty and discrimination can be recovered;
//   engagement: P(active on a weekday) per persona (high-potential 0.9–0.98,
//     regular 0.2–0.7, …), weekends × 0.35 (× 0.85 high-potential); ~20% of
//     regular learners drop to 15% of it after a drop-off day; at-risk
//     learners stop 15–28 days before endAt and never finish more than half
//     of a course (cohorts that ended leave them with missed due dates);
//     declining learners fade to a third; streakers are active every day of
//     their last 45–120 days;
//   an active day is one session (sometimes two) at 07–21h UTC on one
//   enrolled course: the next lesson(s) (high-potential up to two per
//   session) or a review (content_viewed), session_heartbeat events (a dense
//   stream: every 30 s of any activity; else 1–4 per lesson read), maybe a
//   task, a goal update, and the course assessment once every lesson is done
//   (or with P 0.35 per session from 70% of them; retaken once graded and
//   failed, up to its attempt limit). Free text waits 0.5–10 days for the
//   trainer: assessment_submitted has no score then, assessment_graded does;
//   learners join 0–2 more cohorts of other courses besides their own.
import { nextMastery, scoreAttempt, type Bracket, type Response } from "@/lib/assessments/scoring";
import type { EventType } from "@/lib/events/types";
import { FREE_TEXT_RESPONSES, GOAL_TITLES, OBSTACLE_TITLES, TRAINER_FEEDBACK } from "./catalog";
import { generateContent, type CourseModel, type ScoredQuestion } from "./content";
import { drawTraits, personaOf, type Persona } from "./personas";
import { createRandom, deriveSeed, type Random } from "./prng";

export interface GeneratorSize {
  /** Published courses (templates are reused, numbered, beyond the catalog's four). */
  courses: number;
  draftCourses: number;
  cohorts: number;
  /** Days of history up to endAt. */
  days: number;
  /**
   * A dense event stream, as a real player sends it (the demo): a
   * session_heartbeat every HEARTBEAT_SECONDS of reading, reviewing or
   * answering, more reviews, a second session on some days, high-potential
   * learners who keep coming back once done (≈ 770 events per learner over
   * 200 days). Without it, the lighter stream the benchmark's data sets are
   * sized for: 1–4 heartbeats per lesson read, one session a day.
   */
  dense?: boolean;
}
/** Acme: 8 cohorts of 4 courses over 200 days, a dense stream (≥ 100k events for 150 learners). */
export const DEMO_SIZE: GeneratorSize = { courses: 4, draftCourses: 1, cohorts: 8, days: 200, dense: true };
/** Seconds between session_heartbeat events of a dense stream (a player pinging every 30 s). */
export const HEARTBEAT_SECONDS = 30;
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

export { personaOf, type Persona } from "./personas";

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

export function generateOrgData(input: GeneratorInput) {
  if (input.trainerIds.length === 0) throw new Error("generateOrgData needs at least one trainer");
  const brackets = input.brackets ?? DEFAULT_BRACKETS;
  const { days } = input.size;
  const dense = input.size.dense === true;
  const rng = createRandom(deriveSeed(input.seed, "content"));
  const { content, courseModels, dailyTaskIds } = generateContent(rng, input);
  const firstDay = Date.UTC(input.endAt.getUTCFullYear(), input.endAt.getUTCMonth(), input.endAt.getUTCDate()) - (days - 1) * DAY;
  const endAt = input.endAt.getTime();

  if (courseModels.length === 0) throw new Error("generateOrgData needs at least one published course");
  const cohorts = Array.from({ length: input.size.cohorts }, (_, k) => {
    const share = input.size.cohorts > 1 ? 0.05 + (0.7 * k) / (input.size.cohorts - 1) : 0.05; // starts spread over 5–75% of the history: cohorts that ended, one ending, some running
    const startsAt = firstDay + Math.floor(days * share) * DAY;
    return { id: rng.uuid(), courseId: courseModels[k % courseModels.length].id, name: `${isoDay(new Date(startsAt)).slice(0, 7)} cohort ${k + 1}`, startsOn: isoDay(new Date(startsAt)), endsOn: isoDay(new Date(startsAt + 84 * DAY)), createdBy: input.authorId, startsAt, model: courseModels[k % courseModels.length] };
  });
  type Cohort = (typeof cohorts)[number];
  // Trainers take cohorts in turn (each teaches several when there are more cohorts than trainers); the last cohort is co-taught.
  const cohortTrainers = cohorts.flatMap((cohort, k) => {
    const ids = [input.trainerIds[k % input.trainerIds.length]];
    if (k === cohorts.length - 1 && input.trainerIds.length > 1 && cohorts.length > 1) ids.push(input.trainerIds[(k + 1) % input.trainerIds.length]);
    return [...new Set(ids)].map((userId) => ({ cohortId: cohort.id, userId }));
  });

  const activity = {
    learners: [] as { userId: string; persona: Persona; cohortId: string }[],
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
    /** What the app tells a learner when a trainer's grade arrives (db/queries/attempts.ts gradeAnswer); read within days, unless recent. */
    notifications: [] as { id: string; userId: string; type: string; title: string; body: string; readAt: Date | null; createdAt: Date }[],
    events: [] as GeneratedEvent[],
  };

  const masteryAt = new Map<string, Date>();
  const lessonCourse = new Map(courseModels.flatMap((model) => model.lessons.map((lesson) => [lesson.id, model.id] as const)));
  input.learnerIds.forEach((userId, i) => simulateLearner(createRandom(deriveSeed(input.seed, "learner", i)), i, userId));

  /** The learner's cohorts: its own, then `extra` more of other courses (later ones first). */
  function cohortsOf(r: Random, index: number, extra: number): Cohort[] {
    const mine = [cohorts[index % cohorts.length]];
    const others = cohorts.filter((cohort) => cohort.courseId !== mine[0].courseId);
    const later = r.sample(others.filter((cohort) => cohort.startsAt > mine[0].startsAt), others.length);
    const earlier = r.sample(others.filter((cohort) => cohort.startsAt <= mine[0].startsAt), others.length);
    for (const cohort of [...later, ...earlier]) {
      if (mine.length > extra) break;
      if (!mine.some((taken) => taken.courseId === cohort.courseId)) mine.push(cohort);
    }
    return mine;
  }

  function simulateLearner(r: Random, index: number, userId: string) {
    const persona = personaOf(index, cohorts.length);
    const traits = drawTraits(r, persona, days);
    const mine = cohortsOf(r, index, traits.extraCohorts);
    activity.learners.push({ userId, persona, cohortId: mine[0].id });
    /** Ability on day `day` (logit scale): the persona's level and drift. */
    const abilityOn = (day: number) => traits.ability + traits.drift * (day / days);
    /** Lessons of a course this learner ever completes: at-risk learners stall at half. */
    const lessonCap = (model: CourseModel) => (persona === "at_risk" ? Math.floor(model.lessons.length / 2) : model.lessons.length);

    const state = new Map<string, { enrolledAt: number; started: Map<string, number>; done: Set<string>; attempts: number; passed: boolean; retakeFrom: number; tasks: Set<string> }>();
    for (const cohort of mine) {
      const enrolledAt = cohort.startsAt + r.int(0, 2) * DAY + 9 * 3_600_000;
      activity.enrollments.push({ id: r.uuid(), cohortId: cohort.id, courseId: cohort.courseId, userId, enrolledAt: new Date(enrolledAt), dueOn: cohort.endsOn });
      state.set(cohort.id, { enrolledAt, started: new Map(), done: new Set(), attempts: 0, passed: false, retakeFrom: 0, tasks: new Set() });
    }
    const finished = (cohort: Cohort) => {
      const s = state.get(cohort.id)!;
      return s.passed || (s.done.size >= lessonCap(cohort.model) && s.attempts >= cohort.model.assessment.maxAttempts);
    };
    const mastery = new Map<string, number>();
    const dailyDone = new Set<string>();
    const goals = planGoals(r, userId, state.get(mine[0].id)!.enrolledAt + 3_600_000, mine.flatMap((cohort) => cohort.model.skillIds));
    const event = (type: EventType, at: number, fields: Partial<GeneratedEvent> = {}, key = `seed:${r.uuid()}`) =>
      activity.events.push({ userId, type, occurredAt: new Date(at), idempotencyKey: key, ...fields });
    /** Heartbeats over `seconds` of activity from `from`, on the given course (and lesson); a light stream has them only while reading lessons. */
    const heartbeats = (from: number, seconds: number, fields: Partial<GeneratedEvent>, reading = false) => {
      if (!dense && !reading) return;
      const beats = dense ? Math.max(1, Math.round(seconds / HEARTBEAT_SECONDS)) : r.int(1, 4);
      for (let b = 1; b <= beats; b++) event("session_heartbeat", from + (seconds * 1000 * b) / beats, { ...fields, durationSeconds: Math.round(seconds / beats) });
    };

    for (let day = 0; day <= traits.lastDay; day++) {
      const dayStart = firstDay + day * DAY;
      const weekend = [0, 6].includes(new Date(dayStart).getUTCDay());
      const enrolled = mine.filter((cohort) => state.get(cohort.id)!.enrolledAt <= dayStart);
      if (enrolled.length === 0) continue;
      const open = enrolled.filter((cohort) => !finished(cohort));
      const streaking = traits.streakFrom !== null && day >= traits.streakFrom;
      let p = traits.engagement * (weekend ? traits.weekend : 1);
      if (traits.dropDay !== null && day > traits.dropDay) p *= 0.15;
      if (persona === "declining") p *= 1 - (2 / 3) * (day / days);
      // Once every course is done, a learner still comes back now and then to review (high-potential learners often).
      if (!open.length) p *= persona === "high_potential" && dense ? 0.8 : 0.25;
      // At-risk learners' last active day is theirs by construction: nothing after it.
      const mustCome = streaking || (persona === "at_risk" && day === traits.lastDay);
      if (!mustCome && !r.chance(p)) continue;
      const sessions = dense && r.chance(streaking || persona === "high_potential" ? 0.35 : 0.15) ? 2 : 1;
      // The day's sessions end before endAt: each lasts at most ~2 h, with up to 2 h between them.
      const latest = Math.min(dayStart + 21 * 3_600_000, endAt - (sessions === 2 ? 7 : 3) * 3_600_000);
      if (latest < dayStart) continue;
      let t = Math.min(dayStart + r.int(7, 20) * 3_600_000 + r.int(0, 59) * MINUTE, latest - r.int(0, 30) * MINUTE);
      if (t < dayStart) t = dayStart;
      for (let k = 0; k < sessions; k++) {
        t = session(r, day, t, open.length ? open : enrolled) + r.int(30, 120) * MINUTE;
      }
    }

    /** One session from `t` on one of `choices`; returns when it ended. */
    function session(r: Random, day: number, t: number, choices: Cohort[]): number {
      const cohort = r.pick(choices);
      const s = state.get(cohort.id)!;
      const model = cohort.model;
      let learned = 0;
      while (learned < traits.lessonsPerSession && r.chance(learned === 0 ? traits.learnShare : 0.5)) {
        const next = s.done.size < lessonCap(model) ? model.lessons.find((lesson) => !s.done.has(lesson.id)) : undefined;
        if (!next) break;
        learned += 1;
        if (!s.started.has(next.id)) {
          s.started.set(next.id, t);
          event("lesson_started", t, { courseId: model.id, lessonId: next.id }, `lesson_started:${userId}:${next.id}`);
        }
        const reading = Math.round(next.minutes * 60 * r.between(0.7, 1.6));
        heartbeats(t, reading, { courseId: model.id, lessonId: next.id }, true);
        t += reading * 1000;
        if (!r.chance(persona === "at_risk" ? 0.6 : 0.85)) break;
        s.done.add(next.id);
        activity.lessonProgress.push({ userId, lessonId: next.id, courseId: model.id, startedAt: new Date(s.started.get(next.id)!), completedAt: new Date(t) });
        event("lesson_completed", t, { courseId: model.id, lessonId: next.id, durationSeconds: Math.min(Math.round((t - s.started.get(next.id)!) / 1000), 86_400) }, `lesson_completed:${userId}:${next.id}`);
        t += r.int(1, 5) * MINUTE;
      }
      if ((learned === 0 || (dense && r.chance(0.3))) && s.started.size > 0) {
        const review = r.pick(model.lessons.filter((lesson) => s.started.has(lesson.id)));
        const seconds = r.int(60, 400);
        event("content_viewed", t, { courseId: model.id, lessonId: review.id, durationSeconds: seconds });
        heartbeats(t, seconds, { courseId: model.id, lessonId: review.id });
        t += seconds * 1000;
      }
      const all = model.lessons.length;
      const readyForAssessment = s.done.size === all || (s.done.size >= Math.ceil(all * 0.7) && r.chance(0.35)) || (s.done.size === lessonCap(model) && s.done.size > 0 && r.chance(0.2));
      // (An at-risk learner attempts nothing in its last 10 active days, so no grade arrives after it went quiet.)
      const quiet = persona === "at_risk" && day > traits.lastDay - 10;
      if (readyForAssessment && !quiet && !s.passed && s.attempts < model.assessment.maxAttempts && t >= s.retakeFrom) {
        t += r.int(2, 15) * MINUTE;
        s.attempts += 1;
        const outcome = takeAttempt(r, userId, cohort, s.attempts, t, abilityOn(day), mastery, event, heartbeats);
        // Waiting for a grade that has not come by endAt ends the course for the simulation; a fail is retaken once graded.
        s.passed = outcome.passed !== false;
        s.retakeFrom = outcome.gradedAt + DAY;
        t = outcome.submittedAt;
      }
      if (r.chance(traits.taskRate)) {
        const pool = [...model.taskIds.filter((id) => !s.tasks.has(id)), ...dailyTaskIds.filter((id) => !dailyDone.has(id))];
        if (pool.length) {
          const taskId = r.pick(pool);
          (model.taskIds.includes(taskId) ? s.tasks : dailyDone).add(taskId);
          const minutes = r.int(5, 20);
          t += minutes * MINUTE;
          activity.taskCompletions.push({ taskId, userId, completedAt: new Date(t) });
          event("task_completed", t, { taskId, durationSeconds: minutes * 60, ...(model.taskIds.includes(taskId) ? { courseId: model.id } : {}) }, `task_completed:${userId}:${taskId}`);
        }
      }
      if (goals.length && r.chance(traits.goalRate)) {
        const goal = r.pick(goals.filter((g) => g.progress < 100).concat(goals[0]));
        goal.progress = Math.min(100, goal.progress + r.int(5, 20));
        goal.status = goal.progress === 100 ? "achieved" : "active";
        t += MINUTE;
        event("goal_progressed", t, { context: { goalId: goal.id, progress: goal.progress } });
      }
      return t;
    }

    for (const [skillId, value] of mastery) activity.userSkills.push({ userId, skillId, mastery: value, lastAssessedAt: masteryAt.get(`${userId}:${skillId}`)! });
    // Lessons opened and not finished keep their progress row, unfinished.
    for (const s of state.values()) {
      for (const [lessonId, startedAt] of s.started) {
        if (!s.done.has(lessonId)) activity.lessonProgress.push({ userId, lessonId, courseId: lessonCourse.get(lessonId)!, startedAt: new Date(startedAt), completedAt: null });
      }
    }
  }

  /**
   * One submitted attempt, as the app records it: assessment_submitted when
   * submitted (pending free text: no score yet), the trainer's grades within
   * 0.5–10 days, then the final score and assessment_graded — unless the
   * grade would come after endAt (the attempt still waits). Returns whether
   * it passed (null: still waiting), when it was submitted and graded.
   */
  function takeAttempt(r: Random, userId: string, cohort: Cohort, attemptNumber: number, at: number, ability: number, mastery: Map<string, number>, event: (type: EventType, at: number, fields?: Partial<GeneratedEvent>, key?: string) => void, heartbeats: (from: number, seconds: number, fields: Partial<GeneratedEvent>) => void) {
    const { assessment } = cohort.model;
    const attemptId = r.uuid();
    const submittedAt = at + r.int(4, Math.max(5, assessment.limit - 2)) * MINUTE;
    const gradedAt = submittedAt + r.between(0.5, 10) * DAY;
    const graded = gradedAt <= endAt;
    const grader = cohortTrainers.find((row) => row.cohortId === cohort.id)!.userId;
    const theta = ability + 0.3 * (attemptNumber - 1);
    const responses = new Map<string, Response>();
    const grades = new Map<string, number>();
    for (const question of assessment.questions) {
      const correct = r.chance(0.05 + 0.92 * logistic(question.discrimination * (theta - question.difficulty)));
      responses.set(question.id, learnerResponse(r, question, correct, logistic(theta)));
      if (question.kind === "free_text" && graded) grades.set(question.id, Math.round(question.points * clamp(logistic(theta - 0.3) + r.normal(0, 0.15), 0, 1)));
    }
    const atSubmission = scoreAttempt({ questions: assessment.questions, responses, grades: new Map(), passMark: assessment.passMark, brackets });
    const result = scoreAttempt({ questions: assessment.questions, responses, grades, passMark: assessment.passMark, brackets });
    activity.attempts.push({ id: attemptId, assessmentId: assessment.id, userId, attemptNumber, startedAt: new Date(at), deadlineAt: new Date(at + assessment.limit * MINUTE), submittedAt: new Date(submittedAt), status: result.status, score: result.score, bracketKey: result.bracketKey, passed: result.passed });
    for (const scored of result.answers) {
      const question = assessment.questions.find((q) => q.id === scored.questionId)!;
      const isGradedText = question.kind === "free_text" && grades.has(question.id);
      activity.answers.push({ id: r.uuid(), attemptId, questionId: question.id, userId, response: responses.get(question.id)!, isCorrect: scored.isCorrect, pointsAwarded: scored.pointsAwarded, feedback: isGradedText ? r.pick(TRAINER_FEEDBACK) : null, gradedBy: isGradedText ? grader : null, gradedAt: isGradedText ? new Date(gradedAt) : null, updatedAt: new Date(isGradedText ? gradedAt : submittedAt) });
    }
    const courseId = cohort.courseId;
    event("assessment_started", at, { courseId, assessmentId: assessment.id }, `assessment_started:${attemptId}`);
    heartbeats(at, Math.round((submittedAt - at) / 1000), { courseId });
    event("assessment_submitted", submittedAt, { courseId, assessmentId: assessment.id, ...(atSubmission.score === null ? {} : { score: atSubmission.score }), durationSeconds: Math.round((submittedAt - at) / 1000), context: { attemptId, status: atSubmission.status, passed: atSubmission.passed } }, `assessment_submitted:${attemptId}`);
    if (atSubmission.status !== "graded" && result.status === "graded") {
      event("assessment_graded", gradedAt, { courseId, assessmentId: assessment.id, score: result.score! }, `assessment_graded:${attemptId}`);
      const title = content.assessments.find((a) => a.id === assessment.id)!.title;
      const readAt = gradedAt + r.between(0.05, 4) * DAY;
      for (const [questionId, points] of grades) {
        const max = assessment.questions.find((q) => q.id === questionId)!.points;
        activity.notifications.push({
          id: r.uuid(),
          userId,
          type: "learning.answer_graded",
          title: `Your answer in "${title}" was graded`.slice(0, 200),
          body: `${points} of ${max} points. Your final score is ${result.score} (${result.passed ? "passed" : "not passed"}).`,
          readAt: readAt <= endAt ? new Date(readAt) : null,
          createdAt: new Date(gradedAt),
        });
      }
    }
    if (result.status === "graded") {
      for (const [skillId, skillScore] of result.skillScores) {
        mastery.set(skillId, nextMastery(mastery.get(skillId) ?? null, skillScore));
        masteryAt.set(`${userId}:${skillId}`, new Date(atSubmission.status === "graded" ? submittedAt : gradedAt));
      }
    }
    return { passed: result.passed, submittedAt, gradedAt: result.status === "graded" ? (atSubmission.status === "graded" ? submittedAt : gradedAt) : submittedAt };
  }

  /** A vision board with 1–3 goals, each needing 1–2 skills of the learner's courses and, half the time, one beyond them (a gap no course closes yet). */
  function planGoals(r: Random, userId: string, from: number, skillIds: string[]) {
    const boardId = r.uuid();
    const createdAt = new Date(from);
    activity.visionBoards.push({ id: boardId, userId, title: "My vision", createdAt });
    const allSkills = content.skills.map((skill) => skill.id);
    return r.sample(GOAL_TITLES, r.int(1, 3)).map((title) => {
      const goal = { id: r.uuid(), visionBoardId: boardId, userId, title, description: "", targetDate: isoDay(new Date(endAt + r.int(-20, 120) * DAY)), progress: r.int(0, 15), status: "active" as "active" | "achieved", createdAt };
      activity.goals.push(goal);
      const needed = new Set(r.sample([...new Set(skillIds)], r.int(1, 2)));
      if (r.chance(0.5)) needed.add(r.pick(allSkills));
      for (const skillId of needed) activity.goalSkills.push({ goalId: goal.id, skillId, userId });
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

function learnerResponse(r: Random, question: ScoredQuestion, correct: boolean, ability: number): Response {
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