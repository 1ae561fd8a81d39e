// The one list of learning event types, each with the zod schema of its
// payload. Every learner action writes one of these into raw_events in the
// same transaction as the change it records; external tools post the same
// shapes to POST /api/v1/events. The database refuses any other type with the
// same list in SQL (private.event_types(), learning migration): adding a type
// means adding it there too, or tests/integration/event-rules.test.ts fails.
import { z } from "zod";

const id = z.uuid();
const seconds = z.number().int().min(0).max(86_400);
const score = z.number().min(0).max(100);

export const EVENT_SCHEMAS = {
  lesson_started: z.object({ courseId: id, lessonId: id }),
  lesson_completed: z.object({ courseId: id, lessonId: id, durationSeconds: seconds.optional() }),
  assessment_started: z.object({ courseId: id, assessmentId: id }),
  assessment_submitted: z.object({ courseId: id, assessmentId: id, score: score.optional(), durationSeconds: seconds.optional() }),
  // A trainer's grade gave a submitted attempt its final score.
  assessment_graded: z.object({ courseId: id, assessmentId: id, score }),
  task_completed: z.object({ taskId: id, courseId: id.optional(), durationSeconds: seconds.optional() }),
  goal_progressed: z.object({ context: z.object({ goalId: id, progress: z.number().int().min(0).max(100) }) }),
  session_heartbeat: z.object({ durationSeconds: seconds, courseId: id.optional(), lessonId: id.optional() }),
  content_viewed: z.object({ courseId: id, lessonId: id.optional(), durationSeconds: seconds.optional() }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

/** The object ids and measures an event may carry (columns of raw_events). */
export interface EventFields {
  courseId?: string;
  lessonId?: string;
  assessmentId?: string;
  taskId?: string;
  durationSeconds?: number;
  score?: number;
  context?: Record<string, unknown>;
}

export type LearningEvent = { type: EventType } & EventFields;
