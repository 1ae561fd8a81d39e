// The raw event stream as the ingestion API and the seed write it: bulk
// look-ups that let every event of a batch be checked at once, and one
// statement that stores a batch through private.insert_raw_event (which
// drops repeated idempotency keys and re-checks tenancy for each row).
// These run as the service role: the caller is an API key or the seed. The
// seed, which writes a trusted history of 100k+ events at once, takes the bulk
// path instead: COPY into raw_event_keys and raw_events (copyRawEvents).
import { once } from "node:events";
import type { Writable } from "node:stream";
import { and, eq, inArray, sql } from "drizzle-orm";
import type postgres from "postgres";
import type { Tx } from "../client";
import { assessments, courses, goals, lessons, memberships, organizationSettings, tasks } from "../schema";

/** organization_settings.raw_retention_days when the organization has no settings row (the column's default). */
export const DEFAULT_RAW_RETENTION_DAYS = 30;

export async function rawRetentionDays(tx: Tx, organizationId: string): Promise<number> {
  const [row] = await tx
    .select({ days: organizationSettings.rawRetentionDays })
    .from(organizationSettings)
    .where(eq(organizationSettings.organizationId, organizationId));
  return row?.days ?? DEFAULT_RAW_RETENTION_DAYS;
}

/** Which of `userIds` are members of the organization. */
export async function membersAmong(tx: Tx, organizationId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, userIds)));
  return new Set(rows.map((row) => row.userId));
}

export interface EventObjectIds {
  courseIds: string[];
  lessonIds: string[];
  assessmentIds: string[];
  taskIds: string[];
  goalIds: string[];
}

/** The given ids that belong to the organization, with what each must agree with (a lesson's course, a goal's owner). */
export async function eventObjectsOf(tx: Tx, organizationId: string, ids: EventObjectIds) {
  const inOrg = <T>(ids: string[], query: () => Promise<T[]>) => (ids.length === 0 ? Promise.resolve([] as T[]) : query());
  const [courseRows, lessonRows, assessmentRows, taskRows, goalRows] = await Promise.all([
    inOrg(ids.courseIds, () =>
      tx.select({ id: courses.id }).from(courses).where(and(eq(courses.organizationId, organizationId), inArray(courses.id, ids.courseIds))),
    ),
    inOrg(ids.lessonIds, () =>
      tx
        .select({ id: lessons.id, courseId: lessons.courseId })
        .from(lessons)
        .where(and(eq(lessons.organizationId, organizationId), inArray(lessons.id, ids.lessonIds))),
    ),
    inOrg(ids.assessmentIds, () =>
      tx
        .select({ id: assessments.id, courseId: assessments.courseId })
        .from(assessments)
        .where(and(eq(assessments.organizationId, organizationId), inArray(assessments.id, ids.assessmentIds))),
    ),
    inOrg(ids.taskIds, () =>
      tx.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.organizationId, organizationId), inArray(tasks.id, ids.taskIds))),
    ),
    inOrg(ids.goalIds, () =>
      tx
        .select({ id: goals.id, userId: goals.userId })
        .from(goals)
        .where(and(eq(goals.organizationId, organizationId), inArray(goals.id, ids.goalIds))),
    ),
  ]);
  return {
    courses: new Set(courseRows.map((row) => row.id)),
    lessonCourse: new Map(lessonRows.map((row) => [row.id, row.courseId])),
    assessmentCourse: new Map(assessmentRows.map((row) => [row.id, row.courseId])),
    tasks: new Set(taskRows.map((row) => row.id)),
    goalOwner: new Map(goalRows.map((row) => [row.id, row.userId])),
  };
}

/** UTC day of a timestamp, as the partitions are cut ("2026-11-22"). */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Which of the given UTC days ("YYYY-MM-DD") have a raw_events partition.
 * Partitions are named by public.create_raw_event_partitions, the only code
 * that creates them: raw_events_YYYYMMDD.
 */
export async function rawEventPartitionDays(tx: Tx, days: string[]): Promise<Set<string>> {
  const wanted = [...new Set(days)].filter((day) => /^\d{4}-\d{2}-\d{2}$/.test(day));
  if (wanted.length === 0) return new Set();
  const rows = await tx.execute<{ day: string }>(sql`
    select d::text as day
    from unnest(${`{${wanted.join(",")}}`}::date[]) as d
    where to_regclass(format('public.raw_events_%s', to_char(d, 'YYYYMMDD'))) is not null`);
  return new Set(rows.map((row) => row.day));
}

/**
 * Why the database would refuse to store each event's type or context
 * (private.event_problem: a type outside the SQL list, a context over 4096
 * bytes once stored as jsonb), by position; positions without a problem are
 * absent. The wire format caps the context's JSON text, but jsonb can be
 * larger than its JSON (e.g. many small numbers), and insert_raw_event
 * refusing one event would fail its whole batch: the caller rejects these
 * events one by one first. Only events with a context are sent.
 */
export async function eventProblems(tx: Tx, events: { type: string; context?: Record<string, unknown> | null }[]): Promise<Map<number, string>> {
  const rows = events.flatMap((event, ord) => (event.context ? [{ ord, event_type: event.type, context: event.context }] : []));
  if (rows.length === 0) return new Map();
  const result = await tx.execute<{ ord: number; problem: string }>(sql`
    select e.ord, p.problem
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(ord integer, event_type text, context jsonb),
      lateral (select private.event_problem(e.event_type, e.context) as problem) p
    where p.problem is not null`);
  return new Map(result.map((row) => [row.ord, row.problem]));
}

export interface RawEventInput {
  userId: string;
  type: string;
  occurredAt: Date;
  idempotencyKey: string;
  courseId?: string | null;
  lessonId?: string | null;
  assessmentId?: string | null;
  taskId?: string | null;
  durationSeconds?: number | null;
  score?: number | null;
  context?: Record<string, unknown> | null;
}

/**
 * Stores the events in order, in one statement; returns for each whether it
 * was stored (false: its idempotency key was already used in the
 * organization, earlier or in this batch). Every event's day must have a
 * partition, or the whole statement fails: check with rawEventPartitionDays.
 */
export async function insertRawEvents(
  tx: Tx,
  organizationId: string,
  events: RawEventInput[],
  source: "api" | "seed",
): Promise<boolean[]> {
  if (events.length === 0) return [];
  const rows = events.map((event, ord) => ({
    ord,
    user_id: event.userId,
    event_type: event.type,
    occurred_at: event.occurredAt.toISOString(),
    idempotency_key: event.idempotencyKey,
    course_id: event.courseId ?? null,
    lesson_id: event.lessonId ?? null,
    assessment_id: event.assessmentId ?? null,
    task_id: event.taskId ?? null,
    duration_seconds: event.durationSeconds ?? null,
    score: event.score ?? null,
    context: event.context ?? {},
  }));
  // jsonb_to_recordset yields the rows in array order, so the first of two
  // events with the same idempotency key is the one stored.
  const result = await tx.execute<{ ord: number; stored: boolean }>(sql`
    select e.ord, private.insert_raw_event(
      ${organizationId}::uuid, e.user_id, e.event_type, e.occurred_at, e.idempotency_key,
      e.course_id, e.lesson_id, e.assessment_id, e.task_id, e.duration_seconds, e.score, e.context, ${source}) as stored
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(
      ord integer, user_id uuid, event_type text, occurred_at timestamptz, idempotency_key text,
      course_id uuid, lesson_id uuid, assessment_id uuid, task_id uuid, duration_seconds integer,
      score numeric, context jsonb)`);
  const stored = new Array<boolean>(events.length).fill(false);
  for (const row of result) stored[row.ord] = row.stored;
  return stored;
}

/** A value in COPY's text format (\N is null; backslash, tab, newline and carriage return escaped). */
function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return String(value).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}
const copyLine = (values: (string | number | null | undefined)[]) => `${values.map(copyValue).join("\t")}\n`;

/** The postgres.js connection under a Drizzle transaction (Drizzle has no COPY). */
function transactionClient(tx: Tx): postgres.TransactionSql {
  const client = (tx as unknown as { session?: { client?: postgres.TransactionSql } }).session?.client;
  if (!client || typeof client.unsafe !== "function") throw new Error("copyRawEvents needs a transaction of the postgres.js driver");
  return client;
}

const COPY_ROWS_PER_WRITE = 5_000;

async function copyInto<T>(stream: Writable, rows: T[], line: (row: T) => string) {
  for (let i = 0; i < rows.length; i += COPY_ROWS_PER_WRITE) {
    if (!stream.write(rows.slice(i, i + COPY_ROWS_PER_WRITE).map(line).join(""))) await once(stream, "drain");
  }
  stream.end();
  await once(stream, "finish");
}

/**
 * Stores a trusted batch of events (the seed's generated history) with COPY,
 * in the caller's transaction: their idempotency keys into raw_event_keys,
 * then the events into the parent table public.raw_events, which routes each
 * row to its partition whatever the partition layout. Unlike
 * insertRawEvents it checks nothing row by row (membership, object ids,
 * known type): the caller vouches for the rows; the tables' constraints still
 * apply, a repeated key fails the whole COPY, and so does a day without a
 * partition (create them first with public.create_raw_event_partitions).
 */
export async function copyRawEvents(tx: Tx, organizationId: string, events: RawEventInput[], source: "api" | "seed"): Promise<number> {
  if (events.length === 0) return 0;
  const client = transactionClient(tx);
  await copyInto(
    await client`copy public.raw_event_keys (organization_id, idempotency_key, occurred_at) from stdin`.writable(),
    events,
    (event) => copyLine([organizationId, event.idempotencyKey, event.occurredAt.toISOString()]),
  );
  await copyInto(
    await client`copy public.raw_events (organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id, duration_seconds, score, context, source, idempotency_key, occurred_at) from stdin`.writable(),
    events,
    (event) =>
      copyLine([organizationId, event.userId, event.type, event.courseId, event.lessonId, event.assessmentId, event.taskId, event.durationSeconds, event.score, JSON.stringify(event.context ?? {}), source, event.idempotencyKey, event.occurredAt.toISOString()]),
  );
  return events.length;
}
