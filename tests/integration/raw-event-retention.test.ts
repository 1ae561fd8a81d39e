// Raw event retention by dropping partitions (supabase/migrations/
// 20261130000210_raw_event_retention.sql): raw_events is LIST-partitioned by
// retention class, each class by UTC day, so organizations with different
// retentions share no partition and the drop job removes each organization's
// events within a day of its own retention by DROP TABLE, never DELETE; the
// idempotency keys expire with them; a retention change moves an
// organization's rows; the set-based insert stores what the per-row one did;
// and the migration keeps the rows of a database laid out the old way.
// Everything that drops or creates partitions in the shared test database
// runs in a transaction that is rolled back.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createDatabase, type Tx } from "@/db/client";
import { migrate } from "@/db/migrate";
import { runJob } from "@/db/jobs";
import { RAW_RETENTION_CLASSES, storeRawEvents, type RawEventInput } from "@/db/queries/raw-events";
import { createOrg, type TestOrg } from "../support/db";
import { attemptAsService } from "../support/attempt";

/** Runs `fn` as the owner in a transaction that is always rolled back; fails the test on an error. */
async function rolledBack<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const outcome = await attemptAsService(fn);
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome.value;
}

const setRetention = (tx: Tx, org: string, days: number) =>
  tx.execute(sql`insert into public.organization_settings (organization_id, raw_retention_days) values (${org}::uuid, ${days})
                 on conflict (organization_id) do update set raw_retention_days = excluded.raw_retention_days`);

/** Stores one event of the org's learner at noon (UTC) `daysAgo` days back, keyed `<key>`. */
const eventAt = (tx: Tx, org: TestOrg, daysAgo: number, key: string) =>
  tx.execute(sql`select private.insert_raw_event(${org.id}::uuid, ${org.members.learner.sub}::uuid, 'lesson_started',
    (((now() at time zone 'utc')::date - ${daysAgo}::int) + time '12:00') at time zone 'UTC', ${key})`);

/** The org's events: key and the class partition holding it, by key. */
const eventsOf = async (tx: Tx, org: string) => [
  ...(await tx.execute<{ key: string; class: string; id: number }>(sql`
    select e.idempotency_key as key, i.inhparent::regclass::text as class, e.id::int as id
    from public.raw_events e join pg_inherits i on i.inhrelid = e.tableoid
    where e.organization_id = ${org}::uuid order by e.idempotency_key`)),
];
const keysOf = async (tx: Tx, org: string) =>
  [...(await tx.execute<{ key: string; retention: number }>(sql`
    select idempotency_key as key, retention_days as retention from public.raw_event_keys
    where organization_id = ${org}::uuid order by idempotency_key`))];

/** Day partitions (names) of a class for days strictly between today - from and today - to. */
const dayPartitions = async (tx: Tx, retention: number, fromDaysAgo: number, toDaysAgo: number) =>
  [...(await tx.execute<{ name: string }>(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${`public.raw_events_r${String(retention).padStart(4, "0")}`}::regclass
      and c.relname >= format('raw_events_r%s_%s', to_char(${retention}::int, 'FM0000'), to_char((now() at time zone 'utc')::date - ${fromDaysAgo}::int, 'YYYYMMDD'))
      and c.relname <= format('raw_events_r%s_%s', to_char(${retention}::int, 'FM0000'), to_char((now() at time zone 'utc')::date - ${toDaysAgo}::int, 'YYYYMMDD'))
    order by 1`))].map((row) => row.name);

describe("retention classes", () => {
  it("are the same list in TypeScript, in private.raw_retention_classes() and in the settings' check constraint", async () => {
    const { classes, constraint } = await rolledBack(async (tx) => {
      const [{ classes }] = await tx.execute<{ classes: number[] }>(sql`select private.raw_retention_classes() as classes`);
      const [{ constraint }] = await tx.execute<{ constraint: string }>(sql`
        select pg_get_constraintdef(oid) as constraint from pg_constraint where conname = 'organization_settings_raw_retention_class'`);
      return { classes, constraint };
    });
    expect(classes).toEqual([...RAW_RETENTION_CLASSES]);
    expect(constraint.match(/\d+/g)?.map(Number)).toEqual([...RAW_RETENTION_CLASSES]);
  });

  it("an organization's retention must be a class", async () => {
    const org = await createOrg();
    const outcome = await attemptAsService((tx) => setRetention(tx, org.id, 45));
    expect(outcome.ok ? "accepted" : outcome.code).toBe("23514");
  });
});

describe("the drop job", () => {
  it("drops a 7-day organization's days past 7 days and keeps a 365-day organization's same days, by DROP, never DELETE; the keys follow", async () => {
    const short = await createOrg({ learner: "learner" });
    const long = await createOrg({ learner: "learner" });
    const days = [0, 1, 7, 8, 20];
    const result = await rolledBack(async (tx) => {
      await setRetention(tx, short.id, 7);
      await setRetention(tx, long.id, 365);
      // History from before the 7-day organization had 7 days (its partitions of those days).
      await tx.execute(sql`select private.create_raw_event_partitions(7, (now() at time zone 'utc')::date - 20, (now() at time zone 'utc')::date - 8)`);
      for (const org of [short, long]) for (const day of days) await eventAt(tx, org, day, `day-${String(day).padStart(3, "0")}`);
      await eventAt(tx, long, 300, "day-300");
      const before = { shortParts: await dayPartitions(tx, 7, 20, 8), longParts: await dayPartitions(tx, 365, 20, 8) };
      const dropped = await runJob(tx, "drop_expired_raw_event_partitions");
      const expired = await runJob(tx, "expire_raw_event_keys");
      const [{ deletes }] = await tx.execute<{ deletes: number }>(sql`
        select coalesce(sum(n_tup_del), 0)::int as deletes from pg_stat_xact_user_tables where relname like 'raw_events_r%'`);
      const [{ oldest }] = await tx.execute<{ oldest: boolean }>(sql`
        select coalesce(min(occurred_at) >= now() - interval '8 days', true) as oldest from public.raw_events where organization_id = ${short.id}::uuid`);
      return {
        before,
        dropped: Number(dropped),
        expired: Number(expired),
        deletes,
        oldest,
        after: { shortParts: await dayPartitions(tx, 7, 20, 8), longParts: await dayPartitions(tx, 365, 20, 8) },
        short: (await eventsOf(tx, short.id)).map((e) => `${e.key} ${e.class}`),
        long: (await eventsOf(tx, long.id)).map((e) => `${e.key} ${e.class}`),
        shortKeys: (await keysOf(tx, short.id)).map((k) => k.key),
        longKeys: (await keysOf(tx, long.id)).map((k) => k.key),
      };
    });
    expect(result.before.shortParts).toHaveLength(13);
    expect(result.before.longParts).toHaveLength(13);
    // Older than its retention + 1 day: gone, with the partitions that held them.
    expect(result.short).toEqual(["day-000 raw_events_r0007", "day-001 raw_events_r0007", "day-007 raw_events_r0007"]);
    expect(result.oldest).toBe(true);
    expect(result.after.shortParts).toEqual([]);
    expect(result.dropped).toBeGreaterThanOrEqual(13);
    // The other organization's events of the same days stay, in their own partitions.
    expect(result.long).toEqual([...days.map((day) => `day-${String(day).padStart(3, "0")} raw_events_r0365`), "day-300 raw_events_r0365"]);
    expect(result.after.longParts).toEqual(result.before.longParts);
    // No row was deleted from any raw_events partition: the days went by DROP TABLE.
    expect(result.deletes).toBe(0);
    // Idempotency keys expire with their events.
    expect(result.shortKeys).toEqual(["day-000", "day-001", "day-007"]);
    expect(result.longKeys).toEqual(["day-000", "day-001", "day-007", "day-008", "day-020", "day-300"]);
    expect(result.expired).toBeGreaterThanOrEqual(2);
  });

  it("a second run drops nothing", async () => {
    const second = await rolledBack(async (tx) => {
      await runJob(tx, "drop_expired_raw_event_partitions");
      return runJob(tx, "drop_expired_raw_event_partitions");
    });
    expect(second).toBe("0");
  });
});

describe("an organization changing its retention", () => {
  it("loses its events past the shorter retention, and its other events move with their ids and keys; new events follow the new class", async () => {
    const org = await createOrg({ learner: "learner" });
    const result = await rolledBack(async (tx) => {
      for (const day of [1, 10, 25]) await eventAt(tx, org, day, `day-${String(day).padStart(3, "0")}`);
      const start = await eventsOf(tx, org.id);
      await setRetention(tx, org.id, 7);
      const shorter = await eventsOf(tx, org.id);
      const shorterKeys = await keysOf(tx, org.id);
      await setRetention(tx, org.id, 90);
      const longer = await eventsOf(tx, org.id);
      const stored = await storeRawEvents(tx, org.id, [{ userId: org.members.learner.sub, type: "lesson_started", occurredAt: new Date(), idempotencyKey: "after" }], "api");
      return { start, shorter, shorterKeys, longer, stored, latest: await eventsOf(tx, org.id), keys: await keysOf(tx, org.id) };
    });
    expect(result.start.map((e) => e.class)).toEqual(["raw_events_r0030", "raw_events_r0030", "raw_events_r0030"]);
    expect(result.shorter).toEqual([{ ...result.start[0], class: "raw_events_r0007" }]);
    expect(result.shorterKeys).toEqual([{ key: "day-001", retention: 7 }]);
    expect(result.longer).toEqual([{ ...result.start[0], class: "raw_events_r0090" }]);
    expect(result.stored).toEqual([{ status: "stored" }]);
    expect(result.latest.map((e) => `${e.key} ${e.class}`)).toEqual(["after raw_events_r0090", "day-001 raw_events_r0090"]);
    expect(result.keys).toEqual([{ key: "after", retention: 90 }, { key: "day-001", retention: 90 }]);
  });
});

describe("set-based ingestion (private.insert_raw_events)", () => {
  it("stores what the per-row private.insert_raw_event stores, with the same stored/duplicate answers, in one statement", async () => {
    const org = await createOrg({ learner: "learner", other: "learner" });
    const at = new Date(Date.now() - 60_000);
    const batch = (prefix: string): RawEventInput[] => [
      { userId: org.members.learner.sub, type: "lesson_started", occurredAt: at, idempotencyKey: `${prefix}-a`, durationSeconds: 30, context: { source: "lms", n: [1, 2] } },
      { userId: org.members.other.sub, type: "session_heartbeat", occurredAt: at, idempotencyKey: `${prefix}-b` },
      { userId: org.members.learner.sub, type: "lesson_started", occurredAt: at, idempotencyKey: `${prefix}-a`, durationSeconds: 99 }, // repeated in the batch
      { userId: org.members.learner.sub, type: "assessment_submitted", occurredAt: at, idempotencyKey: `${prefix}-earlier`, score: 87.5 }, // stored before
      { userId: org.members.other.sub, type: "content_viewed", occurredAt: at, idempotencyKey: `${prefix}-c`, context: {} },
    ];
    const { perRow, setBased, rows } = await rolledBack(async (tx) => {
      const perRow: boolean[] = [];
      for (const prefix of ["row", "set"]) {
        await tx.execute(sql`select private.insert_raw_event(${org.id}::uuid, ${org.members.learner.sub}::uuid, 'lesson_started', now(), ${`${prefix}-earlier`})`);
      }
      for (const event of batch("row")) {
        const [{ stored }] = await tx.execute<{ stored: boolean }>(sql`select private.insert_raw_event(${org.id}::uuid, ${event.userId}::uuid, ${event.type},
          ${event.occurredAt.toISOString()}::timestamptz, ${event.idempotencyKey}, null, null, null, null, ${event.durationSeconds ?? null}::integer,
          ${event.score ?? null}::numeric, ${JSON.stringify(event.context ?? {})}::jsonb, 'api') as stored`);
        perRow.push(stored);
      }
      const setBased = await storeRawEvents(tx, org.id, batch("set"), "api");
      const rows = await tx.execute<{ prefix: string; rest: string; row: string }>(sql`
        select split_part(idempotency_key, '-', 1) as prefix, split_part(idempotency_key, '-', 2) as rest,
          jsonb_build_array(user_id, event_type, course_id, lesson_id, assessment_id, task_id, duration_seconds, score, context, source, occurred_at, retention_days)::text as row
        from public.raw_events where organization_id = ${org.id}::uuid and source = 'api' order by 2, 1`);
      return { perRow, setBased, rows: [...rows] };
    });
    expect(perRow).toEqual([true, true, false, false, true]);
    expect(setBased).toEqual(perRow.map((stored) => ({ status: stored ? "stored" : "duplicate" })));
    const by = (prefix: string) => rows.filter((row) => row.prefix === prefix).map(({ rest, row }) => ({ rest, row }));
    expect(by("set")).toEqual(by("row"));
    expect(by("set")).toHaveLength(3);
  });

  it("rejects, one by one with the reason, what the per-row function would refuse, and stores the rest", async () => {
    const org = await createOrg({ learner: "learner" });
    const stranger = await createOrg({ learner: "learner" });
    const learner = org.members.learner.sub;
    const now = new Date();
    const outcomes = await rolledBack((tx) =>
      storeRawEvents(
        tx,
        org.id,
        [
          { userId: learner, type: "lesson_started", occurredAt: now, idempotencyKey: `ok-${randomUUID()}` },
          { userId: learner, type: "not_a_type", occurredAt: now, idempotencyKey: `bad-type-${randomUUID()}` },
          { userId: stranger.members.learner.sub, type: "lesson_started", occurredAt: now, idempotencyKey: `stranger-${randomUUID()}` },
          { userId: learner, type: "lesson_started", occurredAt: now, idempotencyKey: `course-${randomUUID()}`, courseId: randomUUID() },
          { userId: learner, type: "lesson_started", occurredAt: new Date("1999-12-31T12:00:00Z"), idempotencyKey: `old-${randomUUID()}` },
          { userId: learner, type: "lesson_started", occurredAt: now, idempotencyKey: `dur-${randomUUID()}`, durationSeconds: 90_000 },
          { userId: learner, type: "goal_progressed", occurredAt: now, idempotencyKey: `goal-${randomUUID()}`, context: { goalId: randomUUID(), progress: 50 } },
          { userId: learner, type: "lesson_started", occurredAt: now, idempotencyKey: `ok2-${randomUUID()}` },
        ],
        "api",
      ),
    );
    expect(outcomes).toEqual([
      { status: "stored" },
      { status: "rejected", reason: 'Unknown event type "not_a_type"' },
      { status: "rejected", reason: "userId is not a member of this API key's organization" },
      { status: "rejected", reason: "courseId does not belong to this organization" },
      { status: "rejected", reason: "no raw event partition exists for 1999-12-31 yet: send this event again shortly" },
      { status: "rejected", reason: "durationSeconds must be between 0 and 86400" },
      { status: "rejected", reason: "context.goalId is not a goal of this user in this organization" },
      { status: "stored" },
    ]);
  });

  it("is not callable by users", async () => {
    const org = await createOrg();
    const { attemptAs } = await import("../support/attempt");
    const outcome = await attemptAs(org.owner, (tx) => tx.execute(sql`select * from private.insert_raw_events(${org.id}::uuid, '[]'::jsonb, 'api')`));
    expect(outcome.ok ? "called" : outcome.code).toBe("42501");
  });
});

// The relayout on a database that already holds events the old way (one
// partition per day for everybody): a database of its own, migrated up to
// just before the retention migrations, filled, then migrated to the end.
const dbName = `relayout_${randomUUID().slice(0, 8)}`;
const adminUrl = process.env.DATABASE_URL!;
let own: ReturnType<typeof createDatabase> | undefined;
const url = () => adminUrl.replace(/\/[^/?]+(\?|$)/, `/${dbName}$1`);

beforeAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  await migrate(url(), () => {}, { before: "20261130000200" });
  own = createDatabase(url(), { max: 1 });
}, 120_000);

afterAll(async () => {
  await own?.client.end();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

describe("the relayout migration", () => {
  it("keeps every existing event with its id, in its organization's class (settings off a class rounded up), and its keys", async () => {
    const db = own!.db;
    const users = ["00000000-0000-4000-8000-0000000000a1", "00000000-0000-4000-8000-0000000000b1"];
    const orgs = ["00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"];
    await db.execute(sql`insert into auth.users (id, email) values (${users[0]}, 'a@relayout.test'), (${users[1]}, 'b@relayout.test')`);
    await db.execute(sql`insert into public.organizations (id, name, slug) values (${orgs[0]}, 'Org A', 'relayout-a'), (${orgs[1]}, 'Org B', 'relayout-b')`);
    await db.execute(sql`insert into public.memberships (organization_id, user_id, role, is_owner)
                         values (${orgs[0]}, ${users[0]}, 'org_admin', true), (${orgs[1]}, ${users[1]}, 'org_admin', true)`);
    await db.execute(sql`insert into public.organization_settings (organization_id, raw_retention_days) values (${orgs[1]}, 45)`);
    await db.execute(sql`select public.ensure_raw_event_partitions(7)`);
    await db.execute(sql`select private.insert_raw_event(${orgs[0]}::uuid, ${users[0]}::uuid, 'lesson_started', now() - g * interval '1 day', 'a' || g) from generate_series(0, 20) g`);
    await db.execute(sql`select private.insert_raw_event(${orgs[1]}::uuid, ${users[1]}::uuid, 'lesson_started', now() - g * interval '1 day', 'b' || g) from generate_series(0, 40) g`);
    const snapshot = async () =>
      [...(await db.execute<{ id: number; key: string; at: string }>(sql`select id::int, idempotency_key as key, occurred_at::text as at from public.raw_events order by id`))];
    const before = await snapshot();
    expect(before).toHaveLength(62);

    await migrate(url());

    expect(await snapshot()).toEqual(before);
    const classes = await db.execute<{ org: string; retention: number; events: number; keys: number }>(sql`
      select e.organization_id::text as org, e.retention_days as retention, count(*)::int as events,
        (select count(*)::int from public.raw_event_keys k where k.organization_id = e.organization_id and k.retention_days = e.retention_days) as keys
      from public.raw_events e group by e.organization_id, e.retention_days order by 1`);
    expect([...classes]).toEqual([
      { org: orgs[0], retention: 30, events: 21, keys: 21 },
      { org: orgs[1], retention: 60, events: 41, keys: 41 },
    ]);
    const [{ setting, next }] = await db.execute<{ setting: number; next: number }>(sql`
      select (select raw_retention_days from public.organization_settings where organization_id = ${orgs[1]}::uuid) as setting,
             nextval('public.raw_events_id_seq')::int as next`);
    expect(setting).toBe(60);
    expect(next).toBe(Math.max(...before.map((row) => row.id)) + 1);
  });
});
