-- Analytics core, part 2: the incremental rollup job and gamification
-- (SPEC §6: events → raw_events → incremental rollup → daily rollups +
-- points, streaks, achievements). Everything here runs as the owner role, from
-- private.scheduled_jobs (pg_cron / the dev scheduler) or from tests; nothing
-- is executable by anon or authenticated.

------------------------------------------------------------------------------
-- Level curve (gamification).
--   Inputs: total points P >= 0.
--   Level n is reached at T(n) = 100 · n(n−1)/2 points: level 1 at 0, level 2
--   at 100, 3 at 300, 4 at 600, 5 at 1000, 10 at 4500 — each level costs 100
--   points more than the previous one (linear cost, so quadratic total).
--   level(P) = the greatest n with T(n) <= P
--            = floor((1 + sqrt(1 + 8P/100)) / 2), corrected by ±1 against
--              floating point at exact boundaries.
--   Range: 1 … ; points_to_next_level(P) = T(level(P) + 1) − P, in 1 … 100·level.
--   Test: P = 299 → level 2, 1 point to level 3; P = 300 → level 3, 300 to level 4.
------------------------------------------------------------------------------
-- plpgsql, not SQL: called per learner by every rollup, and a SQL function
-- with a subquery is not inlined (it cost seconds per 100k events).
create function analytics.level_for_points(total bigint)
returns integer
language plpgsql immutable
set search_path = ''
as $$
declare
  p bigint := greatest(total, 0);
  n bigint := greatest(1, floor((1 + sqrt(1 + 8.0 * greatest(total, 0) / 100)) / 2))::bigint;
begin
  if 50 * (n + 1) * n <= p then
    return n + 1;
  elsif 50 * n * (n - 1) > p then
    return n - 1;
  end if;
  return n;
end;
$$;

create function analytics.points_to_next_level(total bigint)
returns bigint
language plpgsql immutable
set search_path = ''
as $$
declare
  n bigint := analytics.level_for_points(total);
begin
  return 50 * (n + 1) * n - greatest(total, 0);
end;
$$;

------------------------------------------------------------------------------
-- Achievement criteria: {"metric": <name>, "gte": <number>} or
-- {"all": [<criteria>, …]}. Metrics (per learner per organization, all time,
-- from user_points and learner_daily_rollups): total_points, level,
-- current_streak, longest_streak, active_days, lessons_completed,
-- lessons_started, assessments_submitted, scored_assessments, avg_score.
-- An unknown metric is never met.
------------------------------------------------------------------------------
create function analytics.achievement_met(criteria jsonb, metrics jsonb)
returns boolean
language plpgsql immutable
set search_path = ''
as $$
begin
  if criteria ? 'all' then
    return coalesce((select bool_and(analytics.achievement_met(c, metrics))
                     from jsonb_array_elements(criteria -> 'all') c), false);
  elsif criteria ? 'metric' and criteria ? 'gte' then
    return coalesce((metrics ->> (criteria ->> 'metric'))::numeric >= (criteria ->> 'gte')::numeric, false);
  end if;
  return false;
end;
$$;

------------------------------------------------------------------------------
-- Streaks (gamification). A learner is active on a UTC day when their daily
-- rollup has at least one event. Runs of consecutive active days:
--   longest_streak = the longest run;
--   current_streak = the run ending on the last active day if that day is
--     today or yesterday (a streak survives until a whole day is missed),
--     else 0.
-- Test: active on D−5, D−4, D−2, D−1 (today D) → longest 2, current 2.
------------------------------------------------------------------------------
create function analytics.refresh_user_points(keys jsonb, today date default (now() at time zone 'utc')::date)
returns integer
language sql
set search_path = ''
as $$
  with k as (
    select distinct (x ->> 'organization_id')::uuid as organization_id, (x ->> 'user_id')::uuid as user_id
    from jsonb_array_elements(keys) x
  ),
  -- Σ of the daily rollups' points = Σ of the ledger (every ledger row's day
  -- has its rollup row), over a row per day instead of one per event.
  totals as (
    select k.organization_id, k.user_id, coalesce(sum(r.points), 0)::bigint as total
    from k left join public.learner_daily_rollups r on r.organization_id = k.organization_id and r.user_id = k.user_id
    group by k.organization_id, k.user_id
  ),
  active as (
    select r.organization_id, r.user_id, r.day,
           r.day - (row_number() over (partition by r.organization_id, r.user_id order by r.day))::integer as island
    from public.learner_daily_rollups r
    join k on k.organization_id = r.organization_id and k.user_id = r.user_id
    where r.events > 0
  ),
  runs as (
    select organization_id, user_id, island, count(*)::integer as length, max(day) as last_day
    from active group by organization_id, user_id, island
  ),
  streaks as (
    select organization_id, user_id, max(length) as longest, max(last_day) as last_active,
           (array_agg(length order by last_day desc))[1] as last_run
    from runs group by organization_id, user_id
  ),
  upserted as (
    insert into public.user_points as up
      (organization_id, user_id, total_points, level, points_to_next_level, current_streak, longest_streak,
       last_active_day, updated_at)
    select t.organization_id, t.user_id, t.total, analytics.level_for_points(t.total),
           analytics.points_to_next_level(t.total), case when s.last_active >= today - 1 then s.last_run else 0 end, coalesce(s.longest, 0),
           s.last_active, now()
    from totals t left join streaks s on s.organization_id = t.organization_id and s.user_id = t.user_id
    on conflict (organization_id, user_id) do update set
      total_points = excluded.total_points, level = excluded.level,
      points_to_next_level = excluded.points_to_next_level, current_streak = excluded.current_streak,
      longest_streak = excluded.longest_streak, last_active_day = excluded.last_active_day,
      updated_at = excluded.updated_at
    where (up.total_points, up.level, up.current_streak, up.longest_streak, up.last_active_day)
      is distinct from (excluded.total_points, excluded.level, excluded.current_streak, excluded.longest_streak,
                        excluded.last_active_day)
    returning 1
  )
  select count(*)::integer from upserted
$$;

-- Evaluates every active achievement (defaults and the learner's
-- organization's own) for the given learners; awards each at most once
-- (user_achievements is unique) and notifies the learner of each new one,
-- unless their notification_prefs say {"achievements": false}.
create function analytics.award_achievements(keys jsonb)
returns integer
language sql
set search_path = ''
as $$
  with k as (
    select distinct (x ->> 'organization_id')::uuid as organization_id, (x ->> 'user_id')::uuid as user_id
    from jsonb_array_elements(keys) x
  ),
  metrics as (
    select k.organization_id, k.user_id, jsonb_build_object(
      'total_points', coalesce(up.total_points, 0),
      'level', coalesce(up.level, 1),
      'current_streak', coalesce(up.current_streak, 0),
      'longest_streak', coalesce(up.longest_streak, 0),
      'active_days', coalesce(r.active_days, 0),
      'lessons_completed', coalesce(r.lessons_completed, 0),
      'lessons_started', coalesce(r.lessons_started, 0),
      'assessments_submitted', coalesce(r.assessments_submitted, 0),
      'scored_assessments', coalesce(r.score_count, 0),
      'avg_score', case when r.score_count > 0 then round(r.score_sum / r.score_count, 2) end) as m
    from k
    left join public.user_points up on up.organization_id = k.organization_id and up.user_id = k.user_id
    left join lateral (
      select count(*) filter (where d.events > 0) as active_days, sum(d.lessons_completed) as lessons_completed,
             sum(coalesce((d.events_by_type ->> 'lesson_started')::integer, 0)) as lessons_started,
             sum(d.assessments_submitted) as assessments_submitted, sum(d.score_sum) as score_sum,
             sum(d.score_count) as score_count
      from public.learner_daily_rollups d
      where d.organization_id = k.organization_id and d.user_id = k.user_id
    ) r on true
  ),
  earned as (
    insert into public.user_achievements (organization_id, user_id, achievement_id)
    select m.organization_id, m.user_id, a.id
    from metrics m
    join public.achievements a on a.active and (a.organization_id is null or a.organization_id = m.organization_id)
    where analytics.achievement_met(a.criteria, m.m)
    on conflict (organization_id, user_id, achievement_id) do nothing
    returning organization_id, user_id, achievement_id
  ),
  notified as (
    insert into public.notifications (organization_id, user_id, type, title, body, priority)
    select e.organization_id, e.user_id, 'achievement.earned', left('Achievement unlocked: ' || a.name, 200),
           left(a.description, 2000), 'normal'
    from earned e
    join public.achievements a on a.id = e.achievement_id
    left join public.user_preferences p on p.organization_id = e.organization_id and p.user_id = e.user_id
    where coalesce((p.notification_prefs ->> 'achievements')::boolean, true)
    returning 1
  )
  select count(*)::integer from earned
$$;

------------------------------------------------------------------------------
-- The incremental rollup job.
--
-- Watermark (ingestion order, not occurred_at): every raw event carries
-- ingest_xid, the 64-bit id of the transaction that stored it. A run takes
-- X = pg_snapshot_xmin(pg_current_snapshot()): every transaction with an xid
-- below X has finished (committed or rolled back), so the events with
-- ingest_xid < X are final — none can appear there later. The run processes
-- the events with previous watermark <= ingest_xid < X and moves the
-- watermark to X, in the same transaction as everything it writes. An
-- identity id cannot serve: ids are handed out at insert time and committed
-- in any order (a slow transaction commits id 100 after a fast one committed
-- 101, and an "id > last" watermark would skip 100 for ever). Cost: an event
-- is rolled up only once every transaction older than its own has ended, so
-- a long-open transaction (a session left idle in transaction) delays
-- rollups (not correctness) until it ends.
--
-- Idempotent: the (organization, learner, UTC day) keys touched by the new
-- events are recomputed from all their raw events (late events with an old
-- occurred_at update their own day), never incremented; points come from the
-- ledger, which is unique per source event. Running twice, or again after a
-- crash (the transaction rolls back, watermark included), gives the same
-- numbers. With only_org, the run processes that organization's share of
-- the same events and leaves the watermark where it is (a later full run
-- recomputes the same keys to the same numbers and pays nothing twice): for
-- tests and backfills that must not touch other tenants. Days whose raw partition was dropped are never touched unless a
-- new event arrives for them (and then at least that event is there): a key
-- with no raw rows is left as it is, never zeroed.
--
-- Daily measures per learner (UTC day of occurred_at):
--   events                = number of events;
--   active_minutes        = Σ duration_seconds / 60 (events without a
--                           duration count 0), 2 decimals; lesson, task and
--                           heartbeat durations are summed as reported
--                           (overlaps between them are not removed);
--   sessions              = events that start a session: the first of the day
--                           or one more than 30 minutes after the previous
--                           event (the web-analytics 30-minute rule; a session
--                           crossing midnight UTC counts on both days);
--   events_by_type        = {event_type: count};
--   lessons_completed     = distinct lessons with a lesson_completed event;
--   assessments_submitted = assessment_submitted events;
--   score_sum/score_count = Σ/count of scores of assessment_submitted and
--                           assessment_graded events (a submission carries a
--                           score when fully auto-scored, the grade event
--                           when a trainer finished it: each attempt's final
--                           score is counted once); avg_score = sum/count;
--   points                = Σ ledger points of the day.
-- Cohort and org rollups of the touched days are re-derived from learner
-- rollups: sums, and active_learners = learners with >= 1 event. A cohort's
-- day counts its current enrollments (a learner who left no longer counts
-- in days recomputed after leaving).
------------------------------------------------------------------------------
create function analytics.run_rollup(only_org uuid default null)
returns jsonb
language plpgsql
set search_path = ''
-- A batch job: sorts and hashes of the touched keys' events stay in memory.
set work_mem = '64MB'
as $$
declare
  from_xid xid8;
  to_xid xid8 := pg_snapshot_xmin(pg_current_snapshot());
  new_events integer;
  paid integer;
  learner_days integer;
  cohort_days integer;
  org_days integer;
  learners jsonb;
  first_day date;
  last_day date;
  levels integer;
  awarded integer;
  result jsonb;
begin
  perform pg_advisory_xact_lock(hashtextextended('analytics.run_rollup', 0));
  select w.position into from_xid from private.analytics_watermarks w where w.name = 'rollup' for update;
  if from_xid >= to_xid then
    return jsonb_build_object('events', 0, 'watermark', to_xid::text);
  end if;

  create temp table if not exists analytics_new_events (
    id bigint, organization_id uuid, user_id uuid, event_type text, score numeric, idempotency_key text,
    occurred_at timestamptz, day date
  ) on commit delete rows;
  truncate pg_temp.analytics_new_events;
  insert into pg_temp.analytics_new_events
  select e.id, e.organization_id, e.user_id, e.event_type, e.score, e.idempotency_key, e.occurred_at,
         (e.occurred_at at time zone 'utc')::date
  from public.raw_events e
  where e.ingest_xid >= from_xid and e.ingest_xid < to_xid
    and (only_org is null or e.organization_id = only_org);
  get diagnostics new_events = row_count;
  -- Bounds of the touched days, so the recompute reads only their partitions.
  select min(e.day), max(e.day) into first_day, last_day from pg_temp.analytics_new_events e;

  -- Points: per-org rule beats the default; nothing for 0-point rules or
  -- below a rule's min_score. Unique per (organization, source event key).
  insert into public.point_transactions
    (organization_id, user_id, points, activity_type, source_key, source_event_id, rule_id, occurred_at, day)
  select e.organization_id, e.user_id, coalesce(o.points, g.points), e.event_type, e.idempotency_key, e.id,
         coalesce(o.id, g.id), e.occurred_at, e.day
  from pg_temp.analytics_new_events e
  left join public.point_rules o on o.organization_id = e.organization_id and o.event_type = e.event_type
  left join public.point_rules g on g.organization_id is null and g.event_type = e.event_type
  where coalesce(o.points, g.points) > 0
    and (case when o.id is not null then o.min_score else g.min_score end is null
         or e.score >= case when o.id is not null then o.min_score else g.min_score end)
  on conflict (organization_id, source_key) do nothing;
  get diagnostics paid = row_count;

  -- Learner days touched by the new events, recomputed from raw_events:
  -- measures per (key, event type) in one pass, then per key.
  with keys as (
    select distinct organization_id, user_id, day from pg_temp.analytics_new_events
  ),
  ev as (
    select k.organization_id, k.user_id, k.day, e.event_type, e.lesson_id, e.duration_seconds, e.score,
           e.occurred_at,
           lag(e.occurred_at) over (partition by k.organization_id, k.user_id, k.day order by e.occurred_at, e.id) as previous_at
    from keys k
    join public.raw_events e
      on e.organization_id = k.organization_id and e.user_id = k.user_id
     and e.occurred_at >= (k.day::timestamp at time zone 'utc')
     and e.occurred_at < ((k.day + 1)::timestamp at time zone 'utc')
    where e.occurred_at >= (first_day::timestamp at time zone 'utc')
      and e.occurred_at < ((last_day + 1)::timestamp at time zone 'utc')
  ),
  per_type as (
    select ev.organization_id, ev.user_id, ev.day, ev.event_type, count(*) as n,
           coalesce(sum(ev.duration_seconds), 0) as seconds,
           count(*) filter (where ev.previous_at is null or ev.occurred_at - ev.previous_at > interval '30 minutes') as sessions,
           count(distinct ev.lesson_id) filter (where ev.event_type = 'lesson_completed') as lessons_completed,
           count(*) filter (where ev.event_type = 'assessment_submitted') as assessments_submitted,
           coalesce(sum(ev.score) filter (where ev.event_type in ('assessment_submitted', 'assessment_graded')), 0) as score_sum,
           count(ev.score) filter (where ev.event_type in ('assessment_submitted', 'assessment_graded')) as score_count
    from ev
    group by ev.organization_id, ev.user_id, ev.day, ev.event_type
  ),
  measures as (
    select t.organization_id, t.user_id, t.day, sum(t.n)::integer as events,
           round(sum(t.seconds) / 60.0, 2) as active_minutes, sum(t.sessions)::integer as sessions,
           jsonb_object_agg(t.event_type, t.n order by t.event_type) as types,
           sum(t.lessons_completed)::integer as lessons_completed,
           sum(t.assessments_submitted)::integer as assessments_submitted,
           sum(t.score_sum) as score_sum, sum(t.score_count)::integer as score_count
    from per_type t
    group by t.organization_id, t.user_id, t.day
  ),
  paid as (
    select pt.organization_id, pt.user_id, pt.day, sum(pt.points) as points
    from public.point_transactions pt
    join keys k on k.organization_id = pt.organization_id and k.user_id = pt.user_id and k.day = pt.day
    group by pt.organization_id, pt.user_id, pt.day
  ),
  upserted as (
    insert into public.learner_daily_rollups as r
      (organization_id, user_id, day, events, active_minutes, sessions, events_by_type, lessons_completed,
       assessments_submitted, score_sum, score_count, avg_score, points, updated_at)
    select m.organization_id, m.user_id, m.day, m.events, m.active_minutes, m.sessions, m.types,
           m.lessons_completed, m.assessments_submitted, m.score_sum, m.score_count,
           case when m.score_count > 0 then round(m.score_sum / m.score_count, 2) end,
           coalesce(p.points, 0), now()
    from measures m
    left join paid p on p.organization_id = m.organization_id and p.user_id = m.user_id and p.day = m.day
    on conflict (organization_id, user_id, day) do update set
      events = excluded.events, active_minutes = excluded.active_minutes, sessions = excluded.sessions,
      events_by_type = excluded.events_by_type, lessons_completed = excluded.lessons_completed,
      assessments_submitted = excluded.assessments_submitted, score_sum = excluded.score_sum,
      score_count = excluded.score_count, avg_score = excluded.avg_score, points = excluded.points,
      updated_at = excluded.updated_at
    returning 1
  )
  select count(*) into learner_days from upserted;

  -- Cohort days: every cohort the touched learners are enrolled in.
  with keys as (
    select distinct en.organization_id, en.cohort_id, e.day
    from (select distinct organization_id, user_id, day from pg_temp.analytics_new_events) e
    join public.enrollments en on en.organization_id = e.organization_id and en.user_id = e.user_id
  ),
  upserted as (
    insert into public.cohort_daily_rollups as c
      (organization_id, cohort_id, day, active_learners, events, active_minutes, sessions, lessons_completed,
       assessments_submitted, score_sum, score_count, avg_score, points, updated_at)
    select k.organization_id, k.cohort_id, k.day,
           count(r.user_id) filter (where r.events > 0)::integer, coalesce(sum(r.events), 0)::integer,
           coalesce(sum(r.active_minutes), 0), coalesce(sum(r.sessions), 0)::integer,
           coalesce(sum(r.lessons_completed), 0)::integer, coalesce(sum(r.assessments_submitted), 0)::integer,
           coalesce(sum(r.score_sum), 0), coalesce(sum(r.score_count), 0)::integer,
           case when sum(r.score_count) > 0 then round(sum(r.score_sum) / sum(r.score_count), 2) end,
           coalesce(sum(r.points), 0)::integer, now()
    from keys k
    join public.enrollments en on en.cohort_id = k.cohort_id
    left join public.learner_daily_rollups r
      on r.organization_id = k.organization_id and r.user_id = en.user_id and r.day = k.day
    group by k.organization_id, k.cohort_id, k.day
    on conflict (organization_id, cohort_id, day) do update set
      active_learners = excluded.active_learners, events = excluded.events, active_minutes = excluded.active_minutes,
      sessions = excluded.sessions, lessons_completed = excluded.lessons_completed,
      assessments_submitted = excluded.assessments_submitted, score_sum = excluded.score_sum,
      score_count = excluded.score_count, avg_score = excluded.avg_score, points = excluded.points,
      updated_at = excluded.updated_at
    returning 1
  )
  select count(*) into cohort_days from upserted;

  with keys as (
    select distinct organization_id, day from pg_temp.analytics_new_events
  ),
  upserted as (
    insert into public.org_daily_rollups as o
      (organization_id, day, active_learners, events, active_minutes, sessions, lessons_completed,
       assessments_submitted, score_sum, score_count, avg_score, points, updated_at)
    select k.organization_id, k.day,
           count(*) filter (where r.events > 0)::integer, sum(r.events)::integer, sum(r.active_minutes),
           sum(r.sessions)::integer, sum(r.lessons_completed)::integer, sum(r.assessments_submitted)::integer,
           sum(r.score_sum), sum(r.score_count)::integer,
           case when sum(r.score_count) > 0 then round(sum(r.score_sum) / sum(r.score_count), 2) end,
           sum(r.points), now()
    from keys k
    join public.learner_daily_rollups r on r.organization_id = k.organization_id and r.day = k.day
    group by k.organization_id, k.day
    on conflict (organization_id, day) do update set
      active_learners = excluded.active_learners, events = excluded.events, active_minutes = excluded.active_minutes,
      sessions = excluded.sessions, lessons_completed = excluded.lessons_completed,
      assessments_submitted = excluded.assessments_submitted, score_sum = excluded.score_sum,
      score_count = excluded.score_count, avg_score = excluded.avg_score, points = excluded.points,
      updated_at = excluded.updated_at
    returning 1
  )
  select count(*) into org_days from upserted;

  -- Gamification after the rollup: points, levels, streaks, achievements of
  -- the learners touched.
  select coalesce(jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'user_id', x.user_id)), '[]'::jsonb)
  into learners from (select distinct e.organization_id, e.user_id from pg_temp.analytics_new_events e) x;
  levels := analytics.refresh_user_points(learners);
  awarded := analytics.award_achievements(learners);

  result := jsonb_build_object(
    'events', new_events, 'points_paid', paid, 'learner_days', learner_days, 'cohort_days', cohort_days,
    'org_days', org_days, 'user_points_changed', levels, 'achievements', awarded, 'watermark', to_xid::text);
  if only_org is null then
    update private.analytics_watermarks
    set position = to_xid, last_run_at = now(), last_result = result
    where name = 'rollup';
  end if;
  truncate pg_temp.analytics_new_events;
  return result;
end;
$$;

revoke execute on function
  analytics.level_for_points(bigint), analytics.points_to_next_level(bigint), analytics.achievement_met(jsonb, jsonb),
  analytics.refresh_user_points(jsonb, date), analytics.award_achievements(jsonb), analytics.run_rollup(uuid)
from public, anon, authenticated;
