// Daily partitions of raw_events: created by a job for every day an event may
// still be accepted (the longest raw retention of any organization back from
// today, up to 7 days ahead), idempotent, cut on UTC days, without grants (RLS
// lives on the parent), and no event lands outside them. Every test that
// creates partitions runs in a transaction that is rolled back, so other test
// files see the migrated state only.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { listJobs, runJob } from "@/db/jobs";
import { toAppError } from "@/lib/errors";
import { createOrg, testDb, withServiceDb } from "../support/db";
import { attemptAs, attemptAsService } from "../support/attempt";

const scalar = async <T>(tx: Tx, query: ReturnType<typeof sql>) => Object.values((await tx.execute<Record<string, T>>(query))[0])[0];

async function partitionsBetween(tx: Tx, from: string, to: string) {
  const rows = await tx.execute<{ name: string; bound: string }>(sql`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.raw_events'::regclass
      and c.relname between ${`raw_events_${from.replaceAll("-", "")}`} and ${`raw_events_${to.replaceAll("-", "")}`}
    order by 1`);
  return [...rows];
}

/** Runs `fn` as the owner in a transaction that is always rolled back; fails the test on an error. */
async function rolledBack<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const outcome = await attemptAsService(fn);
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome.value;
}

describe("create_raw_event_partitions", () => {
  it("creates one partition per UTC day of the range, and nothing the second time", async () => {
    const { first, second, partitions } = await rolledBack(async (tx) => ({
      first: await scalar<number>(tx, sql`select public.create_raw_event_partitions('2001-02-27', '2001-03-02')`),
      second: await scalar<number>(tx, sql`select public.create_raw_event_partitions('2001-02-27', '2001-03-02')`),
      partitions: await partitionsBetween(tx, "2001-02-27", "2001-03-02"),
    }));
    expect(first).toBe(4);
    expect(second).toBe(0);
    expect(partitions).toEqual([
      { name: "raw_events_20010227", bound: "FOR VALUES FROM ('2001-02-27 00:00:00+00') TO ('2001-02-28 00:00:00+00')" },
      { name: "raw_events_20010228", bound: "FOR VALUES FROM ('2001-02-28 00:00:00+00') TO ('2001-03-01 00:00:00+00')" },
      { name: "raw_events_20010301", bound: "FOR VALUES FROM ('2001-03-01 00:00:00+00') TO ('2001-03-02 00:00:00+00')" },
      { name: "raw_events_20010302", bound: "FOR VALUES FROM ('2001-03-02 00:00:00+00') TO ('2001-03-03 00:00:00+00')" },
    ]);
  });

  it("gives the partitions no grants: anon and authenticated cannot touch them", async () => {
    const privileges = await rolledBack(async (tx) => {
      await tx.execute(sql`select public.create_raw_event_partitions('2001-05-01', '2001-05-01')`);
      return [
        ...(await tx.execute<{ role: string; any_privilege: boolean }>(sql`
          select r.role, has_table_privilege(r.role, 'public.raw_events_20010501', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') as any_privilege
          from (values ('anon'), ('authenticated')) as r(role)`)),
      ];
    });
    expect(privileges).toEqual([
      { role: "anon", any_privilege: false },
      { role: "authenticated", any_privilege: false },
    ]);
  });

  it("refuses a range of more than 4000 days", async () => {
    const outcome = await attemptAsService((tx) => tx.execute(sql`select public.create_raw_event_partitions('2000-01-01', '2020-01-01')`));
    expect(outcome.ok ? "created" : outcome.code).toBe("SW400");
  });

  it("is not callable by users", async () => {
    const org = await createOrg();
    const outcome = await attemptAs(org.owner, (tx) => tx.execute(sql`select public.create_raw_event_partitions('2001-01-01', '2001-01-01')`));
    expect(outcome.ok ? "created" : outcome.code).toBe("42501");
  });
});

/** Days of [today - back, today + ahead] (UTC) without a raw_events partition. */
async function missingDays(tx: Tx, back: number, ahead: number) {
  return [
    ...(await tx.execute<{ day: string }>(sql`
      select d::date::text as day
      from generate_series((now() at time zone 'utc')::date - ${back}::int, (now() at time zone 'utc')::date + ${ahead}::int, interval '1 day') as d
      where to_regclass(format('public.raw_events_%s', to_char(d, 'YYYYMMDD'))) is null`)),
  ].map((row) => row.day);
}

describe("ensure_raw_event_partitions (the job)", () => {
  it("covers the default 30-day retention window back from today to 7 days ahead, and a second run creates nothing", async () => {
    const { second, missing } = await rolledBack(async (tx) => {
      await tx.execute(sql`select public.ensure_raw_event_partitions(7)`);
      return { second: await scalar<number>(tx, sql`select public.ensure_raw_event_partitions(7)`), missing: await missingDays(tx, 30, 7) };
    });
    expect(second).toBe(0);
    expect(missing).toEqual([]);
  });

  it("covers the longest retention of any organization, so every event inside a retention window has its day", async () => {
    // The defect this guards against: partitions only from yesterday on, so an
    // organization keeping 90 days had events of last week refused.
    const org = await createOrg();
    const { before, after } = await rolledBack(async (tx) => {
      await tx.execute(sql`insert into public.organization_settings (organization_id, raw_retention_days) values (${org.id}::uuid, 90)
                           on conflict (organization_id) do update set raw_retention_days = 90`);
      const before = await missingDays(tx, 90, 7);
      await runJob(tx, "ensure_raw_event_partitions");
      return { before, after: await missingDays(tx, 90, 7) };
    });
    expect(before.length, "the test needs days the migration did not cover").toBeGreaterThan(0);
    expect(after).toEqual([]);
  });

  it("is in the job list with the audit-log partitions, and runs through runJob", async () => {
    // The partition jobs (the analytics jobs are tested in tests/integration/analytics-*.test.ts).
    const jobs = (await withServiceDb("test: the job list", listJobs, testDb())).filter((job) => job.name.startsWith("ensure_"));
    expect(jobs.map((job) => job.name)).toEqual(["ensure_audit_log_partitions", "ensure_raw_event_partitions"]);
    const results = await rolledBack(async (tx) => {
      const out: (string | null)[] = [];
      for (const job of jobs) out.push(await runJob(tx, job.name), await runJob(tx, job.name));
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
      await tx.execute(sql`select public.create_raw_event_partitions('2001-06-01', '2001-06-02')`);
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
      { key: "offset", partition: "raw_events_20010601" }, // 2001-06-01 23:30 UTC
      { key: "late", partition: "raw_events_20010601" },
      { key: "early", partition: "raw_events_20010602" },
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
      scalar<number>(tx, sql`select count(*)::int from pg_partitioned_table p where p.partrelid = 'public.raw_events'::regclass and p.partdefid <> 0`),
    );
    expect(defaults).toBe(0);
  });
});
