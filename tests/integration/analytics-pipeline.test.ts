// The analytics jobs under the conditions of production: transactions that
// commit out of id order, a rollup killed in the middle (pg_terminate_backend
// of the session running it, as kill -9 or a restart would), a crash after
// partial work, late events, replayed events, raw days that are gone,
// prediction opt-out and expiry, and k-anonymity of peer comparison.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { runJob } from "@/db/jobs";
import { createGoldenWorld, insertEvent, at, runPipeline, useOwnDatabase, utcDay, type GoldenWorld } from "../support/analytics-golden";
import { createOrg, createUser, testDb, withServiceDb, withUserDb } from "../support/db";
import { givePaidSeats } from "../support/billing";
import { attemptAs, attemptAsService } from "../support/attempt";
import { getPeerComparison, getPrediction, saveMyPreferences } from "@/db/queries/analytics-learner";
import { eraseMe } from "@/db/queries/privacy";


// The analytics jobs work on every organization of a database: this file gets its own.
await useOwnDatabase("analytics_pipeline");

const service = <T>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test: analytics pipeline", fn, testDb());
const as = <T>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());

let w: GoldenWorld;
let raw: ReturnType<typeof postgres>;

beforeAll(async () => {
  w = await createGoldenWorld();
  await runPipeline(w.org.id);
  raw = postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {} });
}, 120_000);

afterAll(async () => {
  await raw?.end({ timeout: 1 });
});

async function dayRow(userId: string, day: string) {
  const [row] = await service((tx) =>
    tx.execute<{ events: number; points: number; minutes: number }>(sql`
      select events, points, active_minutes::float8 as minutes from public.learner_daily_rollups
      where organization_id = ${w.org.id}::uuid and user_id = ${userId}::uuid and day = ${day}::date`),
  );
  return row ?? null;
}

async function totals(userId: string) {
  const [row] = await service((tx) =>
    tx.execute<{ ledger: number; total: number; user_total: number }>(sql`
      select (select count(*)::int from public.point_transactions where organization_id = ${w.org.id}::uuid and user_id = ${userId}::uuid) as ledger,
             (select coalesce(sum(points), 0)::int from public.point_transactions where organization_id = ${w.org.id}::uuid and user_id = ${userId}::uuid) as total,
             (select total_points::int from public.user_points where organization_id = ${w.org.id}::uuid and user_id = ${userId}::uuid) as user_total`),
  );
  return row;
}

const watermark = async () =>
  (await service((tx) => tx.execute<{ position: string }>(sql`select position::text from private.analytics_watermarks where name = 'rollup'`)))[0].position;

describe("the ingestion watermark", () => {
  it("counts an event whose transaction took an id first but committed last", async () => {
    const before = await dayRow(w.l2.sub, utcDay(-8));
    // Slow transaction: takes its id now, commits later.
    const slow = await raw.reserve();
    await slow`begin`;
    await slow`select private.insert_raw_event(${w.org.id}::uuid, ${w.l2.sub}::uuid, 'content_viewed', ${at(8, "13:00")}::timestamptz, 'slow-1', ${w.courseId}::uuid, null, null, null, 60, null, '{}'::jsonb, 'app')`;
    // Fast transaction: a later id, committed at once, then the rollup runs.
    await insertEvent(w, { user: w.l2.sub, type: "content_viewed", when: at(8, "13:10"), key: "fast-1", duration: 60 });
    await service((tx) => runJob(tx, "analytics_rollup"));
    await slow`commit`;
    slow.release();
    await runPipeline(w.org.id, { nightly: false });
    // Both arrived: D−8 had 3 events and 0 minutes; now 5 events and 2 minutes; +1 point each.
    expect(await dayRow(w.l2.sub, utcDay(-8))).toEqual({ events: before!.events + 2, points: before!.points + 2, minutes: 2 });
  });
});

describe("a rollup that dies in the middle", () => {
  it("killed (pg_terminate_backend) mid-run, then run again: the numbers of one clean run", async () => {
    const day = utcDay(-2);
    const before = await dayRow(w.l1.sub, day);
    const pointsBefore = await totals(w.l1.sub);
    const markBefore = await watermark();
    // A late event for L1's old day D−2 (received now): 10 points, 600 s.
    await insertEvent(w, { user: w.l1.sub, type: "lesson_completed", when: at(2, "15:00"), key: "late-1", lesson: w.lessons[2], duration: 600 });

    // Another session holds L1's D−2 rollup row, so the rollup blocks after writing the ledger.
    const holder = await raw.reserve();
    await holder`begin`;
    await holder`select 1 from public.learner_daily_rollups where organization_id = ${w.org.id}::uuid and user_id = ${w.l1.sub}::uuid and day = ${day}::date for update`;
    const runner = await raw.reserve();
    const [{ pid }] = await runner<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const run = runner`select analytics.run_rollup()`.then(
      () => "finished",
      (error: { code?: string }) => `died: ${error.code}`,
    );
    // Wait until it is stuck on the lock, with its ledger rows written but not committed.
    for (let i = 0; i < 200; i++) {
      const [state] = await raw<{ waiting: boolean }[]>`select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = ${pid}`;
      if (state?.waiting) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await raw`select pg_terminate_backend(${pid})`;
    expect(await run).toMatch(/^died/);
    runner.release();
    // Before anyone else's rollup can run (the holder takes the rollup's lock), nothing of the
    // killed run remains: neither its ledger row nor a moved watermark.
    await holder`select pg_advisory_xact_lock(hashtextextended('analytics.run_rollup', 0))`;
    expect((await totals(w.l1.sub)).ledger).toBe(pointsBefore.ledger);
    expect(await watermark()).toBe(markBefore);
    await holder`rollback`;
    holder.release();

    // A crash after partial work inside the job's transaction rolls it back as well.
    const crashed = await attemptAsService(async (tx) => {
      await tx.execute(sql`select analytics.run_rollup()`);
      throw new Error("crash after the rollup, before commit");
    });
    expect(crashed.ok).toBe(false);

    await runPipeline(w.org.id, { nightly: false });
    // The late event landed on its own day: 3 → 4 events, 30 → 40 minutes, 14 → 24 points.
    expect(await dayRow(w.l1.sub, day)).toEqual({ events: before!.events + 1, points: before!.points + 10, minutes: before!.minutes + 10 });
    expect(await totals(w.l1.sub)).toEqual({ ledger: pointsBefore.ledger + 1, total: pointsBefore.total + 10, user_total: pointsBefore.total + 10 });
    // And once more changes nothing.
    await runPipeline(w.org.id, { nightly: false });
    expect(await dayRow(w.l1.sub, day)).toEqual({ events: before!.events + 1, points: before!.points + 10, minutes: before!.minutes + 10 });
  });
});

describe("replays", () => {
  it("a replayed event is refused, and one re-ingested after its key expired never pays twice", async () => {
    const before = await totals(w.l3.sub);
    expect(await insertEvent(w, { user: w.l3.sub, type: "lesson_started", when: at(0, "00:05"), key: "g:l3:1", lesson: w.lessons[0] })).toBe(false);
    // As after the retention job dropped the key with its partition: the same event comes back.
    await service((tx) => tx.execute(sql`delete from public.raw_event_keys where organization_id = ${w.org.id}::uuid and idempotency_key = 'g:l3:1'`));
    expect(await insertEvent(w, { user: w.l3.sub, type: "lesson_started", when: at(0, "00:06"), key: "g:l3:1", lesson: w.lessons[0] })).toBe(true);
    await runPipeline(w.org.id, { nightly: false });
    expect(await totals(w.l3.sub)).toEqual(before);
  });
});

describe("raw days that are gone", () => {
  it("a rollup day whose raw events were dropped is kept when other days change", async () => {
    const old = await dayRow(w.l2.sub, utcDay(-10));
    // As if D−10's partition were dropped (here: this org's rows only, the partition is shared).
    await service((tx) => tx.execute(sql`delete from public.raw_events where organization_id = ${w.org.id}::uuid and user_id = ${w.l2.sub}::uuid
      and occurred_at >= ${utcDay(-10)}::date and occurred_at < ${utcDay(-9)}::date`));
    await insertEvent(w, { user: w.l2.sub, type: "content_viewed", when: at(1, "10:00"), key: "after-drop", duration: 120 });
    await runPipeline(w.org.id);
    expect(await dayRow(w.l2.sub, utcDay(-10))).toEqual(old);
    expect(await dayRow(w.l2.sub, utcDay(-1))).toEqual({ events: 1, points: 1, minutes: 2 });
  });
});

describe("predictions", () => {
  it("an opted-out learner gets none, and their existing one is removed at the next run", async () => {
    expect(await as(w.l2, (tx) => getPrediction(tx, { organizationId: w.org.id, userId: w.l2.sub }))).not.toBeNull();
    await as(w.l2, (tx) => saveMyPreferences(tx, { organizationId: w.org.id, userId: w.l2.sub, leaderboardVisibility: "hidden", predictionsOptOut: true, notificationPrefs: { achievements: false } }));
    await runPipeline(w.org.id);
    expect(await service((tx) => tx.execute(sql`select 1 from public.predictive_analytics_cache where user_id = ${w.l2.sub}::uuid`))).toHaveLength(0);
    // The change was audited.
    const audit = await service((tx) =>
      tx.execute<{ action: string }>(sql`select action from public.audit_logs where organization_id = ${w.org.id}::uuid and resource_type = 'user_preference' and actor_id = ${w.l2.sub}::uuid`),
    );
    expect(audit.map((a) => a.action)).toContain("user_preference.updated");
  });

  it("expire after 48 hours", async () => {
    await service((tx) => tx.execute(sql`update public.predictive_analytics_cache set expires_at = now() - interval '1 second' where user_id = ${w.l1.sub}::uuid`));
    expect(await as(w.l1, (tx) => getPrediction(tx, { organizationId: w.org.id, userId: w.l1.sub }))).toBeNull();
    await service((tx) => runJob(tx, "analytics_expire_predictions"));
    expect(await service((tx) => tx.execute(sql`select 1 from public.predictive_analytics_cache where user_id = ${w.l1.sub}::uuid`))).toHaveLength(0);
    // The next nightly run computes a fresh one, good for 48 hours.
    await runPipeline(w.org.id);
    const [fresh] = await service((tx) =>
      tx.execute<{ hours: number }>(sql`select round(extract(epoch from expires_at - computed_at) / 3600)::int as hours
        from public.predictive_analytics_cache where user_id = ${w.l1.sub}::uuid`),
    );
    expect(fresh.hours).toBe(48);
  });
});

describe("peer comparison (k = 10)", () => {
  it("shows numbers with 10 peers, none with 9", async () => {
    // The free plan has 10 seats: 21 learners need paid ones.
    const org = await createOrg();
    await givePaidSeats(org.id, 25);
    const people: SessionClaims[] = [];
    for (let i = 0; i < 21; i++) {
      const person = await createUser(`peer${i}`);
      await service((tx) => tx.execute(sql`insert into public.memberships (organization_id, user_id, role) values (${org.id}, ${person.sub}, 'learner')`));
      people.push(person);
    }
    const world = await service(async (tx) => {
      const one = async (query: ReturnType<typeof sql>) => (await tx.execute<{ id: string }>(query))[0].id;
      const course = await one(sql`insert into public.courses (organization_id, title, status) values (${org.id}, 'Peers', 'published') returning id`);
      const section = await one(sql`insert into public.course_sections (organization_id, course_id, title) values (${org.id}, ${course}, 'S') returning id`);
      const lesson = await one(sql`insert into public.lessons (organization_id, course_id, section_id, title) values (${org.id}, ${course}, ${section}, 'L') returning id`);
      const cohort = async (name: string) =>
        one(sql`insert into public.cohorts (organization_id, course_id, name, starts_on, ends_on) values (${org.id}, ${course}, ${name}, ${utcDay(-5)}, ${utcDay(50)}) returning id`);
      const eleven = await cohort("Eleven");
      const ten = await cohort("Ten");
      for (const [i, p] of people.entries()) {
        await tx.execute(sql`insert into public.enrollments (organization_id, cohort_id, course_id, user_id) values (${org.id}, ${i < 11 ? eleven : ten}, ${course}, ${p.sub})`);
      }
      return { course, lesson, eleven, ten };
    });
    for (const [i, p] of people.entries()) {
      await insertEvent({ org, courseId: world.course }, { user: p.sub, type: "lesson_completed", when: at(1, "10:00"), key: `peer-${i}`, lesson: world.lesson, duration: 60 * (i + 1) });
    }
    await runPipeline(org.id);
    const inEleven = await as(people[0], (tx) => getPeerComparison(tx, { organizationId: org.id, cohortId: world.eleven }));
    // 11 learners, each 1 lesson in 28 days → 0.25 per week: mean and every quartile 0.25.
    expect(inEleven).toMatchObject({ available: true, peers: 10, scope: "cohort", group: { velocity: { avg: 0.25, quartiles: [0.25, 0.25, 0.25] } }, me: { velocity: 0.25 } });
    const inTen = await as(people[15], (tx) => getPeerComparison(tx, { organizationId: org.id, cohortId: world.ten }));
    expect(inTen).toEqual({ available: false, peers: 9, minimum_peers: 10, reason: "Peer comparison needs at least 10 peers so that no one can be singled out; this group has 9." });
    // Organization-wide: 21 learners → 20 peers.
    expect(await as(people[15], (tx) => getPeerComparison(tx, { organizationId: org.id }))).toMatchObject({ available: true, peers: 20, scope: "organization" });
    // A cohort one is not in is refused.
    await expect(as(people[15], (tx) => getPeerComparison(tx, { organizationId: org.id, cohortId: world.eleven }))).rejects.toMatchObject({ cause: { code: "SW404" } });
  }, 120_000);
});

describe("who reaches the materialized views", () => {
  it("no user role may read any of them directly, not even an org admin", async () => {
    const views = await service((tx) =>
      tx.execute<{ name: string; anon: boolean; authenticated: boolean }>(sql`
        select format('%I.%I', schemaname, matviewname) as name,
               has_table_privilege('anon', format('%I.%I', schemaname, matviewname), 'select') as anon,
               has_table_privilege('authenticated', format('%I.%I', schemaname, matviewname), 'select') as authenticated
        from pg_matviews order by 1`),
    );
    expect(views.map((v) => v.name)).toEqual([
      "analytics.cohort_metrics", "analytics.leaderboard_monthly", "analytics.leaderboard_weekly", "analytics.lesson_effectiveness",
      "analytics.org_metrics", "analytics.peer_comparison_aggregates", "analytics.skill_demand",
    ]);
    expect(views.filter((v) => v.anon || v.authenticated)).toEqual([]);
    for (const view of views) {
      const read = await attemptAs(w.admin, (tx) => tx.execute(sql.raw(`select count(*) from ${view.name}`)));
      expect(read.ok ? "read" : read.code, view.name).toBe("42501");
    }
    // Signed out, not even the read functions.
    const anonymous = await attemptAs(null, (tx) => tx.execute(sql`select * from analytics.leaderboard(${w.org.id}::uuid, 'week', 10)`));
    expect(anonymous.ok ? "read" : anonymous.code).toBe("42501");
  });

  it("org-wide numbers are refused to learners and trainers", async () => {
    for (const who of [w.l1, w.trainer]) {
      const metrics = await attemptAs(who, (tx) => tx.execute(sql`select * from analytics.org_metrics(${w.org.id}::uuid)`));
      const demand = await attemptAs(who, (tx) => tx.execute(sql`select * from analytics.skill_demand(${w.org.id}::uuid, 6)`));
      expect([metrics, demand].map((o) => (o.ok ? "read" : o.code))).toEqual(["SW403", "SW403"]);
    }
    // A learner sees no cohort metrics at all (not theirs to manage).
    const cohorts = await attemptAs(w.l1, (tx) => tx.execute(sql`select * from analytics.cohort_metrics(${w.org.id}::uuid)`));
    expect(cohorts.ok && cohorts.value.length).toBe(0);
  });
});

describe("an erased learner's share of the aggregates", () => {
  it("survives a later re-derivation of the day (another learner's late event) and of the monthly and yearly aggregates", async () => {
    const org = await createOrg({ a: "learner", b: "learner" });
    const { a, b } = org.members;
    const ids = await service(async (tx) => {
      const one = async (query: ReturnType<typeof sql>) => (await tx.execute<{ id: string }>(query))[0].id;
      const course = await one(sql`insert into public.courses (organization_id, title, status) values (${org.id}, 'Erasure', 'published') returning id`);
      const section = await one(sql`insert into public.course_sections (organization_id, course_id, title) values (${org.id}, ${course}, 'S') returning id`);
      const lesson = await one(sql`insert into public.lessons (organization_id, course_id, section_id, title) values (${org.id}, ${course}, ${section}, 'L') returning id`);
      const cohort = await one(sql`insert into public.cohorts (organization_id, course_id, name, starts_on, ends_on) values (${org.id}, ${course}, 'Both', ${utcDay(-10)}, ${utcDay(30)}) returning id`);
      for (const p of [a, b]) {
        await tx.execute(sql`insert into public.enrollments (organization_id, cohort_id, course_id, user_id) values (${org.id}, ${cohort}, ${course}, ${p.sub})`);
      }
      return { course, lesson, cohort };
    });
    const world = { org, courseId: ids.course };
    const day = utcDay(-3);
    // D−3. A: lesson started 10:00 (1 point), completed 10:20 after 20 min (10 points): one session.
    // B: content viewed 11:00 for 10 min (1 point): one session.
    await insertEvent(world, { user: a.sub, type: "lesson_started", when: at(3, "10:00"), key: "erase:a:1", lesson: ids.lesson });
    await insertEvent(world, { user: a.sub, type: "lesson_completed", when: at(3, "10:20"), key: "erase:a:2", lesson: ids.lesson, duration: 1200 });
    await insertEvent(world, { user: b.sub, type: "content_viewed", when: at(3, "11:00"), key: "erase:b:1", duration: 600 });
    await runPipeline(org.id);

    const numbers = async () =>
      service((tx) =>
        tx.execute<{ scope: string; active_learners: number; active_days: number | null; events: number; minutes: number; sessions: number; lessons: number; points: number }>(sql`
          select 'org day' as scope, active_learners, null::int as active_days, events, active_minutes::float8 as minutes, sessions, lessons_completed as lessons, points::int as points
          from public.org_daily_rollups where organization_id = ${org.id}::uuid and day = ${day}::date
          union all
          select 'cohort day', active_learners, null, events, active_minutes::float8, sessions, lessons_completed, points
          from public.cohort_daily_rollups where organization_id = ${org.id}::uuid and cohort_id = ${ids.cohort}::uuid and day = ${day}::date
          union all
          select case when cohort_id is null then 'org ' else 'cohort ' end || period, active_learners, active_days, events::int,
                 active_minutes::float8, sessions::int, lessons_completed::int, points::int
          from public.aggregated_analytics
          where organization_id = ${org.id}::uuid and period_start = date_trunc(period, ${day}::timestamp)::date
          order by 1`),
      );
    const scopes = ["cohort day", "cohort month", "cohort year", "org day", "org month", "org year"];
    const expected = (n: { events: number; minutes: number; sessions: number; points: number }) =>
      scopes.map((scope) => ({ scope, active_learners: 2, active_days: scope.endsWith("day") ? null : 1, lessons: 1, ...n }));
    // Before erasure: 3 events, 30 minutes, 2 sessions, 1 lesson, 12 points, 2 active learners, 1 active day.
    expect(await numbers()).toEqual(expected({ events: 3, minutes: 30, sessions: 2, points: 12 }));

    await as(a, (tx) => eraseMe(tx, org.id));
    // Late event of B for D−3 at 14:00, 2 minutes (a new session, 1 point): the day, its cohort and the
    // month and year are re-derived. A still counts; only B's event is added.
    await insertEvent(world, { user: b.sub, type: "content_viewed", when: at(3, "14:00"), key: "erase:b:2", duration: 120 });
    await runPipeline(org.id);
    expect(await numbers()).toEqual(expected({ events: 4, minutes: 32, sessions: 3, points: 13 }));
    // Nothing of A is left under their id.
    const [left] = await service((tx) =>
      tx.execute<{ n: number }>(sql`select count(*)::int as n from public.learner_daily_rollups where organization_id = ${org.id}::uuid and user_id = ${a.sub}::uuid`),
    );
    expect(left.n).toBe(0);
  });
});

describe("the ledger follows its learner", () => {
  it("a deleted account takes its point transactions along", async () => {
    const before = await totals(w.l3.sub);
    expect(before.ledger).toBeGreaterThan(0);
    await service((tx) => tx.execute(sql`delete from auth.users where id = ${w.l3.sub}::uuid`));
    expect((await totals(w.l3.sub)).ledger).toBe(0);
  });
});

describe("points, streaks and achievement sums carried forward by the rollup", () => {
  const COLUMNS = sql`user_id, total_points, level, points_to_next_level, current_streak, longest_streak, last_active_day,
    active_days, lessons_completed, lessons_started, assessments_submitted, score_sum::float8 as score_sum, score_count`;
  const stored = (tx: Tx) => tx.execute(sql`select ${COLUMNS} from public.user_points where organization_id = ${w.org.id}::uuid order by user_id`);
  /** What the full recompute (one pass over every rollup) says, in a transaction rolled back. */
  async function recomputed() {
    const outcome = await attemptAsService(async (tx) => {
      await tx.execute(sql`select analytics.refresh_user_points(
        (select jsonb_agg(jsonb_build_object('organization_id', organization_id, 'user_id', user_id)) from public.user_points
         where organization_id = ${w.org.id}::uuid))`);
      return [...(await stored(tx))];
    });
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.value;
  }

  it("equal the full recompute after each run: new days, a day continuing the streak, a late day, more on a known day", async () => {
    const batches: Array<Array<{ user: string; daysAgo: number; type: string; score?: number }>> = [
      // Today for l1 (continuing or starting a run), yesterday for l2.
      [{ user: w.l1.sub, daysAgo: 0, type: "lesson_started" }, { user: w.l2.sub, daysAgo: 1, type: "content_viewed" }],
      // Late: 15 days ago, a day none of them was active (the full recompute path), and more on today.
      [{ user: w.l1.sub, daysAgo: 15, type: "content_viewed" }, { user: w.l2.sub, daysAgo: 0, type: "assessment_submitted", score: 70 }],
      // More on a known day for l2; two late days around l1's late one (runs merging).
      [{ user: w.l2.sub, daysAgo: 0, type: "lesson_started" }, { user: w.l1.sub, daysAgo: 14, type: "content_viewed" }, { user: w.l1.sub, daysAgo: 16, type: "content_viewed" }],
    ];
    const written: number[] = [];
    for (const [n, batch] of batches.entries()) {
      for (const [i, e] of batch.entries()) {
        await insertEvent(w, { user: e.user, type: e.type, when: at(e.daysAgo, `1${i}:3${n}`), key: `carry-${n}-${i}`, duration: 120, score: e.score });
      }
      await runPipeline(w.org.id, { nightly: false });
      const [last] = await service((tx) => tx.execute<{ result: { user_points_changed: number } }>(sql`
        select last_result as result from private.analytics_watermarks where name = 'rollup'`));
      written.push(last.result.user_points_changed);
      expect(await service((tx) => stored(tx).then((rows) => [...rows]))).toEqual(await recomputed());
    }
    // Not vacuous: each run wrote the learners it touched.
    expect(written.every((count) => count > 0)).toBe(true);
  });
});
