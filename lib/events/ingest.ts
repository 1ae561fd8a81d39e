// Ingestion of learning events posted by external tools (POST /api/v1/events).
// Each event of a batch is judged on its own: the valid ones are stored, the
// others are reported by index with the reason, and nothing is dropped
// silently. Checks, in order: what Postgres text/jsonb cannot store (NUL,
// lone surrogates, nesting deeper than 32: lib/validation/events.ts), the
// wire format and the type's own schema
// (lib/events/types.ts), the time window (not more than 5 minutes ahead, not
// older than the organization's raw retention), the user is a member of the
// key's organization, every object id belongs to it too, the database would
// store its type and context (private.event_problem), and the event's day
// has a partition — these last ones by the database, per event, in the one
// statement that stores the batch (private.insert_raw_events). A repeated
// idempotency key is stored once.
import { z } from "zod";
import type { Tx } from "@/db/client";
import { rawRetentionDays, storeRawEvents, type RawEventInput } from "@/db/queries/raw-events";
import { unstorableEventProblem } from "@/lib/validation/events";
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
  // First, and without recursion: the schema below measures the context with JSON.stringify.
  const unstorable = unstorableEventProblem(input);
  if (unstorable) return { ok: false, reason: unstorable };
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

/**
 * Whether a failed batch may succeed when sent again unchanged: a lost or
 * refused connection, a serialization failure or deadlock, exhausted
 * resources, a timeout, or storage not ready yet (SW503). Anything else is a
 * fault in this server that a retry repeats.
 */
export function isTransientFault(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; depth++) {
    const code = typeof current.code === "string" ? current.code : "";
    if (/^(08|53|57P)/.test(code) || ["40001", "40P01", "55P03", "57014", "SW503"].includes(code)) return true;
    if (["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"].includes(code)) {
      return true;
    }
    current = current.cause as typeof current;
  }
  return false;
}

/**
 * Judges and stores a batch for the organization in the caller's (service)
 * transaction; one result per input, in order.
 */
export async function ingestEvents(tx: Tx, organizationId: string, inputs: unknown[], now = new Date()): Promise<EventResult[]> {
  const results: EventResult[] = inputs.map((_, index) => ({ index, status: "rejected" }));
  const reject = (index: number, reason: string) => (results[index] = { index, status: "rejected", reason });

  const retentionDays = await rawRetentionDays(tx, organizationId);
  const candidates: { index: number; event: WireEvent; occurredAt: Date }[] = [];
  inputs.forEach((input, index) => {
    const parsed = parseWireEvent(input);
    if (!parsed.ok) return reject(index, parsed.reason);
    const occurredAt = new Date(parsed.event.occurredAt);
    const problem = timestampProblem(occurredAt, now, retentionDays);
    if (problem) return reject(index, problem);
    candidates.push({ index, event: parsed.event, occurredAt });
  });

  // The database judges the rest, per event, in one statement: the user and
  // every object id belong to the organization (a lesson or assessment of the
  // given course, a goal of the user), the type and context
  // (private.event_problem), the day's partition.
  const outcomes = await storeRawEvents(
    tx,
    organizationId,
    candidates.map(({ event, occurredAt }): RawEventInput => ({ ...event, occurredAt })),
    "api",
  );
  candidates.forEach(({ index }, i) => (results[index] = { index, ...outcomes[i] }));
  return results;
}
