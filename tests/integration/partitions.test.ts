// Partitions of raw_events: LIST by retention class (retention_days), each
// class cut by UTC day (raw_events_r<class>_YYYYMMDD). Created by a job, for
// every class some organization uses, for every day an event may still be
// accepted (the class's retention back from today, up to 7 days ahead);
// idempotent, without grants (RLS lives on the parent), and no event lands
// outside them. Dropping them is tests/integration/raw-event-retention.test.ts.
// Every test that creates partitions runs in a transaction that is rolled
// back, so other test files see the migrated state only.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { listJobs, runJob } from "@/db/jobs";
import { RAW_RETENTION_CLASSES, rawEventPartitionName } from "@/db/queries/raw-events";
import { toAppError } from "@/lib/errors";
import { createOrg, testDb, withServiceDb } from "../support/db";
import { attemptAs, attemptAsService } from "../support/attempt";

const scalar = async <T>(tx: Tx, query: ReturnType<typeof sql>) => Object.values((await tx.execute<Record<string, T>>(query))[0])[0];

async function partitionsBetween(tx: Tx, retention: number, from: string, to: string) {
  const rows = await tx.execute<{ parent: string; name: string; bound: string }>(sql`
    select i.inhparent::regclass::text as parent, c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${`public.${rawEventPartitionName(retention, from).slice(0, "raw_events_r0000".length)}`}::regclass
      and c.relname between ${rawEventPartitionName(retention, from)} and ${rawEventPartitionName(retention, to)}
    order by 2`);
  return [...rows];
}

/** Runs `fn` as the owner in a transaction that is always rolled back; fails the test on an error. */
async function rolledBack<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const outcome = await attemptAsService(fn);
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome.value;
}

describe("the partition tree", () => {
  it("is LIST by retention class, one partition per class of private.raw_retention_classes(), each RANGE by day", async () => {
    const classes = await rolledBack(async (tx) => [
      ...(await tx.execute<{ name: string; bound: string; strategy: string }>(sql`
        select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound, p.partstrat as strategy
        from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_partitioned_table p on p.partrelid = c.oid
        where i.inhparent = 'public.raw_events'::regclass order by c.relname`)),
    ]);
    const [root] = await rolledBack((tx) => tx.execute<{ strategy: string }>(sql`select partstrat as strategy from pg_partitioned_table where partrelid = 'public.raw_events'::regclass`));
    expect(root.strategy).toBe("l");
    expect(classes).toEqual(
      RAW_RETENTION_CLASSES.map((days) => ({ name: `raw_events_r${String(days).padStart(4, "0")}`, bound: `FOR VALUES IN (${days})`, strategy: "r" })),
    );
  });
});

describe("create_raw_event_partitions", () => {
  it("creates one partition per UTC day of the range in the class, and nothing the second time", async () => {
    const { first, second, partitions } = await rolledBack(async (tx) => ({
      first: await scalar<number>(tx, sql`select private.create_raw_event_partitions(7, '2001-02-27', '2001-03-02')`),
      second: await scalar<number>(tx, sql`select private.create_raw_event_partitions(7, '2001-02-27', '2001-03-02')`),
      partitions: await partitionsBetween(tx, 7, "2001-02-27", "2001-03-02"),
    }));
    expect(first).toBe(4);
    expect(second).toBe(0);
    const parent = "raw_events_r0007";
    expect(partitions).toEqual([
      { parent, name: "raw_events_r0007_20010227", bound: "FOR VALUES FROM ('2001-02-27 00:00:00+00') TO ('2001-02-28 00:00:00+00')" },
      { parent, name: "raw_events_r0007_20010228", bound: "FOR VALUES FROM ('2001-02-28 00:00:00+00') TO ('2001-03-01 00:00:00+00')" },
      { parent, name: "raw_events_r0007_20010301", bound: "FOR VALUES FROM ('2001-03-01 00:00:00+00') TO ('2001-03-02 00:00:00+00')" },
      { parent, name: "raw_events_r0007_20010302", bound: "FOR VALUES FROM ('2001-03-02 00:00:00+00') TO ('2001-03-03 00:00:00+00')" },
    ]);
  });

  it("gives the partitions no grants: anon and authenticated cannot touch them, nor the class partitions", async () => {
    const privileges = await rolledBack(async (tx) => {
      await tx.execute(sql`select private.create_raw_event_partitions(365, '2001-05-01', '2001-05-01')`);
      return [
        ...(await tx.execute<{ role: string; table: string; any_privilege: boolean }>(sql`
          select r.role, t.name as table, has_table_privilege(r.role, t.name, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') as any_privilege
          from (values ('anon'), ('authenticated')) as r(role),
            (values ('public.raw_events_r0365_20010501'), ('public.raw_events_r0365')) as t(name)
          order by 1, 2`)),
      ];
    });
    expect(privileges).toEqual([
      { role: "anon", table: "public.raw_events_r0365", any_privilege: false },
      { role: "anon", table: "public.raw_events_r0365_20010501", any_privilege: false },
      { role: "authenticated", table: "public.raw_events_r0365", any_privilege: false },
      { role: "authenticated", table: "public.raw_events_r0365_20010501", any_privilege: false },
    ]);
  });

  it("refuses a range of more than 4000 days, and a retention that is not a class", async () => {
    const tooLong = await attemptAsService((tx) => tx.execute(sql`select private.create_raw_event_partitions(30, '2000-01-01', '2020-01-01')`));
    const noClass = await attemptAsService((tx) => tx.execute(sql`select private.create_raw_event_partitions(45, '2001-01-01', '2001-01-01')`));
    expect([tooLong, noClass].map((outcome) => (outcome.ok ? "created" : outcome.code))).toEqual(["SW400", "SW400"]);
  });

  it("is not callable by users", async () => {
    const org = await createOrg();
    const outcome = await attemptAs(org.owner, (tx) => tx.execute(sql`select private.create_raw_event_partitions(30, '2001-01-01', '2001-01-01')`));
    expect(outcome.ok ? "created" : outcome.code).toBe("42501");
  });
});

/** Days of [today - back, today + ahead] (UTC) without a raw_events partition in the class. */
async function missingDays(tx: Tx, back: number, ahead: number, retention = 30) {
  return [
    ...(await tx.execute<{ day: string }>(sql`
      select d::date::text as day
      from generate_series((now() at time zone 'utc')::date - ${back}::int, (now() at time zone 'utc')::date + ${ahead}::int, interval '1 day') as d
      where to_regclass(format('public.raw_events_r%s_%s', to_char(${retention}::int, 'FM0000'), to_char(d, 'YYYYMMDD'))) is null`)),
  ].map((row) => row.day);
}

describe("ensure_raw_event_partitions (the job)", () => {
  it("covers the default 30-day class back from today to 7 days ahead, and a second run creates nothing", async () => {
    const { second, missing } = await rolledBack(async (tx) => {
      await tx.execute(sql`select private.ensure_raw_event_partitions(7)`);
      return { second: await scalar<number>(tx, sql`select private.ensure_raw_event_partitions(7)`), missing: await missingDays(tx, 30, 7) };
    });
    expect(second).toBe(0);
    expect(missing).toEqual([]);
  });

  it("covers every class in use over its whole retention, so every event inside a retention window has its day", async () => {
    // The defect this guards against: partitions only from yesterday on, so an
    // organization keeping 120 days had events of last week refused. 120: a
    // class no other test file uses, so no committed partitions of it exist in
    // the shared test database (90 is used by others and made this depend on
    // the order files ran in).
    const org = await createOrg();
    const { before, after, other } = await rolledBack(async (tx) => {
      // Bypass the settings trigger (which creates the class's partitions
      // itself) to see the job do it: an organization already on 120 days.
      await tx.execute(sql`alter table public.organization_settings disable trigger organization_settings_raw_retention`);
      await tx.execute(sql`insert into public.organization_settings (organization_id, raw_retention_days) values (${org.id}::uuid, 120)
                           on conflict (organization_id) do update set raw_retention_days = 120`);
      await tx.execute(sql`alter table public.organization_settings enable trigger organization_settings_raw_retention`);
      const before = await missingDays(tx, 120, 7, 120);
      await runJob(tx, "ensure_raw_event_partitions");
      return { before, after: await missingDays(tx, 120, 7, 120), other: await missingDays(tx, 0, 7, 180) };
    });
    expect(before.length, "the test needs days the migration did not cover").toBeGreaterThan(0);
    expect(after).toEqual([]);
    // A class nobody uses gets no partitions.
    expect(other).toHaveLength(8);
  });

  it("is in the job list with the other partition jobs, and runs through runJob", async () => {
    const jobs = await withServiceDb("test: the job list", listJobs, testDb());
    const names = ["ensure_audit_log_partitions", "ensure_raw_event_partitions"];
    expect(jobs.map((job) => job.name)).toEqual(expect.arrayContaining([...names, "drop_expired_raw_event_partitions", "expire_raw_event_keys"]));
    const results = await rolledBack(async (tx) => {
      const out: (string | null)[] = [];
      for (const name of names) out.push(await runJob(tx, name), await runJob(tx, name));
      return out;
    });
    // Each job's second run in a row has nothing left to create.
    expect(results[1]).toBe("0");
    expect(results[3]).toBe("0");
  });
});

describe("events outside the partitions", () => {
  it("cut at UTC midnight: the last instant of a day and the first of the next land in their own days", async () => {
    const org = await createOrg({ learner: "learner" });
    const placed = await rolledBack(async (tx) => {
      await tx.execute(sql`select private.create_raw_event_partitions(30, '2001-06-01', '2001-06-02')`);
      for (const [key, at] of [["late", "2001-06-01T23:59:59.999Z"], ["early", "2001-06-02T00:00:00Z"], ["offset", "2001-06-02T01:30:00+02:00"]]) {
        await tx.execute(sql`select private.insert_raw_event(${org.id}::uuid, ${org.members.learner.sub}::uuid, 'lesson_started', ${at}::timestamptz, ${key})`);
      }
      return [
        ...(await tx.execute<{ key: string; partition: string }>(sql`
          select idempotency_key as key, tableoid::regclass::text as partition from public.raw_events
          where organization_id = ${org.id}::uuid order by occurred_at`)),
      ];
    });
    expect(placed).toEqual([
      { key: "offset", partition: "raw_events_r0030_20010601" }, // 2001-06-01 23:30 UTC
      { key: "late", partition: "raw_events_r0030_20010601" },
      { key: "early", partition: "raw_events_r0030_20010602" },
    ]);
  });

  it("an event on a day without a partition is refused with a clear 503, never stored elsewhere (there is no default partition)", async () => {
    const org = await createOrg({ learner: "learner" });
    const insert = sql`select private.insert_raw_event(${org.id}::uuid, ${org.members.learner.sub}::uuid, 'lesson_started', '1999-12-31T12:00:00Z', 'no-partition')`;
    const outcome = await attemptAsService((tx) => tx.execute(insert));
    expect(outcome.ok ? "stored" : { code: outcome.code, message: outcome.message }).toEqual({
      code: "SW503",
      message: "Event storage is not ready for 1999-12-31 (UTC); try again shortly",
    });
    // As the app answers it (instead of 23514's "That value is not allowed").
    const error = await withServiceDb("test: the refused insert", (tx) => tx.execute(insert), testDb()).then(
      () => null,
      (caught: unknown) => toAppError(caught),
    );
    expect(error).toMatchObject({ status: 503, message: "Event storage is not ready for 1999-12-31 (UTC); try again shortly" });
    const defaults = await rolledBack(async (tx) =>
      scalar<number>(tx, sql`select count(*)::int from pg_partitioned_table p
        where (p.partrelid = 'public.raw_events'::regclass or p.partrelid in (select inhrelid from pg_inherits where inhparent = 'public.raw_events'::regclass))
          and p.partdefid <> 0`),
    );
    expect(defaults).toBe(0);
  });
});
