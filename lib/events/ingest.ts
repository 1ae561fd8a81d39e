// Ingestion of learning events posted by external tools (POST /api/v1/events).
// Each event of a batch is judged on its own: the valid ones are stored, the
// others are reported by index with the reason, and nothing is dropped
// silently. Checks, in order: the wire format and the type's own schema
// (lib/events/types.ts), the time window (not more than 5 minutes ahead, not
// older than the organization's raw retention), the user is a member of the
// key's organization, every object id belongs to it too, the database would
// store its type and context (private.event_problem), and the event's day
// has a partition. A repeated idempotency key is stored once.
import { z } from "zod";
import type { Tx } from "@/db/client";
import {
  eventObjectsOf,
  membersAmong,
  rawRetentionDays,
  storeRawEvents,
  type RawEventInput,
} from "@/db/queries/raw-events";
import { EVENT_SCHEMAS, EVENT_TYPES, type EventType } from "./types";

export const MAX_EVENTS_PER_BATCH = 1_000;
export const MAX_BATCH_BYTES = 1_000_000;
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
export const MAX_CONTEXT_BYTES = 4_096;
const DAY_MS = 24 * 60 * 60 * 1000;

const id = z.uuid("must be a UUID");

/** One event as external tools send it. */
export const wireEventSchema = z.strictObject({
  type: z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(", ")}` }),
  userId: id,
  occurredAt: z.iso.datetime({ offset: true, error: "must be an ISO 8601 timestamp with a time zone, e.g. 2026-11-22T09:30:00Z" }),
  idempotencyKey: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters"),
  courseId: id.optional(),
  lessonId: id.optional(),
  assessmentId: id.optional(),
  taskId: id.optional(),
  durationSeconds: z.number().int().min(0).max(86_400).optional(),
  score: z.number().min(0).max(100).optional(),
  context: z
    .record(z.string(), z.unknown())
    .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_CONTEXT_BYTES, `must be at most ${MAX_CONTEXT_BYTES} bytes of JSON`)
    .optional(),
});
export type WireEvent = z.infer<typeof wireEventSchema>;

/** The request body: `{ "events": [ … ] }`; each event is validated on its own. */
export const batchSchema = z.strictObject({ events: z.array(z.unknown()) });

export type EventStatus = "stored" | "duplicate" | "rejected";
export interface EventResult {
  index: number;
  status: EventStatus;
  reason?: string;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** The event in wire format and satisfying its type's schema, or why not. */
export function parseWireEvent(input: unknown): { ok: true; event: WireEvent } | { ok: false; reason: string } {
  const wire = wireEventSchema.safeParse(input);
  if (!wire.success) return { ok: false, reason: describeIssues(wire.error) };
  const typed = EVENT_SCHEMAS[wire.data.type as EventType].safeParse(wire.data);
  if (!typed.success) return { ok: false, reason: `${wire.data.type}: ${describeIssues(typed.error)}` };
  return { ok: true, event: wire.data };
}

/** Why an event's time is refused, or null: at most 5 minutes ahead of `now`, not older than the retention window. */
export function timestampProblem(occurredAt: Date, now: Date, retentionDays: number): string | null {
  if (occurredAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) return "occurredAt is more than 5 minutes in the future";
  if (occurredAt.getTime() < now.getTime() - retentionDays * DAY_MS) {
    return `occurredAt is older than this organization's raw event retention (${retentionDays} days)`;
  }
  return null;
}

/** Why an event's ids are refused in the organization, or null. */
function objectProblem(event: WireEvent, members: Set<string>, objects: Awaited<ReturnType<typeof eventObjectsOf>>): string | null {
  if (!members.has(event.userId)) return "userId is not a member of this API key's organization";
  if (event.courseId && !objects.courses.has(event.courseId)) return "courseId does not belong to this organization";
  if (event.lessonId) {
    const course = objects.lessonCourse.get(event.lessonId);
    if (!course) return "lessonId does not belong to this organization";
    if (event.courseId && course !== event.courseId) return "lessonId is not a lesson of courseId";
  }
  if (event.assessmentId) {
    const course = objects.assessmentCourse.get(event.assessmentId);
    if (!course) return "assessmentId does not belong to this organization";
    if (event.courseId && course !== event.courseId) return "assessmentId is not an assessment of courseId";
  }
  if (event.taskId && !objects.tasks.has(event.taskId)) return "taskId does not belong to this organization";
  const goalId = goalIdOf(event);
  if (goalId && objects.goalOwner.get(goalId) !== event.userId) return "context.goalId is not a goal of this user in this organization";
  return null;
}

const goalIdOf = (event: WireEvent) => (event.type === "goal_progressed" ? (event.context?.goalId as string | undefined) : undefined);
const present = (values: (string | undefined)[]) => [...new Set(values.filter((value): value is string => Boolean(value)))];

/**
 * Judges and stores a batch for the organization in the caller's (service)
 * transaction; one result per input, in order.
 */
export async function ingestEvents(tx: Tx, organizationId: string, inputs: unknown[], now = new Date()): Promise<EventResult[]> {
  const results: EventResult[] = inputs.map((_, index) => ({ index, status: "rejected" }));
  const reject = (index: number, reason: string) => (results[index] = { index, status: "rejected", reason });

  const retentionDays = await rawRetentionDays(tx, organizationId);
  let candidates: { index: number; event: WireEvent; occurredAt: Date }[] = [];
  inputs.forEach((input, index) => {
    const parsed = parseWireEvent(input);
    if (!parsed.ok) return reject(index, parsed.reason);
    const occurredAt = new Date(parsed.event.occurredAt);
    const problem = timestampProblem(occurredAt, now, retentionDays);
    if (problem) return reject(index, problem);
    candidates.push({ index, event: parsed.event, occurredAt });
  });

  const events = candidates.map((candidate) => candidate.event);
  const [members, objects] = await Promise.all([
    membersAmong(tx, organizationId, present(events.map((event) => event.userId))),
    eventObjectsOf(tx, organizationId, {
      courseIds: present(events.map((event) => event.courseId)),
      lessonIds: present(events.map((event) => event.lessonId)),
      assessmentIds: present(events.map((event) => event.assessmentId)),
      taskIds: present(events.map((event) => event.taskId)),
      goalIds: present(events.map(goalIdOf)).filter((goalId) => z.uuid().safeParse(goalId).success),
    }),
  ]);
  candidates = candidates.filter(({ index, event }) => {
    const problem = objectProblem(event, members, objects);
    if (problem) reject(index, problem);
    return !problem;
  });
  // The statement judges the rest per event, in the same order as before:
  // the type and context (private.event_problem), then the day's partition
  // ("no raw event partition exists for <day> yet: send this event again shortly").

  const outcomes = await storeRawEvents(
    tx,
    organizationId,
    candidates.map(({ event, occurredAt }): RawEventInput => ({ ...event, occurredAt })),
    "api",
  );
  candidates.forEach(({ index }, i) => (results[index] = { index, ...outcomes[i] }));
  return results;
}
