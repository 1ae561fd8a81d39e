// The raw event stream as the ingestion API and the seed write it: bulk
// look-ups that let every event of a batch be checked at once, and one
// set-based statement that stores a batch through private.insert_raw_events
// (which drops repeated idempotency keys, re-checks tenancy and reports each
// event's outcome). These run as the service role: the caller is an API key
// or the seed. The seed, which writes a trusted history of 100k+ events at
// once, takes the bulk path instead: COPY into raw_event_keys and raw_events
// (copyRawEvents).
import { once } from "node:events";
import type { Writable } from "node:stream";
import { and, eq, inArray, sql } from "drizzle-orm";
import type postgres from "postgres";
import type { Tx } from "../client";
import { assessments, courses, goals, lessons, memberships, organizationSettings, tasks } from "../schema";

/** organization_settings.raw_retention_days when the organization has no settings row (the column's default). */
export const DEFAULT_RAW_RETENTION_DAYS = 30;

/**
 * The raw retentions an organization may choose, in days: private.raw_retention_classes()
 * of supabase/migrations/20261130000210_raw_event_retention.sql (a test fails when they
 * differ). Each class has its own day partitions, so retention is a partition DROP.
 */
export const RAW_RETENTION_CLASSES = [1, 7, 14, 30, 60, 90, 120, 180, 365, 730, 1095, 1825, 3650] as const;

/** The smallest retention class of at least `days` (the longest class when none is). */
export function retentionClassAtLeast(days: number): number {
  return RAW_RETENTION_CLASSES.find((retention) => retention >= days) ?? RAW_RETENTION_CLASSES[RAW_RETENTION_CLASSES.length - 1];
}

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

/** A raw_events day partition's name: raw_events_r<class, 4 digits>_<YYYYMMDD> (private.create_raw_event_partitions). */
export const rawEventPartitionName = (retentionDays: number, day: string) =>
  `raw_events_r${String(retentionDays).padStart(4, "0")}_${day.replaceAll("-", "")}`;

/**
 * Which of the given UTC days ("YYYY-MM-DD") have a raw_events partition in
 * the retention class (organization_settings.raw_retention_days).
 * Partitions are named by private.create_raw_event_partitions, the only code
 * that creates them: raw_events_r<class>_YYYYMMDD.
 */
export async function rawEventPartitionDays(tx: Tx, days: string[], retentionDays = DEFAULT_RAW_RETENTION_DAYS): Promise<Set<string>> {
  const wanted = [...new Set(days)].filter((day) => /^\d{4}-\d{2}-\d{2}$/.test(day));
  if (wanted.length === 0) return new Set();
  const rows = await tx.execute<{ day: string }>(sql`
    select d::text as day
    from unnest(${`{${wanted.join(",")}}`}::date[]) as d
    where to_regclass(format('public.raw_events_r%s_%s', to_char(${retentionDays}::integer, 'FM0000'), to_char(d, 'YYYYMMDD'))) is not null`);
  return new Set(rows.map((row) => row.day));
}

/**
 * Why the database would refuse to store each event's type or context
 * (private.event_problem: a type outside the SQL list, a context over 4096
 * bytes once stored as jsonb), by position; positions without a problem are
 * absent. The wire format caps the context's JSON text, but jsonb can be
 * larger than its JSON (e.g. many small numbers). The batch statement
 * (storeRawEvents) rejects such events one by one itself; this asks the same
 * question without storing anything. Only events with a context are sent.
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

/** What became of one event of a batch. */
export type RawEventOutcome = { status: "stored" | "duplicate" } | { status: "rejected"; reason: string };

/**
 * Stores the events, in one set-based statement (private.insert_raw_events);
 * returns each event's outcome, in order: stored; duplicate (its idempotency
 * key was already used in the organization, earlier or by an earlier event of
 * this batch); or rejected with the reason (an unknown type, an oversized
 * context, a user or object outside the organization, a day without a
 * partition). A rejected event never fails the others.
 */
export async function storeRawEvents(
  tx: Tx,
  organizationId: string,
  events: RawEventInput[],
  source: "api" | "seed",
): Promise<RawEventOutcome[]> {
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
  const result = await tx.execute<{ ord: number; status: "stored" | "duplicate" | "rejected"; reason: string | null }>(
    sql`select ord, status, reason from private.insert_raw_events(${organizationId}::uuid, ${JSON.stringify(rows)}::jsonb, ${source})`,
  );
  const outcomes = new Array<RawEventOutcome | undefined>(events.length);
  for (const row of result) {
    outcomes[row.ord] = row.status === "rejected" ? { status: "rejected", reason: row.reason ?? "rejected" } : { status: row.status };
  }
  return outcomes.map((outcome, ord) => {
    if (!outcome) throw new Error(`private.insert_raw_events returned no outcome for event ${ord}`);
    return outcome;
  });
}

/**
 * Stores the events in order, in one statement; returns for each whether it
 * was stored (false: its idempotency key was already used in the
 * organization, earlier or in this batch). An event the database refuses
 * (see storeRawEvents) fails the call with its reason: for callers whose
 * events are already checked (the seed, benchmarks).
 */
export async function insertRawEvents(
  tx: Tx,
  organizationId: string,
  events: RawEventInput[],
  source: "api" | "seed",
): Promise<boolean[]> {
  const outcomes = await storeRawEvents(tx, organizationId, events, source);
  return outcomes.map((outcome, ord) => {
    if (outcome.status === "rejected") throw new Error(`raw event ${ord} was refused: ${outcome.reason}`);
    return outcome.status === "stored";
  });
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
 * partition (create them first with private.create_raw_event_partitions).
 * `retentionDays` is the organization's retention class (the partition key).
 */
export async function copyRawEvents(
  tx: Tx,
  organizationId: string,
  events: RawEventInput[],
  source: "api" | "seed",
  retentionDays: number,
): Promise<number> {
  if (events.length === 0) return 0;
  const client = transactionClient(tx);
  await copyInto(
    await client`copy public.raw_event_keys (organization_id, idempotency_key, occurred_at, retention_days) from stdin`.writable(),
    events,
    (event) => copyLine([organizationId, event.idempotencyKey, event.occurredAt.toISOString(), retentionDays]),
  );
  await copyInto(
    await client`copy public.raw_events (organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id, duration_seconds, score, context, source, idempotency_key, occurred_at, retention_days) from stdin`.writable(),
    events,
    (event) =>
      copyLine([organizationId, event.userId, event.type, event.courseId, event.lessonId, event.assessmentId, event.taskId, event.durationSeconds, event.score, JSON.stringify(event.context ?? {}), source, event.idempotencyKey, event.occurredAt.toISOString(), retentionDays]),
  );
  return events.length;
}
