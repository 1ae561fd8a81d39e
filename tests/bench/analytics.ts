// Analytics benchmarks (SPEC §8, issue 7) on the loaded data set:
//   1. the full pipeline on everything loaded (first rollup of every raw
//      event, nightly snapshots + predictions + item stats + KPIs,
//      aggregates, refresh of the materialized views), then an incremental
//      rollup of `incrementalEvents` new events (5 % of them late, for days
//      already rolled up), reported per 100k events;
//   2. the dashboards' analytics reads (db/queries/analytics-*.ts) per role,
//      p50/p95 with RLS on vs the service role;
//   3. the same numbers from rollups/views vs computed live from raw_events
//      (the naive design), checked equal, with the ratio.
// Nothing asserts on timings; a wrong number (live ≠ rollup) fails the run.
import { sql } from "drizzle-orm";
import type { Database, Tx } from "@/db/client";
import { withServiceDb, withUserDb, type SessionClaims } from "@/db/rls";
import { getLatestSnapshot, getLeaderboard, getPeerComparison, getPointsSummary, getPrediction, listDailyActivity, listEarnedAchievements } from "@/db/queries/analytics-learner";
import { listAtRiskLearners, listCohortDailyTrend, listCohortLearners, listCohortMetrics, listLessonEffectiveness } from "@/db/queries/analytics-cohort";
import { getOrgKpis, getOrgMetrics, listOrgDailyTrend, listSkillDemand } from "@/db/queries/analytics-org";
import { cohortLearnersQuerySchema } from "@/lib/validation/analytics";
import type { BenchOrg } from "./dataset";
import type { BenchOptions } from "./options";
import { formatInt, formatMs, formatRatio, markdownTable, now, summarize, type Summary } from "./stats";

const service = <T>(db: Database, reason: string, fn: (tx: Tx) => Promise<T>) => withServiceDb(`benchmark: ${reason}`, fn, db);

async function timedJob(db: Database, command: ReturnType<typeof sql>) {
  const start = now();
  const [row] = await service(db, "analytics job", (tx) => tx.execute<{ result: unknown }>(sql`select (${command})::text as result`));
  return { ms: now() - start, result: String(row.result) };
}

/** Rolls up until the watermark has passed every stored event (a transaction still open elsewhere delays it). */
async function rollupAll(db: Database) {
  let total = 0;
  let events = 0;
  for (let i = 0; i < 50; i++) {
    const run = await timedJob(db, sql`select analytics.run_rollup()`);
    total += run.ms;
    events += Number(JSON.parse(run.result).events ?? 0);
    const [state] = await service(db, "rollup caught up?", (tx) =>
      tx.execute<{ done: boolean }>(sql`select coalesce((select max(ingest_xid) from public.raw_events) < (select position from private.analytics_watermarks where name = 'rollup'), true) as done`));
    if (state.done) break;
  }
  return { ms: total, events };
}

async function addNewEvents(db: Database, count: number) {
  return service(db, "new events for the incremental rollup", (tx) =>
    tx.execute(sql`
      with learners as (
        select row_number() over (order by m.organization_id, m.user_id) as n, m.organization_id, m.user_id
        from public.memberships m where m.role = 'learner'
      ),
      total as (select count(*) as m from learners)
      -- Each event in its organization's retention class (LIST partition of raw_events).
      insert into public.raw_events (organization_id, user_id, event_type, duration_seconds, idempotency_key, occurred_at, source, retention_days)
      select l.organization_id, l.user_id,
             (array['content_viewed', 'session_heartbeat', 'lesson_started', 'task_completed'])[1 + g % 4],
             60 + g % 600, 'bench-incremental-' || g,
             -- 95 % within the last 3 days, 5 % late: 20 days ago (a day already rolled up)
             now() - make_interval(days => case when g % 20 = 0 then 20 else g % 3 end, mins => g % 600),
             'api', private.raw_retention_days_of(l.organization_id)
      from generate_series(1, ${count}::integer) g
      cross join total
      join learners l on l.n = 1 + (g % total.m)`));
}

interface Case {
  role: string;
  page: string;
  subjects: Array<{ org: BenchOrg; user: SessionClaims; cohortId?: string; courseId?: string }>;
  run: (tx: Tx, s: Case["subjects"][number]) => Promise<number>;
}

const count = (...values: unknown[]) => values.reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : v == null ? 0 : 1), 0);

async function queryCases(db: Database, orgs: BenchOrg[]): Promise<Case[]> {
  const taught = await service(db, "a taught cohort per trainer", (tx) =>
    tx.execute<{ user_id: string; cohort_id: string; course_id: string }>(sql`
      select distinct on (ct.user_id) ct.user_id, ct.cohort_id, c.course_id
      from public.cohort_trainers ct join public.cohorts c on c.id = ct.cohort_id order by ct.user_id, ct.cohort_id`));
  const byTrainer = new Map(taught.map((row) => [row.user_id, row]));
  const learners = orgs.flatMap((org) => org.learners.slice(0, 40).map((user) => ({ org, user })));
  const trainers = orgs.flatMap((org) =>
    org.trainers.filter((t) => byTrainer.has(t.sub)).map((user) => ({ org, user, cohortId: byTrainer.get(user.sub)!.cohort_id, courseId: byTrainer.get(user.sub)!.course_id })));
  const admins = orgs.map((org) => ({ org, user: org.admin }));
  const query = cohortLearnersQuerySchema.parse({});
  return [
    {
      role: "learner",
      page: "Learner home: points, achievements, 28-day activity, snapshot, prediction, weekly leaderboard, peers",
      subjects: learners,
      run: async (tx, s) => {
        const me = { organizationId: s.org.id, userId: s.user.sub };
        return count(
          await getPointsSummary(tx, me), await listEarnedAchievements(tx, { ...me, limit: 5 }), await listDailyActivity(tx, { ...me, days: 28 }),
          await getLatestSnapshot(tx, me), await getPrediction(tx, me), await getLeaderboard(tx, { organizationId: s.org.id, period: "week" }),
          await getPeerComparison(tx, { organizationId: s.org.id }),
        );
      },
    },
    {
      role: "trainer",
      page: "Cohort analytics: health, 28-day trend, learners page by risk, at-risk list, lesson effectiveness",
      subjects: trainers,
      run: async (tx, s) => {
        const o = { organizationId: s.org.id, cohortId: s.cohortId! };
        return count(
          await listCohortMetrics(tx, o), await listCohortDailyTrend(tx, { ...o, days: 28 }), (await listCohortLearners(tx, { ...o, ...query })).rows,
          await listAtRiskLearners(tx, { ...o, limit: 20 }), await listLessonEffectiveness(tx, { organizationId: s.org.id, courseId: s.courseId! }),
        );
      },
    },
    {
      role: "org admin",
      page: "Admin overview: metrics, 90-day trend, KPI tree, skill demand, cohort comparison",
      subjects: admins,
      run: async (tx, s) => {
        const o = { organizationId: s.org.id };
        const today = new Date().toISOString().slice(0, 10);
        const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
        return count(
          await getOrgMetrics(tx, o), await listOrgDailyTrend(tx, { ...o, from, to: today }), (await getOrgKpis(tx, o)).history,
          await listSkillDemand(tx, o), await listCohortMetrics(tx, o),
        );
      },
    },
  ];
}

async function measure(db: Database, c: Case, iterations: number) {
  const rls = (s: Case["subjects"][number]) => withUserDb(s.user, (tx) => c.run(tx, s), {}, db);
  // Owner role (no RLS), with the user's claims set so that auth.uid() inside the analytics.*
  // functions still names them.
  const svc = (s: Case["subjects"][number]) =>
    service(db, "the same reads without RLS", async (tx) => {
      await tx.execute(sql`select set_config('request.jwt.claims', ${JSON.stringify({ sub: s.user.sub, role: "service_role" })}, true)`);
      return c.run(tx, s);
    });
  for (let i = 0; i < 5; i++) {
    await rls(c.subjects[i % c.subjects.length]);
    await svc(c.subjects[i % c.subjects.length]);
  }
  const times = { rls: [] as number[], service: [] as number[] };
  const started = now();
  for (let i = 0; i < iterations && now() - started < 60_000; i++) {
    const s = c.subjects[i % c.subjects.length];
    for (const mode of i % 2 === 0 ? (["rls", "service"] as const) : (["service", "rls"] as const)) {
      const start = now();
      await (mode === "rls" ? rls : svc)(s);
      times[mode].push(now() - start);
    }
  }
  return { rls: summarize(times.rls), service: summarize(times.service) };
}

/** The org dashboard's 30-day numbers live from raw_events, as a design without rollups would compute them. */
const LIVE_ORG = (org: string) => sql`
  with today as (select (now() at time zone 'utc')::date as d),
  ev as (
    select e.*, (e.occurred_at at time zone 'utc')::date as day from public.raw_events e, today
    where e.organization_id = ${org}::uuid and e.occurred_at >= (today.d - 29)::timestamp at time zone 'utc'
      and e.occurred_at < (today.d + 1)::timestamp at time zone 'utc'
  )
  select count(distinct ev.user_id)::int as active_30d,
         count(distinct ev.user_id) filter (where ev.day > (select d from today) - 7)::int as active_7d,
         (select count(*)::int from (select distinct user_id, lesson_id, day from ev where event_type = 'lesson_completed') x) as lessons,
         round(sum(ev.score) filter (where ev.event_type in ('assessment_submitted', 'assessment_graded'))
               / nullif(count(ev.score) filter (where ev.event_type in ('assessment_submitted', 'assessment_graded')), 0), 2)::float8 as avg_score,
         coalesce(sum(r.points) filter (where r.points > 0 and (r.min_score is null or ev.score >= r.min_score)), 0)::int as points
  from ev
  left join lateral (
    select pr.points, pr.min_score from public.point_rules pr
    where pr.event_type = ev.event_type and (pr.organization_id = ev.organization_id or pr.organization_id is null)
    order by pr.organization_id nulls last limit 1
  ) r on true`;

const FROM_VIEW_ORG = (org: string) => sql`
  select active_30d, active_7d, lessons_completed_30d::int as lessons, avg_score_30d::float8 as avg_score, points_30d::int as points
  from analytics.org_metrics where organization_id = ${org}::uuid`;

/** One learner's 28-day engagement inputs live from raw_events vs their snapshot. */
const LIVE_LEARNER = (org: string, user: string) => sql`
  with today as (select (now() at time zone 'utc')::date as d),
  ev as (
    select e.occurred_at, e.duration_seconds, (e.occurred_at at time zone 'utc')::date as day,
           lag(e.occurred_at) over (partition by (e.occurred_at at time zone 'utc')::date order by e.occurred_at, e.id) as prev
    from public.raw_events e, today
    where e.organization_id = ${org}::uuid and e.user_id = ${user}::uuid
      and e.occurred_at >= (today.d - 27)::timestamp at time zone 'utc' and e.occurred_at < (today.d + 1)::timestamp at time zone 'utc'
  ),
  days as (
    select day, round(coalesce(sum(duration_seconds), 0) / 60.0, 2) as minutes,
           count(*) filter (where prev is null or occurred_at - prev > interval '30 minutes') as sessions
    from ev group by day
  )
  select count(*)::int as active_days, coalesce(sum(minutes), 0)::float8 as minutes, coalesce(sum(sessions), 0)::int as sessions
  from days`;

const FROM_SNAPSHOT_LEARNER = (org: string, user: string) => sql`
  select (engagement ->> 'active_days')::int as active_days, (engagement ->> 'active_minutes')::float8 as minutes,
         (engagement ->> 'sessions')::int as sessions
  from public.learner_analytics_snapshots where organization_id = ${org}::uuid and user_id = ${user}::uuid
  order by snapshot_day desc limit 1`;

async function versus(db: Database, label: string, fast: ReturnType<typeof sql>, live: ReturnType<typeof sql>, runs: number) {
  const read = (q: ReturnType<typeof sql>) => service(db, label, (tx) => tx.execute<Record<string, unknown>>(q));
  const [a] = await read(fast);
  const [b] = await read(live);
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    throw new Error(`${label}: rollups/views say ${JSON.stringify(a)}, raw events say ${JSON.stringify(b)}`);
  }
  const times = { fast: [] as number[], live: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const [mode, q] of [["fast", fast], ["live", live]] as const) {
      const start = now();
      await read(q);
      times[mode].push(now() - start);
    }
  }
  return { label, numbers: a, fast: summarize(times.fast), live: summarize(times.live) };
}

export async function benchAnalytics(db: Database, orgs: BenchOrg[], options: BenchOptions & { incrementalEvents?: number }, log: (message: string) => void) {
  // 1. Pipeline.
  const [{ n: rawCount }] = await service(db, "count raw events", (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from public.raw_events`));
  const steps: Array<[string, string, number]> = [];
  const first = await rollupAll(db);
  steps.push(["rollup of every loaded raw event (first run)", `${formatInt(first.events)} events`, first.ms]);
  for (const [label, command] of [
    ["nightly: streaks, six-category snapshots, predictions, item stats, KPI tree", sql`select analytics.run_nightly()`],
    ["monthly/yearly aggregates", sql`select analytics.run_aggregates()`],
    ["refresh of the 7 materialized views (concurrently)", sql`select analytics.refresh_views()`],
  ] as const) {
    const run = await timedJob(db, command);
    steps.push([label, run.result.length > 60 ? `${run.result.slice(0, 60)}…` : run.result, run.ms]);
  }
  const fullMs = steps.reduce((sum, step) => sum + step[2], 0);
  log(`analytics: full pipeline over ${formatInt(rawCount)} raw events in ${formatMs(fullMs)}`);
  const incremental = options.incrementalEvents ?? 100_000;
  await addNewEvents(db, incremental);
  const inc = await rollupAll(db);
  log(`analytics: incremental rollup of ${formatInt(inc.events)} new events in ${formatMs(inc.ms)}`);
  // Today's snapshots and views, with the new events in them (read below).
  await timedJob(db, sql`select analytics.run_nightly()`);
  await timedJob(db, sql`select analytics.refresh_views()`);

  const pipelineTable = markdownTable(
    ["step", "result", "time"],
    [
      ...steps.map(([label, result, ms]) => [label, result, formatMs(ms)]),
      ["**full pipeline**", `${formatInt(rawCount)} raw events`, formatMs(fullMs)],
      [`incremental rollup of ${formatInt(inc.events)} new events (5 % late)`, `${formatMs((inc.ms * 100_000) / Math.max(inc.events, 1))} per 100k events`, formatMs(inc.ms)],
    ],
    ["l", "l", "r"],
  );

  // 2. Dashboard reads, RLS vs service role.
  const results: Array<{ c: Case; rls: Summary; service: Summary }> = [];
  for (const c of await queryCases(db, orgs)) {
    if (c.subjects.length === 0) continue;
    const m = await measure(db, c, options.iterations);
    results.push({ c, ...m });
    log(`analytics · ${c.role}: RLS p50 ${formatMs(m.rls.p50)}, service p50 ${formatMs(m.service.p50)}`);
  }
  const readsTable = markdownTable(
    ["role", "page (reads in one transaction)", "RLS p50", "RLS p95", "service p50", "service p95", "RLS ÷ service (p50)"],
    results.map((r) => [r.c.role, r.c.page, formatMs(r.rls.p50), formatMs(r.rls.p95), formatMs(r.service.p50), formatMs(r.service.p95), formatRatio(r.rls.p50 / r.service.p50)]),
    ["l", "l", "r", "r", "r", "r", "r"],
  );

  // 3. Rollups/views vs live from raw events (same numbers, checked).
  const org = orgs[0];
  const learner = org.learners[0];
  const runs = Math.max(5, Math.min(30, Math.round(options.iterations / 10)));
  const comparisons = [
    await versus(db, `org dashboard numbers of ${org.slug} (active 7/30 days, lessons, average score, points over 30 days)`, FROM_VIEW_ORG(org.id), LIVE_ORG(org.id), runs),
    await versus(db, "one learner's 28-day engagement inputs (active days, minutes, sessions)", FROM_SNAPSHOT_LEARNER(org.id, learner.sub), LIVE_LEARNER(org.id, learner.sub), runs),
  ];
  const versusTable = markdownTable(
    ["numbers (checked equal)", "from rollups/views p50", "live from raw_events p50", "live ÷ rollups"],
    comparisons.map((c) => [c.label, formatMs(c.fast.p50), formatMs(c.live.p50), formatRatio(c.live.p50 / c.fast.p50)]),
    ["l", "r", "r", "r"],
  );

  return {
    table: `${pipelineTable}\n\n${readsTable}\n\n${versusTable}`,
    fullMs,
    incrementalPer100k: (inc.ms * 100_000) / Math.max(inc.events, 1),
  };
}
