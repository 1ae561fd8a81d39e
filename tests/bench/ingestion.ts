// Ingestion: the same events stored three ways, in one run —
//   1. POST /api/v1/events through `next start` (batches of 1,000, `clients`
//      concurrent clients, one seeded organization's API key): auth, JSON,
//      per-event validation, tenancy look-ups, then one set-based statement
//      per batch (private.insert_raw_events: keys with ON CONFLICT DO
//      NOTHING, then the new events, with each event's outcome);
//   2. the API's SQL statement alone (storeRawEvents, same batches and
//      concurrency, no HTTP, no validation): what the database part costs;
//   3. raw COPY of the same rows into raw_event_keys and raw_events (one
//      transaction per round): the floor, what Postgres takes with no checks.
// The work is split into rounds; each round runs the three paths on its share
// of the events, in a rotating order, so that the load of a shared machine
// changing during the run weighs on the three alike.
// The events are the organization's own generated history (its learners,
// lessons, tasks, goals), re-keyed so each path stores new rows. Bodies and
// COPY text are built before the clock starts.
import { once } from "node:events";
import type { Writable } from "node:stream";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { withServiceDb } from "@/db/rls";
import { rawRetentionDays, storeRawEvents, type RawEventInput } from "@/db/queries/raw-events";
import type { BenchOrg } from "./dataset";
import { BATCH_SIZE, type BenchOptions } from "./options";
import { formatInt, formatMs, formatRatio, markdownTable, now, summarize } from "./stats";

interface SourceEvent {
  userId: string;
  type: string;
  occurredAt: Date;
  courseId: string | null;
  lessonId: string | null;
  assessmentId: string | null;
  taskId: string | null;
  durationSeconds: number | null;
  score: number | null;
  context: Record<string, unknown>;
}

export interface IngestionResult {
  events: number;
  rows: { path: string; clients: number; ms: number; rate: number; batchP50?: number; batchP95?: number }[];
  table: string;
}

async function sourceEvents(db: Database, organizationId: string, limit: number): Promise<SourceEvent[]> {
  const rows = await db.execute<{ user_id: string; event_type: string; occurred_at: string; course_id: string | null; lesson_id: string | null; assessment_id: string | null; task_id: string | null; duration_seconds: number | null; score: string | null; context: Record<string, unknown> }>(sql`
    select user_id, event_type, occurred_at, course_id, lesson_id, assessment_id, task_id, duration_seconds, score, context
    from public.raw_events where organization_id = ${organizationId}::uuid and source = 'seed'
    order by occurred_at desc, id desc limit ${limit}`);
  return rows.map((row) => ({
    userId: row.user_id,
    type: row.event_type,
    occurredAt: new Date(row.occurred_at),
    courseId: row.course_id,
    lessonId: row.lesson_id,
    assessmentId: row.assessment_id,
    taskId: row.task_id,
    durationSeconds: row.duration_seconds,
    score: row.score === null ? null : Number(row.score),
    context: row.context ?? {},
  }));
}

/** The event as an external tool posts it (absent fields omitted: the wire schema is strict). */
function wireEvent(event: SourceEvent, idempotencyKey: string) {
  return {
    type: event.type,
    userId: event.userId,
    occurredAt: event.occurredAt.toISOString(),
    idempotencyKey,
    ...(event.courseId ? { courseId: event.courseId } : {}),
    ...(event.lessonId ? { lessonId: event.lessonId } : {}),
    ...(event.assessmentId ? { assessmentId: event.assessmentId } : {}),
    ...(event.taskId ? { taskId: event.taskId } : {}),
    ...(event.durationSeconds !== null ? { durationSeconds: event.durationSeconds } : {}),
    ...(event.score !== null ? { score: event.score } : {}),
    ...(Object.keys(event.context).length ? { context: event.context } : {}),
  };
}

/** A value in COPY's text format. */
function copyValue(value: string | number | null): string {
  if (value === null) return "\\N";
  return String(value).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}
const copyLine = (values: (string | number | null)[]) => `${values.map(copyValue).join("\t")}\n`;

async function writeAll(stream: Writable, text: string) {
  const CHUNK = 1 << 20;
  for (let i = 0; i < text.length; i += CHUNK) {
    if (!stream.write(text.slice(i, i + CHUNK))) await once(stream, "drain");
  }
  stream.end();
  await once(stream, "finish");
}

/** Runs `jobs` with `clients` workers pulling the next job until none is left. */
async function pool<T>(count: number, clients: number, job: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(clients, count) }, async () => {
      for (let index = next++; index < count; index = next++) results[index] = await job(index);
    }),
  );
  return results;
}

function batchesOf<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) out.push(items.slice(i, i + BATCH_SIZE));
  return out;
}

/** Rounds the work is split into; each round runs all three paths, in a rotating order. */
const ROUNDS = 4;

export async function benchIngestion(input: { db: Database; url: string; baseUrl: string; org: BenchOrg; options: BenchOptions; log: (message: string) => void; nextOutput: () => string }): Promise<IngestionResult> {
  const { db, url, baseUrl, org, options, log } = input;
  const count = Math.ceil(options.ingestEvents / BATCH_SIZE) * BATCH_SIZE;
  const source = await sourceEvents(db, org.id, count);
  if (source.length === 0) throw new Error("the benchmark organization has no generated events to replay");
  // Cycle through the history when it has fewer events than asked for; every copy gets its own key.
  const events = Array.from({ length: count }, (_, i) => source[i % source.length]);

  // COPY writes the organization's retention class itself (the SQL paths look it up).
  const retention = await withServiceDb("benchmark: the organization's retention class", (tx) => rawRetentionDays(tx, org.id), db);
  // Everything each path sends is built before any clock starts.
  const post = async (body: string) => {
    const response = await fetch(`${baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${org.apiKey}`, "content-type": "application/json" }, body, signal: AbortSignal.timeout(120_000) });
    const text = await response.text();
    if (response.status !== 202) throw new Error(`POST /api/v1/events answered ${response.status}: ${text.slice(0, 500)}\n${input.nextOutput()}`);
    return JSON.parse(text) as { stored: number; duplicate: number; rejected: number; results: { status: string; reason?: string }[] };
  };
  const bodies = (prefix: string) => batchesOf(events.map((event, i) => wireEvent(event, `${prefix}-${i}`))).map((batch) => JSON.stringify({ events: batch }));
  const httpBodies = bodies("bench-http");
  const sqlBatches = batchesOf(events.map((event, i): RawEventInput => ({ ...event, idempotencyKey: `bench-sql-${i}` })));
  const copyBatches = batchesOf(events.map((event, i) => ({ event, key: `bench-copy-${i}` })));
  const copyText = (from: number, to: number) => {
    const rows = copyBatches.slice(from, to).flat();
    return {
      keys: rows.map(({ event, key }) => copyLine([org.id, key, event.occurredAt.toISOString(), retention])).join(""),
      events: rows
        .map(({ event, key }) =>
          copyLine([org.id, event.userId, event.type, event.courseId, event.lessonId, event.assessmentId, event.taskId, event.durationSeconds, event.score, JSON.stringify(event.context), "api", key, event.occurredAt.toISOString(), retention]),
        )
        .join(""),
    };
  };

  const client = postgres(url, { max: 1, onnotice: () => {} });
  const totals = { http: 0, sql: 0, copy: 0 };
  const latencies = { http: [] as number[], sql: [] as number[] };
  let stored = 0;
  let firstRefusal: unknown;
  try {
    // Warm-up, not measured: route modules, JIT, connection pools.
    for (const body of bodies("bench-warm").slice(0, 2)) await post(body);
    await client`select 1`;

    const paths = {
      // 1. HTTP: `clients` concurrent requests of one batch each.
      http: async (from: number, to: number) => {
        const answers = await pool(to - from, options.clients, async (i) => {
          const start = now();
          const answer = await post(httpBodies[from + i]);
          latencies.http.push(now() - start);
          return answer;
        });
        for (const answer of answers) {
          stored += answer.stored;
          firstRefusal ??= answer.results.find((result) => result.status !== "stored");
        }
      },
      // 2. The API's SQL statement, without HTTP or validation: same batches and concurrency.
      sql: async (from: number, to: number) => {
        await pool(to - from, options.clients, async (i) => {
          const start = now();
          const result = await withServiceDb("benchmark: the ingestion statement without HTTP", (tx) => storeRawEvents(tx, org.id, sqlBatches[from + i], "api"), db);
          latencies.sql.push(now() - start);
          const refused = result.find((outcome) => outcome.status !== "stored");
          if (refused) throw new Error(`storeRawEvents did not store every event: ${JSON.stringify(refused)}`);
        });
      },
      // 3. COPY of the same rows (keys, then events) in one transaction on one connection.
      copy: async (text: { keys: string; events: string }) => {
        await client.begin(async (tx) => {
          await writeAll(await tx`copy public.raw_event_keys (organization_id, idempotency_key, occurred_at, retention_days) from stdin`.writable(), text.keys);
          await writeAll(
            await tx`copy public.raw_events (organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id, duration_seconds, score, context, source, idempotency_key, occurred_at, retention_days) from stdin`.writable(),
            text.events,
          );
        });
      },
    };

    // The three paths take turns, round after round, in a rotating order, so a
    // change in the machine's load over the run hits each of them alike.
    // A round is a whole number of batches per client (no client idles at a round's end), about ROUNDS rounds in all.
    const batches = httpBodies.length;
    const perRound = options.clients * Math.max(1, Math.floor(batches / (ROUNDS * options.clients)));
    const rounds = Math.ceil(batches / perRound);
    log(`ingestion: ${formatInt(count)} events per path in ${batches} batches of ${BATCH_SIZE}, ${rounds} rounds, ${options.clients} HTTP/SQL clients`);
    const order = ["http", "sql", "copy"] as const;
    for (let round = 0; round < rounds; round++) {
      const from = round * perRound;
      const to = Math.min(batches, from + perRound);
      const text = copyText(from, to);
      for (let k = 0; k < order.length; k++) {
        const path = order[(round + k) % order.length];
        const start = now();
        if (path === "copy") await paths.copy(text);
        else await paths[path](from, to);
        totals[path] += now() - start;
      }
    }
  } finally {
    await client.end();
  }
  if (stored !== count) throw new Error(`the API stored ${stored} of ${count} events (first refusal: ${JSON.stringify(firstRefusal)})`);

  const http = summarize(latencies.http);
  const sqlSummary = summarize(latencies.sql);
  const rows: IngestionResult["rows"] = [
    { path: "POST /api/v1/events (HTTP, next start)", clients: options.clients, ms: totals.http, rate: count / (totals.http / 1000), batchP50: http.p50, batchP95: http.p95 },
    { path: "storeRawEvents() (same SQL, no HTTP)", clients: options.clients, ms: totals.sql, rate: count / (totals.sql / 1000), batchP50: sqlSummary.p50, batchP95: sqlSummary.p95 },
    { path: "COPY raw_event_keys + raw_events (1 transaction per round)", clients: 1, ms: totals.copy, rate: count / (totals.copy / 1000) },
  ];

  const [check] = await db.execute<{ http: number; sql: number; copy: number }>(sql`select
    count(*) filter (where idempotency_key like 'bench-http-%')::int as http,
    count(*) filter (where idempotency_key like 'bench-sql-%')::int as sql,
    count(*) filter (where idempotency_key like 'bench-copy-%')::int as copy
    from public.raw_events where organization_id = ${org.id}::uuid and source = 'api'`);
  if (check.http !== count || check.sql !== count || check.copy !== count) throw new Error(`stored rows do not match: ${JSON.stringify(check)} (expected ${count} each)`);

  const copyRate = rows[rows.length - 1].rate;
  const table = markdownTable(
    ["ingestion path", "events", "clients", "wall time (all rounds)", "events/s", "batch p50", "batch p95", "COPY is faster by", "rate vs COPY"],
    rows.map((row) => [
      row.path,
      formatInt(count),
      String(row.clients),
      formatMs(row.ms),
      formatInt(row.rate),
      row.batchP50 === undefined ? "–" : formatMs(row.batchP50),
      row.batchP95 === undefined ? "–" : formatMs(row.batchP95),
      row.path.startsWith("COPY") ? "1×" : formatRatio(copyRate / row.rate),
      `${Math.round((100 * row.rate) / copyRate)} %`,
    ]),
    ["l", "r", "r", "r", "r", "r", "r", "r", "r"],
  );
  return { events: count, rows, table };
}
