// What may enter the event stream, whichever path an event takes: only the
// app's event types (one list in SQL, private.event_types(), which must equal
// EVENT_TYPES of lib/events/types.ts), contexts of at most 4096 bytes as
// stored, and learners' own events only through the server: record_event
// lives in schema `app`, which Supabase's Data API does not expose, instead
// of `public`, where any member could call it with types, contexts and
// idempotency keys of their choosing.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { recordEvent } from "@/db/queries/events";
import { EVENT_TYPES } from "@/lib/events/types";
import { createOrg, testDb, withServiceDb, type TestOrg } from "../support/db";
import { attemptAs, attemptAsService, type Outcome } from "../support/attempt";

let org: TestOrg;
beforeAll(async () => {
  org = await createOrg({ learner: "learner" });
});

const code = (outcome: Outcome<unknown>) => (outcome.ok ? "ok" : outcome.code);
const failure = (outcome: Outcome<unknown>) => (outcome.ok ? "ok" : `${outcome.code}: ${outcome.message}`);

/** app.record_event as the learner, with raw arguments (as a direct caller would send them). */
function recordRaw(kind: string, ctx: unknown, key = `test-${Math.random()}`) {
  return attemptAs(org.members.learner, (tx: Tx) =>
    tx.execute(sql`select app.record_event(${org.id}::uuid, ${kind}, ${key}, ctx => ${JSON.stringify(ctx)}::jsonb) as stored`),
  );
}

/** A JSON object whose text is under 4096 bytes but whose jsonb is over: many small numbers. */
const denseContext = Object.fromEntries(Array.from({ length: 440 }, (_, i) => [`k${i}`, i % 10]));

describe("the event type list", () => {
  it("in SQL equals EVENT_TYPES of lib/events/types.ts, in order (change both together)", async () => {
    const [row] = await withServiceDb("test: the SQL event types", (tx) => tx.execute<{ types: string[] }>(sql`select private.event_types() as types`), testDb());
    expect(row.types).toEqual(EVENT_TYPES);
  });
});

describe("app.record_event", () => {
  it("stores the learner's own event of a known type", async () => {
    const outcome = await attemptAs(org.members.learner, (tx) => recordEvent(tx, { organizationId: org.id, type: "session_heartbeat", durationSeconds: 30 }));
    expect(outcome).toEqual({ ok: true, value: true });
  });

  it("refuses a type outside the list, whatever the caller sends", async () => {
    expect(failure(await recordRaw("lesson_teleported", {}))).toBe('SW400: Unknown event type "lesson_teleported"');
  });

  it("refuses a context over 4096 bytes as stored, or one that is not an object", async () => {
    expect(failure(await recordRaw("session_heartbeat", { blob: "x".repeat(5000) }))).toMatch(/^SW400: context is \d+ bytes once stored; at most 4096$/);
    expect(JSON.stringify(denseContext).length).toBeLessThan(4096);
    expect(failure(await recordRaw("session_heartbeat", denseContext))).toMatch(/^SW400: context is \d+ bytes once stored; at most 4096$/);
    expect(failure(await recordRaw("session_heartbeat", ["not", "an", "object"]))).toBe("SW400: context must be a JSON object");
    expect(code(await recordRaw("session_heartbeat", { small: true }))).toBe("ok");
  });

  it("is not in the exposed public schema any more", async () => {
    const [row] = await withServiceDb(
      "test: read the catalog",
      (tx) =>
        tx.execute<{ schemas: string[] }>(sql`
          select array_agg(n.nspname::text order by n.nspname) as schemas
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace where p.proname = 'record_event'`),
      testDb(),
    );
    expect(row.schemas).toEqual(["app"]);
    const old = await attemptAs(org.members.learner, (tx) => tx.execute(sql`select public.record_event(${org.id}::uuid, 'session_heartbeat', 'k')`));
    expect(code(old)).toBe("42883"); // undefined_function
  });

  it("is not callable by anonymous visitors, who cannot even use schema app", async () => {
    const outcome = await attemptAs(null, (tx) => tx.execute(sql`select app.record_event(${org.id}::uuid, 'session_heartbeat', 'anon-key')`));
    expect(code(outcome)).toBe("42501");
    const [usage] = await withServiceDb(
      "test: schema privileges",
      (tx) =>
        tx.execute<{ anon: boolean; authenticated: boolean }>(sql`
          select has_schema_privilege('anon', 'app', 'USAGE') as anon, has_schema_privilege('authenticated', 'app', 'USAGE') as authenticated`),
      testDb(),
    );
    expect(usage).toEqual({ anon: false, authenticated: true });
  });
});

describe("private.insert_raw_event (the ingestion API's and the server's path)", () => {
  const insert = (kind: string, ctx: unknown) =>
    attemptAsService((tx) =>
      tx.execute(sql`select private.insert_raw_event(${org.id}::uuid, ${org.members.learner.sub}::uuid, ${kind}, now(), ${`svc-${Math.random()}`},
                       ctx => ${JSON.stringify(ctx)}::jsonb)`),
    );

  it("refuses the same unknown types and oversized contexts", async () => {
    expect(failure(await insert("lesson_teleported", {}))).toBe('SW400: Unknown event type "lesson_teleported"');
    expect(failure(await insert("session_heartbeat", denseContext))).toMatch(/^SW400: context is \d+ bytes once stored/);
    expect(code(await insert("session_heartbeat", { ok: 1 }))).toBe("ok");
  });
});
