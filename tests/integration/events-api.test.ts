// POST /api/v1/events, called as Next.js calls it: the route's POST with a
// Request. Two organizations with learning content and an API key each; every
// batch uses fresh idempotency keys, so the tests are independent.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import { POST } from "@/app/api/v1/events/route";
import { closeDb } from "@/db/client";
import { apiKeys, organizationSettings, rawEvents } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/db/queries/api-keys";
import { rawEventPartitionName } from "@/db/queries/raw-events";
import { runJob } from "@/db/jobs";
import { ingestEvents, MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from "@/lib/events/ingest";
import { MAX_CONTEXT_DEPTH } from "@/lib/validation/events";
import { createOrg, testDb, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import { attemptAsService } from "../support/attempt";
import { givePaidSeats } from "../support/billing";
import { LEARNING_ROLES, seedLearningRows, type LearningIds } from "../support/learning-matrix";

afterAll(closeDb);

interface Tenant {
  org: TestOrg;
  ids: LearningIds;
  key: string;
}
let a: Tenant;
let b: Tenant;

async function tenant(): Promise<Tenant> {
  const org = await createOrg(LEARNING_ROLES);
  const ids = await seedLearningRows(org);
  // Event ingestion with an API key is a Business feature (plan_entitlements).
  await givePaidSeats(org.id, 50, "active", "business");
  const { key } = await withUserDb(org.owner, (tx) => createApiKey(tx, { organizationId: org.id, name: "LMS", createdBy: org.owner.sub }), {}, testDb());
  return { org, ids, key };
}

beforeAll(async () => {
  [a, b] = await Promise.all([tenant(), tenant()]);
});

const minutes = (n: number) => n * 60 * 1000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function post(body: unknown, key: string | null = a.key, headers: Record<string, string> = {}) {
  return POST(
    new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** A valid lesson_completed event of org A's first learner, with a fresh idempotency key. */
function lessonCompleted(overrides: Record<string, unknown> = {}) {
  return {
    type: "lesson_completed",
    userId: a.org.members.learner.sub,
    occurredAt: ago(minutes(1)),
    idempotencyKey: `test-${randomUUID()}`,
    courseId: a.ids.publishedCourse,
    lessonId: a.ids.publishedLessons[0],
    durationSeconds: 300,
    ...overrides,
  };
}

async function storedEvents(keys: string[]) {
  return withServiceDb(
    "test: read stored events",
    (tx) => tx.select().from(rawEvents).where(inArray(rawEvents.idempotencyKey, keys)),
    testDb(),
  );
}

async function eventCount(organizationId: string) {
  return withServiceDb(
    "test: count events",
    async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from public.raw_events where organization_id = ${organizationId}::uuid`))[0].n,
    testDb(),
  );
}

type Results = { stored: number; duplicate: number; rejected: number; results: { index: number; status: string; reason?: string }[] };

describe("valid batches", () => {
  it("stores every valid event in the key's organization, as source 'api', and answers 202 per event", async () => {
    const events = [
      lessonCompleted(),
      lessonCompleted({ type: "lesson_started", durationSeconds: undefined, userId: a.org.members.learner2.sub }),
      { type: "assessment_submitted", userId: a.org.members.learner.sub, occurredAt: ago(minutes(2)), idempotencyKey: `test-${randomUUID()}`, courseId: a.ids.publishedCourse, assessmentId: a.ids.publishedAssessment, score: 87.5 },
      { type: "session_heartbeat", userId: a.org.members.learner.sub, occurredAt: ago(0), idempotencyKey: `test-${randomUUID()}`, durationSeconds: 60, context: { tool: "lms" } },
    ];
    const response = await post({ events });
    expect(response.status).toBe(202);
    const body = (await response.json()) as Results;
    expect(body).toEqual({
      stored: 4,
      duplicate: 0,
      rejected: 0,
      results: events.map((_, index) => ({ index, status: "stored" })),
    });

    const rows = await storedEvents(events.map((event) => event.idempotencyKey));
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((row) => row.organizationId))).toEqual(new Set([a.org.id]));
    expect(new Set(rows.map((row) => row.source))).toEqual(new Set(["api"]));
    const submitted = rows.find((row) => row.eventType === "assessment_submitted")!;
    expect(submitted).toMatchObject({ assessmentId: a.ids.publishedAssessment, courseId: a.ids.publishedCourse, score: 87.5, userId: a.org.members.learner.sub });
    expect(rows.find((row) => row.eventType === "session_heartbeat")!.context).toEqual({ tool: "lms" });
  });

  it("records when the key was last used", async () => {
    const { id, key } = await withUserDb(a.org.owner, (tx) => createApiKey(tx, { organizationId: a.org.id, name: "Fresh", createdBy: a.org.owner.sub }), {}, testDb());
    const lastUsed = async () =>
      (await withServiceDb("test: read the key", (tx) => tx.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id)), testDb()))[0].at;
    expect(await lastUsed()).toBeNull();
    await post({ events: [lessonCompleted()] }, key);
    expect(await lastUsed()).toBeInstanceOf(Date);
  });
});

describe("partially valid batches", () => {
  it("stores the valid events and reports each invalid one by index with its reason", async () => {
    const valid1 = lessonCompleted();
    const valid2 = lessonCompleted({ lessonId: a.ids.publishedLessons[1] });
    const events = [
      valid1,
      { ...lessonCompleted(), type: "lesson_teleported" },
      lessonCompleted({ lessonId: undefined }), // lesson_completed needs its lesson
      lessonCompleted({ userId: "not-a-uuid" }),
      lessonCompleted({ durationSeconds: -5 }),
      lessonCompleted({ occurredAt: "yesterday" }),
      { ...lessonCompleted(), surprise: true },
      "not an object",
      valid2,
      lessonCompleted({ idempotencyKey: "" }),
      lessonCompleted({ context: { blob: "x".repeat(5000) } }),
    ];
    const response = await post({ events });
    expect(response.status).toBe(202);
    const body = (await response.json()) as Results;
    expect(body.stored).toBe(2);
    expect(body.rejected).toBe(9);
    expect(body.results.filter((r) => r.status === "stored").map((r) => r.index)).toEqual([0, 8]);
    const reason = (index: number) => body.results[index].reason;
    expect(reason(1)).toMatch(/^type: must be one of lesson_started/);
    expect(reason(2)).toMatch(/^lesson_completed: lessonId: /);
    expect(reason(3)).toBe("userId: must be a UUID");
    expect(reason(4)).toMatch(/^durationSeconds: /);
    expect(reason(5)).toMatch(/^occurredAt: must be an ISO 8601 timestamp/);
    expect(reason(6)).toMatch(/surprise/);
    expect(reason(7)).toBeTruthy();
    expect(reason(9)).toBe("idempotencyKey: must not be empty");
    expect(reason(10)).toMatch(/^context: must be at most 4096 bytes/);
    expect((await storedEvents([valid1.idempotencyKey, valid2.idempotencyKey])).length).toBe(2);
  });
});

describe("idempotency", () => {
  it("accepts a repeated idempotency key once: the second post is a duplicate and stores nothing", async () => {
    const event = lessonCompleted();
    const first = (await (await post({ events: [event] })).json()) as Results;
    const second = (await (await post({ events: [{ ...event, occurredAt: ago(minutes(3)) }] })).json()) as Results;
    expect(first.results).toEqual([{ index: 0, status: "stored" }]);
    expect(second.results).toEqual([{ index: 0, status: "duplicate" }]);
    expect(await storedEvents([event.idempotencyKey])).toHaveLength(1);
  });

  it("within one batch, the first event with a key is stored and the next is a duplicate", async () => {
    const event = lessonCompleted();
    const body = (await (await post({ events: [event, event, lessonCompleted()] })).json()) as Results;
    expect(body.results.map((r) => r.status)).toEqual(["stored", "duplicate", "stored"]);
  });

  it("keys are per organization: org B may use the same key as org A", async () => {
    const key = `shared-${randomUUID()}`;
    const inA = (await (await post({ events: [lessonCompleted({ idempotencyKey: key })] })).json()) as Results;
    const inB = (await (
      await post(
        { events: [{ type: "lesson_started", userId: b.org.members.learner.sub, occurredAt: ago(0), idempotencyKey: key, courseId: b.ids.publishedCourse, lessonId: b.ids.publishedLessons[0] }] },
        b.key,
      )
    ).json()) as Results;
    expect([inA.results[0].status, inB.results[0].status]).toEqual(["stored", "stored"]);
  });
});

describe("cross-tenant ids are refused per event", () => {
  it("a user of another organization", async () => {
    const body = (await (await post({ events: [lessonCompleted({ userId: b.org.members.learner.sub }), lessonCompleted()] })).json()) as Results;
    expect(body.results).toEqual([
      { index: 0, status: "rejected", reason: "userId is not a member of this API key's organization" },
      { index: 1, status: "stored" },
    ]);
  });

  it("a user id that belongs to nobody", async () => {
    const body = (await (await post({ events: [lessonCompleted({ userId: randomUUID() })] })).json()) as Results;
    expect(body.results[0].reason).toBe("userId is not a member of this API key's organization");
  });

  it("another organization's course, lesson, assessment or task", async () => {
    const events = [
      lessonCompleted({ courseId: b.ids.publishedCourse }),
      lessonCompleted({ lessonId: b.ids.publishedLessons[0] }),
      { type: "assessment_started", userId: a.org.members.learner.sub, occurredAt: ago(0), idempotencyKey: `test-${randomUUID()}`, courseId: a.ids.publishedCourse, assessmentId: b.ids.publishedAssessment },
      { type: "task_completed", userId: a.org.members.learner.sub, occurredAt: ago(0), idempotencyKey: `test-${randomUUID()}`, taskId: randomUUID() },
    ];
    const body = (await (await post({ events })).json()) as Results;
    expect(body.results.map((r) => r.reason)).toEqual([
      "courseId does not belong to this organization",
      "lessonId does not belong to this organization",
      "assessmentId does not belong to this organization",
      "taskId does not belong to this organization",
    ]);
    expect(body.stored).toBe(0);
  });

  it("ids of the organization that do not fit together (a lesson of another course)", async () => {
    const body = (await (await post({ events: [lessonCompleted({ courseId: a.ids.draftCourse })] })).json()) as Results;
    expect(body.results[0].reason).toBe("lessonId is not a lesson of courseId");
  });

  it("org B's key never writes into org A, whatever the payload says", async () => {
    const before = await eventCount(a.org.id);
    const body = (await (await post({ events: [lessonCompleted()] }, b.key)).json()) as Results;
    expect(body.results[0].status).toBe("rejected");
    expect(await eventCount(a.org.id)).toBe(before);
  });
});

describe("timestamps", () => {
  it("refuses an event more than 5 minutes in the future, accepts one 4 minutes ahead", async () => {
    const body = (await (
      await post({ events: [lessonCompleted({ occurredAt: ago(-minutes(6)) }), lessonCompleted({ occurredAt: ago(-minutes(4)) })] })
    ).json()) as Results;
    expect(body.results).toEqual([
      { index: 0, status: "rejected", reason: "occurredAt is more than 5 minutes in the future" },
      { index: 1, status: "stored" },
    ]);
  });

  it("refuses an event older than the organization's raw retention window", async () => {
    const tooOld = lessonCompleted({ occurredAt: ago(31 * 24 * 60 * minutes(1)) });
    const body = (await (await post({ events: [tooOld] })).json()) as Results;
    expect(body.results[0]).toEqual({ index: 0, status: "rejected", reason: "occurredAt is older than this organization's raw event retention (30 days)" });
  });

  it("uses the organization's own retention setting", async () => {
    await withServiceDb("test: shorten retention", (tx) => tx.update(organizationSettings).set({ rawRetentionDays: 1 }).where(eq(organizationSettings.organizationId, b.org.id)), testDb());
    try {
      const event = { type: "lesson_started", userId: b.org.members.learner.sub, occurredAt: ago(30 * 60 * minutes(1)), idempotencyKey: `test-${randomUUID()}`, courseId: b.ids.publishedCourse, lessonId: b.ids.publishedLessons[0] };
      const body = (await (await post({ events: [event] }, b.key)).json()) as Results;
      expect(body.results[0].reason).toBe("occurredAt is older than this organization's raw event retention (1 days)");
    } finally {
      await withServiceDb("test: restore retention", (tx) => tx.update(organizationSettings).set({ rawRetentionDays: 30 }).where(eq(organizationSettings.organizationId, b.org.id)), testDb());
    }
  });

  it("accepts an event anywhere inside a longer retention once the partitions job has run (not only the last week)", async () => {
    // Runs as the route does (ingestEvents in a service transaction), rolled
    // back, so the 90 days of partitions it needs never reach other tests.
    const event = lessonCompleted({ occurredAt: ago(80 * 24 * 60 * minutes(1)) });
    const outcome = await attemptAsService(async (tx) => {
      await tx.update(organizationSettings).set({ rawRetentionDays: 90 }).where(eq(organizationSettings.organizationId, a.org.id));
      await runJob(tx, "ensure_raw_event_partitions");
      return ingestEvents(tx, a.org.id, [event]);
    });
    expect(outcome).toEqual({ ok: true, value: [{ index: 0, status: "stored" }] });
  });

  it("refuses, with a reason, an event inside the window whose day has no partition yet (never dropped silently)", async () => {
    // The partitions job (and a retention change) create every day of the
    // window ahead; a day whose partition is nevertheless missing (here:
    // dropped by hand) refuses its events one by one. Org B keeps 60 days for this test.
    await withServiceDb("test: lengthen retention", (tx) => tx.update(organizationSettings).set({ rawRetentionDays: 60 }).where(eq(organizationSettings.organizationId, b.org.id)), testDb());
    try {
      const day = await withServiceDb(
        "test: drop a day's partition of the 60-day class",
        async (tx) => {
          const [row] = await tx.execute<{ day: string }>(sql`select (current_date - 40)::text as day`);
          await tx.execute(sql.raw(`drop table if exists public.${rawEventPartitionName(60, row.day)}`));
          return (await tx.execute<{ day: string }>(sql`
            select d::date::text as day from generate_series(current_date - 58, current_date - 2, interval '1 day') as d
            where to_regclass(format('public.raw_events_r0060_%s', to_char(d, 'YYYYMMDD'))) is null
            order by d desc limit 1`))[0]?.day;
        },
        testDb(),
      );
      expect(day, "a day without a partition in the window").toBeDefined();
      const forB = (overrides: Record<string, unknown>) => ({
        type: "lesson_started",
        userId: b.org.members.learner.sub,
        occurredAt: ago(minutes(1)),
        idempotencyKey: `test-${randomUUID()}`,
        courseId: b.ids.publishedCourse,
        lessonId: b.ids.publishedLessons[0],
        ...overrides,
      });
      const missing = forB({ occurredAt: `${day}T12:00:00Z` });
      const body = (await (await post({ events: [missing, forB({})] }, b.key)).json()) as Results;
      expect(body.results).toEqual([
        { index: 0, status: "rejected", reason: `no raw event partition exists for ${day} yet: send this event again shortly` },
        { index: 1, status: "stored" },
      ]);
      expect(await storedEvents([missing.idempotencyKey])).toHaveLength(0);
    } finally {
      await withServiceDb("test: restore retention", (tx) => tx.update(organizationSettings).set({ rawRetentionDays: 30 }).where(eq(organizationSettings.organizationId, b.org.id)), testDb());
    }
  });
});

describe("contexts the database would refuse", () => {
  it("rejects, alone, an event whose context fits 4 KB of JSON but not 4096 bytes once stored; the rest of the batch is stored", async () => {
    // Many small numbers: about 3.8 KB of JSON, twice that as jsonb.
    const dense = Object.fromEntries(Array.from({ length: 440 }, (_, i) => [`k${i}`, i % 10]));
    expect(Buffer.byteLength(JSON.stringify(dense))).toBeLessThanOrEqual(4096);
    const events = [lessonCompleted({ context: dense }), lessonCompleted({ context: { tool: "lms" } })];
    const response = await post({ events });
    expect(response.status).toBe(202);
    const body = (await response.json()) as Results;
    expect(body.results[0]).toMatchObject({ index: 0, status: "rejected" });
    expect(body.results[0].reason).toMatch(/^context is \d+ bytes once stored; at most 4096$/);
    expect(body.results[1]).toEqual({ index: 1, status: "stored" });
    expect(await storedEvents([events[0].idempotencyKey])).toHaveLength(0);
  });
});

describe("values Postgres text/jsonb cannot store are rejected per event; the rest of the batch is stored", () => {
  // Each batch: one valid event, then the bad one. Sent as raw JSON text, as a
  // client would: "\u0000" and a lone "\ud800" are valid JSON escapes.
  async function validPlusBad(badJson: string) {
    const valid = lessonCompleted();
    const text = `{"events": [${JSON.stringify(valid)}, ${badJson}]}`;
    const response = await post(text);
    expect(response.status).toBe(202);
    const body = (await response.json()) as Results;
    expect(body.results[0]).toEqual({ index: 0, status: "stored" });
    expect(body.results[1].status).toBe("rejected");
    expect(await storedEvents([valid.idempotencyKey])).toHaveLength(1);
    return body.results[1].reason!;
  }
  // A valid lesson_completed event with `fields` (raw JSON members) added; a
  // repeated name wins over the first, as in JSON.parse.
  const badEvent = (fields: string) => `{${JSON.stringify(lessonCompleted()).slice(1, -1)}, ${fields}}`;

  it("NUL (\\u0000) in the idempotency key", async () => {
    const reason = await validPlusBad(badEvent(`"idempotencyKey": "lms-\\u0000-${randomUUID()}"`));
    expect(reason).toBe("idempotencyKey: contains the NUL character (\\u0000), which the database cannot store");
  });

  it("NUL in a context value and in a context key", async () => {
    expect(await validPlusBad(badEvent(`"context": {"tool": "l\\u0000ms"}`))).toMatch(/^context\.tool: contains the NUL character/);
    expect(await validPlusBad(badEvent(`"context": {"a": {"k\\u0000": 1}}`))).toMatch(/^context\.a: the key "k\\u0000" contains the NUL character/);
  });

  it("a lone UTF-16 surrogate in the idempotency key, a context value or a context key", async () => {
    expect(await validPlusBad(badEvent(`"idempotencyKey": "lms-\\ud800-${randomUUID()}"`))).toMatch(/^idempotencyKey: contains a lone UTF-16 surrogate/);
    expect(await validPlusBad(badEvent(`"context": {"list": ["ok", "\\udc00x"]}`))).toMatch(/^context\.list\[1\]: contains a lone UTF-16 surrogate/);
    expect(await validPlusBad(badEvent(`"context": {"\\udbff": true}`))).toMatch(/^context: the key .* contains a lone UTF-16 surrogate/);
  });

  it("a context nested 100,000 levels deep (arrays or objects), and one level past the bound", async () => {
    const deepArrays = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(await validPlusBad(badEvent(`"context": {"deep": ${deepArrays}}`))).toBe(
      `context is nested more than ${MAX_CONTEXT_DEPTH} levels deep (at context.deep${"[0]".repeat(MAX_CONTEXT_DEPTH - 1)}); flatten it`,
    );
    const deepObjects = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    expect(await validPlusBad(badEvent(`"context": ${deepObjects}`))).toMatch(/^context is nested more than 32 levels deep/);
    const justOver = `${'{"a":'.repeat(MAX_CONTEXT_DEPTH + 1)}1${"}".repeat(MAX_CONTEXT_DEPTH + 1)}`;
    expect(await validPlusBad(badEvent(`"context": ${justOver}`))).toMatch(/^context is nested more than 32 levels deep/);
  });

  it("a number too large to be stored (JSON.parse makes 1e400 Infinity)", async () => {
    expect(await validPlusBad(badEvent(`"context": {"huge": 1e400}`))).toBe("context.huge: is a number too large to store");
  });

  it("all of them in one batch: only the valid events are stored, each bad one has its reason", async () => {
    const valid = [lessonCompleted(), lessonCompleted()];
    const bad = [
      badEvent(`"idempotencyKey": "nul-\\u0000-${randomUUID()}"`),
      badEvent(`"context": {"t": "\\ud83d"}`),
      badEvent(`"context": {"deep": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`),
    ];
    const response = await post(`{"events": [${JSON.stringify(valid[0])}, ${bad.join(", ")}, ${JSON.stringify(valid[1])}]}`);
    expect(response.status).toBe(202);
    const body = (await response.json()) as Results;
    expect(body).toMatchObject({ stored: 2, rejected: 3 });
    expect(body.results.map((result) => result.status)).toEqual(["stored", "rejected", "rejected", "rejected", "stored"]);
    expect(await storedEvents(valid.map((event) => event.idempotencyKey))).toHaveLength(2);
  });

  it("stores what is storable: a context exactly 32 levels deep, paired surrogates (emoji) and other control characters", async () => {
    let deepest: Record<string, unknown> = { leaf: "\u{1F393} tab\there \u0001" };
    for (let level = 1; level < MAX_CONTEXT_DEPTH; level++) deepest = { a: deepest };
    const event = lessonCompleted({ idempotencyKey: `emoji-\u{1F393}-${randomUUID()}`, context: deepest });
    const body = (await (await post({ events: [event] })).json()) as Results;
    expect(body.results).toEqual([{ index: 0, status: "stored" }]);
    const [row] = await storedEvents([event.idempotencyKey]);
    expect(row.context).toEqual(deepest);
  });
});

describe("refused requests store nothing", () => {
  async function refusedWithout(response: Response, status: number, message: RegExp) {
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  }

  it("malformed JSON: 400", async () => {
    const before = await eventCount(a.org.id);
    await refusedWithout(await post('{"events": [ {"type": "lesson_started",'), 400, /not valid JSON/);
    expect(await eventCount(a.org.id)).toBe(before);
  });

  it("a body that is not {events: [...]}: 400; an empty batch: 400", async () => {
    await refusedWithout(await post([lessonCompleted()]), 400, /\{"events"/);
    await refusedWithout(await post({ events: [lessonCompleted()], extra: 1 }), 400, /\{"events"/);
    await refusedWithout(await post({ events: [] }), 400, /no events/);
  });

  it(`a batch of more than ${MAX_EVENTS_PER_BATCH} events: 413, and none of it is stored`, async () => {
    const events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => lessonCompleted());
    await refusedWithout(await post({ events }), 413, /at most 1000/);
    expect(await storedEvents([events[0].idempotencyKey])).toHaveLength(0);
  });

  it("a batch of exactly 1000 events is accepted", async () => {
    const events = Array.from({ length: MAX_EVENTS_PER_BATCH }, () => lessonCompleted());
    const response = await post({ events });
    expect(response.status).toBe(202);
    expect(((await response.json()) as Results).stored).toBe(MAX_EVENTS_PER_BATCH);
  });

  it("a body over 1 MB: 413 (declared in Content-Length, or only found while reading)", async () => {
    const big = JSON.stringify({ events: [lessonCompleted({ context: { padding: "x".repeat(MAX_BATCH_BYTES) } })] });
    await refusedWithout(await post(big, a.key, { "content-length": String(Buffer.byteLength(big)) }), 413, /larger than/);
    const streamed = new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${a.key}` },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    await refusedWithout(await POST(streamed), 413, /larger than/);
  });

  it("no key, a wrong key or a key of the wrong form: 401", async () => {
    const response = await post({ events: [lessonCompleted()] }, null);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    await refusedWithout(response, 401, /Authorization: Bearer/);
    await refusedWithout(await post({ events: [lessonCompleted()] }, `sw_live_${"A".repeat(43)}`), 401, /not valid or has been revoked/);
    await refusedWithout(await post({ events: [lessonCompleted()] }, null, { authorization: `Basic ${a.key}` }), 401, /Bearer/);
  });

  it("a revoked key: 401, and its events are not stored", async () => {
    const { id, key } = await withUserDb(a.org.owner, (tx) => createApiKey(tx, { organizationId: a.org.id, name: "Old tool", createdBy: a.org.owner.sub }), {}, testDb());
    expect((await post({ events: [lessonCompleted()] }, key)).status).toBe(202);
    await withUserDb(a.org.owner, (tx) => revokeApiKey(tx, { organizationId: a.org.id, apiKeyId: id }), {}, testDb());
    const event = lessonCompleted();
    await refusedWithout(await post({ events: [event] }, key), 401, /revoked/);
    expect(await storedEvents([event.idempotencyKey])).toHaveLength(0);
  });
});

describe("API keys", () => {
  it("are sw_live_ + 43 characters, stored as a SHA-256 and a prefix, never in clear", async () => {
    const created = await withUserDb(a.org.owner, (tx) => createApiKey(tx, { organizationId: a.org.id, name: "Check", createdBy: a.org.owner.sub }), {}, testDb());
    expect(created.key).toMatch(/^sw_live_[A-Za-z0-9_-]{43}$/);
    expect(created.key).not.toMatch(/sk_live_/);
    const [row] = await withServiceDb("test: read the key row", (tx) => tx.select().from(apiKeys).where(eq(apiKeys.id, created.id)), testDb());
    expect(row.keyPrefix).toBe(created.key.slice(0, 12));
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.key);
  });

  it("are managed only by holders of api_keys.manage (a trainer cannot create one)", async () => {
    const outcome = await withUserDb(a.org.members.trainer, (tx) => createApiKey(tx, { organizationId: a.org.id, name: "Sneaky", createdBy: a.org.members.trainer.sub }), {}, testDb()).then(
      () => "created",
      (error: { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(outcome).toBe("42501");
  });

  it("revoking another organization's key finds nothing", async () => {
    const [bKey] = await withServiceDb("test: org B's key", (tx) => tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.organizationId, b.org.id)), testDb());
    await expect(withUserDb(a.org.owner, (tx) => revokeApiKey(tx, { organizationId: b.org.id, apiKeyId: bKey.id }), {}, testDb())).rejects.toThrow(/not found/);
  });
});
