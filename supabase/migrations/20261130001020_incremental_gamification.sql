-- The incremental rollup's cost follows the new events, not the touched
-- learners' history. At the large benchmark size (65,000 learners, 6.8M raw
-- events) 100,000 new events took 32.6 s to roll up: they touch ~65,000
-- learners, and for each the gamification step re-read every daily rollup
-- the learner ever had — twice for points and streaks, once more for the
-- achievement metrics (~1M rows per 20,000 learners), and the cohort days
-- probed every enrolled learner's rollup by index, one lookup at a time.
--
-- Now:
--   * the learner-day upsert records, in the same statement, each touched
--     day's values before and after (pg_temp.analytics_day_changes);
--   * user_points keeps the all-time sums the achievements are judged on
--     (active days, lessons completed and started, assessments submitted,
--     scores) next to the points, and analytics.apply_day_changes adds the
--     changes to them; streaks are carried forward from the stored state
--     (see below) — a learner whose change it cannot carry forward gets the
--     full recompute (analytics.refresh_user_points, one pass over their
--     rollups);
--   * award_achievements reads user_points only;
--   * the new-event table is analyzed before it is used, so the planner
--     knows it holds thousands of keys (it guessed 65 and chose per-row
--     index probes for the cohort days).
-- The nightly job still recomputes every learner in full (a streak also ends
-- by a day passing), so any drift would last a day at most; the tests hold
-- incremental = full after every run.

alter table public.user_points
  add column active_days integer not null default 0,
  add column lessons_completed integer not null default 0,
  add column lessons_started integer not null default 0,
  add column assessments_submitted integer not null default 0,
  add column score_sum numeric not null default 0,
  add column score_count integer not null default 0;

comment on column public.user_points.active_days is
  'All-time sums over the learner''s daily rollups (active days, lessons, assessments, scores): the achievement metrics, kept by the rollup.';

------------------------------------------------------------------------------
-- Full recompute of user_points for the given learners, in one pass over
-- their daily rollups (used by the nightly job for everyone, and by the
-- rollup for learners it cannot carry forward).
--   total_points = Σ daily rollup points (= Σ of the ledger: every ledger
--     row's day has its rollup row); level and points_to_next_level from it
--     (analytics.level_for_points);
--   streaks (a learner is active on a UTC day when that day's rollup has at
--     least one event; runs of consecutive active days):
--     longest_streak = the longest run;
--     current_streak = the run ending on the last active day if that day is
--       today or yesterday (a streak survives until a whole day is missed),
--       else 0;
--     Test: active on D−5, D−4, D−2, D−1 (today D) → longest 2, current 2.
--   active_days, lessons_completed, lessons_started (events_by_type),
--   assessments_submitted, score_sum, score_count = all-time sums of the
--     daily rollups (the achievement metrics; avg_score = sum / count).
------------------------------------------------------------------------------
create or replace function analytics.refresh_user_points(keys jsonb, today date default (now() at time zone 'utc')::date)
returns integer
language sql
set search_path = ''
as $$
  with k as (
    select distinct (x ->> 'organization_id')::uuid as organization_id, (x ->> 'user_id')::uuid as user_id
    from jsonb_array_elements(keys) x
  ),
  days as (
    select r.organization_id, r.user_id, r.day, r.events, r.points, r.lessons_completed,
           coalesce((r.events_by_type ->> 'lesson_started')::integer, 0) as lessons_started,
           r.assessments_submitted, r.score_sum, r.score_count,
           case when r.events > 0
                then r.day - (row_number() over (partition by r.organization_id, r.user_id, r.events > 0 order by r.day))::integer
           end as island
    from public.learner_daily_rollups r
    join k on k.organization_id = r.organization_id and k.user_id = r.user_id
  ),
  runs as (
    select d.organization_id, d.user_id, d.island, count(*) filter (where d.island is not null)::integer as length,
           max(d.day) filter (where d.island is not null) as last_day,
           sum(d.points) as points, sum(d.lessons_completed) as lessons_completed, sum(d.lessons_started) as lessons_started,
           sum(d.assessments_submitted) as assessments_submitted, sum(d.score_sum) as score_sum, sum(d.score_count) as score_count
    from days d group by d.organization_id, d.user_id, d.island
  ),
  learners as (
    select k.organization_id, k.user_id, coalesce(sum(r.points), 0)::bigint as total,
           coalesce(max(r.length), 0) as longest, max(r.last_day) as last_active,
           (array_agg(r.length order by r.last_day desc nulls last))[1] as last_run,
           coalesce(sum(r.length), 0)::integer as active_days,
           coalesce(sum(r.lessons_completed), 0)::integer as lessons_completed,
           coalesce(sum(r.lessons_started), 0)::integer as lessons_started,
           coalesce(sum(r.assessments_submitted), 0)::integer as assessments_submitted,
           coalesce(sum(r.score_sum), 0) as score_sum, coalesce(sum(r.score_count), 0)::integer as score_count
    from k left join runs r on r.organization_id = k.organization_id and r.user_id = k.user_id
    group by k.organization_id, k.user_id
  ),
  upserted as (
    insert into public.user_points as up
      (organization_id, user_id, total_points, level, points_to_next_level, current_streak, longest_streak,
       last_active_day, active_days, lessons_completed, lessons_started, assessments_submitted, score_sum, score_count,
       updated_at)
    select l.organization_id, l.user_id, l.total, analytics.level_for_points(l.total),
           analytics.points_to_next_level(l.total),
           case when l.last_active >= today - 1 then l.last_run else 0 end, l.longest, l.last_active,
           l.active_days, l.lessons_completed, l.lessons_started, l.assessments_submitted, l.score_sum, l.score_count,
           now()
    from learners l
    on conflict (organization_id, user_id) do update set
      total_points = excluded.total_points, level = excluded.level,
      points_to_next_level = excluded.points_to_next_level, current_streak = excluded.current_streak,
      longest_streak = excluded.longest_streak, last_active_day = excluded.last_active_day,
      active_days = excluded.active_days, lessons_completed = excluded.lessons_completed,
      lessons_started = excluded.lessons_started, assessments_submitted = excluded.assessments_submitted,
      score_sum = excluded.score_sum, score_count = excluded.score_count, updated_at = excluded.updated_at
    where (up.total_points, up.level, up.current_streak, up.longest_streak, up.last_active_day, up.active_days,
           up.lessons_completed, up.lessons_started, up.assessments_submitted, up.score_sum, up.score_count)
      is distinct from (excluded.total_points, excluded.level, excluded.current_streak, excluded.longest_streak,
                        excluded.last_active_day, excluded.active_days, excluded.lessons_completed,
                        excluded.lessons_started, excluded.assessments_submitted, excluded.score_sum,
                        excluded.score_count)
    returning 1
  )
  select count(*)::integer from upserted
$$;

------------------------------------------------------------------------------
-- The rollup's gamification step: user_points of the learners whose daily
-- rollups changed in this run, from the changes (pg_temp.analytics_day_changes:
-- each touched learner day's values before and after the run's upsert).
--   sums: stored sum + Σ (after − before) over the changed days — the same
--     as the full Σ, as long as the stored sums were (the invariant every
--     run keeps, and the nightly full recompute restores);
--   streaks, carried forward from (last_active_day L, current_streak C,
--     longest_streak M) when every newly active day (no events before the
--     run, some after) is after L: the new days' runs are found among
--     themselves (gaps and islands); the first run, if it starts on L + 1,
--     continues the run ending on L, whose length is C (C is that run's
--     length whenever it is not 0: it is only ever set to it, or to 0 once
--     L is older than yesterday). longest = max(M, those runs); the last
--     one is the current streak if it ends today or yesterday.
--   Otherwise — no user_points row yet, a newly active day on or before L
--     (a late event), or a run continuing from L while C = 0 — the learner
--     gets the full recompute (analytics.refresh_user_points).
-- Returns the number of learners whose row was written.
------------------------------------------------------------------------------
create function analytics.apply_day_changes(today date default (now() at time zone 'utc')::date)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  carried integer;
  recomputed integer;
  full_keys jsonb;
begin
  create temp table if not exists analytics_learner_changes (
    organization_id uuid, user_id uuid, d_points bigint, d_active_days integer, d_lessons_completed integer,
    d_lessons_started integer, d_assessments_submitted integer, d_score_sum numeric, d_score_count integer,
    first_new_day date, carry boolean
  ) on commit delete rows;
  truncate pg_temp.analytics_learner_changes;

  insert into pg_temp.analytics_learner_changes
  select d.organization_id, d.user_id, d.d_points, d.d_active_days, d.d_lessons_completed, d.d_lessons_started,
         d.d_assessments_submitted, d.d_score_sum, d.d_score_count, d.first_new_day,
         up.user_id is not null and case
           when d.first_new_day is null then true  -- no newly active day: only the sums change
           when up.last_active_day is null then false
           else d.first_new_day > up.last_active_day
                and (up.current_streak > 0 or d.first_new_day > up.last_active_day + 1)
         end
  from (
    select c.organization_id, c.user_id,
           sum(c.points - c.old_points)::bigint as d_points,
           count(*) filter (where c.newly_active)::integer as d_active_days,
           sum(c.lessons_completed - c.old_lessons_completed)::integer as d_lessons_completed,
           sum(c.lessons_started - c.old_lessons_started)::integer as d_lessons_started,
           sum(c.assessments_submitted - c.old_assessments_submitted)::integer as d_assessments_submitted,
           sum(c.score_sum - c.old_score_sum) as d_score_sum,
           sum(c.score_count - c.old_score_count)::integer as d_score_count,
           min(c.day) filter (where c.newly_active) as first_new_day
    -- Newly active: no events on that day before the run, some after.
    from (select x.*, x.old_events = 0 and x.events > 0 as newly_active from pg_temp.analytics_day_changes x) c
    group by c.organization_id, c.user_id
  ) d
  left join public.user_points up on up.organization_id = d.organization_id and up.user_id = d.user_id;
  analyze pg_temp.analytics_learner_changes;

  -- Runs among the newly active days of the learners carried forward, into
  -- an analyzed table: joined as a CTE, its row count was guessed, and a
  -- nested loop over tens of thousands of learners took minutes.
  create temp table if not exists analytics_carried_streaks (
    organization_id uuid, user_id uuid, longest integer, last_active date, last_run integer
  ) on commit delete rows;
  truncate pg_temp.analytics_carried_streaks;
  with new_days as (
    select c.organization_id, c.user_id, c.day,
           c.day - (row_number() over (partition by c.organization_id, c.user_id order by c.day))::integer as island
    from pg_temp.analytics_day_changes c
    join pg_temp.analytics_learner_changes l on l.organization_id = c.organization_id and l.user_id = c.user_id and l.carry
    where c.old_events = 0 and c.events > 0
  ),
  runs as (
    select n.organization_id, n.user_id, min(n.day) as first_day, max(n.day) as last_day, count(*)::integer as length
    from new_days n group by n.organization_id, n.user_id, n.island
  ),
  joined as (
    -- The first run continues the stored one when it starts the day after it.
    select r.organization_id, r.user_id, r.last_day,
           r.length + case when r.first_day = up.last_active_day + 1 then up.current_streak else 0 end as length
    from runs r join public.user_points up on up.organization_id = r.organization_id and up.user_id = r.user_id
  )
  insert into pg_temp.analytics_carried_streaks
  select j.organization_id, j.user_id, max(j.length), max(j.last_day), (array_agg(j.length order by j.last_day desc))[1]
  from joined j group by j.organization_id, j.user_id;
  analyze pg_temp.analytics_carried_streaks;

  update public.user_points up set
    total_points = up.total_points + l.d_points,
    level = analytics.level_for_points(up.total_points + l.d_points),
    points_to_next_level = analytics.points_to_next_level(up.total_points + l.d_points),
    longest_streak = greatest(up.longest_streak, coalesce(s.longest, 0)),
    last_active_day = coalesce(s.last_active, up.last_active_day),
    current_streak = case
      when s.user_id is null then case when up.last_active_day >= today - 1 then up.current_streak else 0 end
      when s.last_active >= today - 1 then s.last_run
      else 0 end,
    active_days = up.active_days + l.d_active_days,
    lessons_completed = up.lessons_completed + l.d_lessons_completed,
    lessons_started = up.lessons_started + l.d_lessons_started,
    assessments_submitted = up.assessments_submitted + l.d_assessments_submitted,
    score_sum = up.score_sum + l.d_score_sum,
    score_count = up.score_count + l.d_score_count,
    updated_at = now()
  from pg_temp.analytics_learner_changes l
  left join pg_temp.analytics_carried_streaks s on s.organization_id = l.organization_id and s.user_id = l.user_id
  where l.carry and up.organization_id = l.organization_id and up.user_id = l.user_id;
  get diagnostics carried = row_count;

  select coalesce(jsonb_agg(jsonb_build_object('organization_id', l.organization_id, 'user_id', l.user_id)), '[]'::jsonb)
  into full_keys from pg_temp.analytics_learner_changes l where not l.carry;
  recomputed := analytics.refresh_user_points(full_keys, today);
  truncate pg_temp.analytics_learner_changes;
  truncate pg_temp.analytics_carried_streaks;
  return carried + recomputed;
end;
$$;

------------------------------------------------------------------------------
-- Achievements of the given learners, judged on their user_points row (the
-- all-time sums the rollup keeps): awards each active achievement (defaults
-- and the learner's organization's own) at most once (user_achievements is
-- unique) and notifies the learner of each new one, unless their
-- notification_prefs say {"achievements": false}. Metrics: total_points,
-- level, current_streak, longest_streak, active_days, lessons_completed,
-- lessons_started, assessments_submitted, scored_assessments, avg_score.
------------------------------------------------------------------------------
create or replace function analytics.award_achievements(keys jsonb)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  awarded integer;
begin
  -- The learners as an analyzed table: from the jsonb the planner guesses
  -- 100 rows, and with tens of thousands it joined them by nested loops.
  create temp table if not exists analytics_award_keys (organization_id uuid, user_id uuid) on commit delete rows;
  truncate pg_temp.analytics_award_keys;
  insert into pg_temp.analytics_award_keys
  select distinct (x ->> 'organization_id')::uuid, (x ->> 'user_id')::uuid from jsonb_array_elements(keys) x;
  analyze pg_temp.analytics_award_keys;

  with
  -- The achievements each learner has not earned yet (most learners hold several already).
  candidates as materialized (
    select k.organization_id, k.user_id, a.id as achievement_id, a.criteria
    from pg_temp.analytics_award_keys k
    join public.achievements a on a.active and (a.organization_id is null or a.organization_id = k.organization_id)
    where not exists (select 1 from public.user_achievements ua
                      where ua.organization_id = k.organization_id and ua.user_id = k.user_id and ua.achievement_id = a.id)
  ),
  -- Materialized: built once per learner, not once per (learner, achievement).
  metrics as materialized (
    select c.organization_id, c.user_id, jsonb_build_object(
      'total_points', coalesce(up.total_points, 0),
      'level', coalesce(up.level, 1),
      'current_streak', coalesce(up.current_streak, 0),
      'longest_streak', coalesce(up.longest_streak, 0),
      'active_days', coalesce(up.active_days, 0),
      'lessons_completed', coalesce(up.lessons_completed, 0),
      'lessons_started', coalesce(up.lessons_started, 0),
      'assessments_submitted', coalesce(up.assessments_submitted, 0),
      'scored_assessments', coalesce(up.score_count, 0),
      'avg_score', case when up.score_count > 0 then round(up.score_sum / up.score_count, 2) end) as m
    from (select distinct organization_id, user_id from candidates) c
    left join public.user_points up on up.organization_id = c.organization_id and up.user_id = c.user_id
  ),
  earned as (
    insert into public.user_achievements (organization_id, user_id, achievement_id)
    select c.organization_id, c.user_id, c.achievement_id
    from candidates c
    join metrics m on m.organization_id = c.organization_id and m.user_id = c.user_id
    where analytics.achievement_met(c.criteria, m.m)
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
  select count(*)::integer into awarded from earned;
  truncate pg_temp.analytics_award_keys;
  return awarded;
end;
$$;

------------------------------------------------------------------------------
-- The incremental rollup job (20261130000310_analytics_rollup.sql says how
-- it works; 20261130000995 added the erased learners' carry-forward). Here:
-- statistics on the new-event table, the before/after record of each
-- touched learner day, and gamification from those changes.
------------------------------------------------------------------------------
create or replace function analytics.run_rollup(only_org uuid default null)
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

  -- Each touched learner day: its new measures (what the upsert writes) and
  -- the values it had before this run (analytics.apply_day_changes). A
  -- table, analyzed, not a CTE read twice: the planner guessed 200 rows for
  -- the measures and joined tens of thousands of them by nested loops.
  create temp table if not exists analytics_day_changes (
    organization_id uuid, user_id uuid, day date, events integer, active_minutes numeric, sessions integer,
    events_by_type jsonb, lessons_completed integer, lessons_started integer, assessments_submitted integer,
    score_sum numeric, score_count integer, points numeric,
    old_events integer, old_points numeric, old_lessons_completed integer, old_lessons_started integer,
    old_assessments_submitted integer, old_score_sum numeric, old_score_count integer
  ) on commit delete rows;
  truncate pg_temp.analytics_day_changes;

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
  -- Statistics for the planner: without them it guesses a few dozen keys and probes per row.
  analyze pg_temp.analytics_new_events;
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
  )
  insert into pg_temp.analytics_day_changes
  select m.organization_id, m.user_id, m.day, m.events, m.active_minutes, m.sessions, m.types,
         m.lessons_completed, coalesce((m.types ->> 'lesson_started')::integer, 0), m.assessments_submitted,
         m.score_sum, m.score_count, coalesce(p.points, 0),
         -- The day's row as it was before this run.
         coalesce(o.events, 0), coalesce(o.points, 0), coalesce(o.lessons_completed, 0),
         coalesce((o.events_by_type ->> 'lesson_started')::integer, 0),
         coalesce(o.assessments_submitted, 0), coalesce(o.score_sum, 0), coalesce(o.score_count, 0)
  from measures m
  left join paid p on p.organization_id = m.organization_id and p.user_id = m.user_id and p.day = m.day
  left join public.learner_daily_rollups o on o.organization_id = m.organization_id and o.user_id = m.user_id and o.day = m.day;
  analyze pg_temp.analytics_day_changes;

  insert into public.learner_daily_rollups as r
    (organization_id, user_id, day, events, active_minutes, sessions, events_by_type, lessons_completed,
     assessments_submitted, score_sum, score_count, avg_score, points, updated_at)
  select c.organization_id, c.user_id, c.day, c.events, c.active_minutes, c.sessions, c.events_by_type,
         c.lessons_completed, c.assessments_submitted, c.score_sum, c.score_count,
         case when c.score_count > 0 then round(c.score_sum / c.score_count, 2) end,
         c.points, now()
  from pg_temp.analytics_day_changes c
  on conflict (organization_id, user_id, day) do update set
    events = excluded.events, active_minutes = excluded.active_minutes, sessions = excluded.sessions,
    events_by_type = excluded.events_by_type, lessons_completed = excluded.lessons_completed,
    assessments_submitted = excluded.assessments_submitted, score_sum = excluded.score_sum,
    score_count = excluded.score_count, avg_score = excluded.avg_score, points = excluded.points,
    updated_at = excluded.updated_at;
  get diagnostics learner_days = row_count;

  -- Cohort days: every cohort the touched learners are enrolled in.
  with keys as (
    select distinct en.organization_id, en.cohort_id, e.day
    from (select distinct organization_id, user_id, day from pg_temp.analytics_new_events) e
    join public.enrollments en on en.organization_id = e.organization_id and en.user_id = e.user_id
  ),
  -- The enrolled learners' rows of those days, and the contributions of
  -- learners erased from the organization (private.erased_learner_days:
  -- kept under a pseudonym with the cohorts they were enrolled in).
  contributions as (
    select k.organization_id, k.cohort_id, k.day, r.events, r.active_minutes, r.sessions, r.lessons_completed,
           r.assessments_submitted, r.score_sum, r.score_count, r.points
    from keys k
    join public.enrollments en on en.cohort_id = k.cohort_id
    left join public.learner_daily_rollups r
      on r.organization_id = k.organization_id and r.user_id = en.user_id and r.day = k.day
    union all
    select k.organization_id, k.cohort_id, k.day, x.events, x.active_minutes, x.sessions, x.lessons_completed,
           x.assessments_submitted, x.score_sum, x.score_count, x.points
    from keys k
    join private.erased_learner_days x
      on x.organization_id = k.organization_id and x.day = k.day and k.cohort_id = any (x.cohort_ids)
  ),
  upserted as (
    insert into public.cohort_daily_rollups as c
      (organization_id, cohort_id, day, active_learners, events, active_minutes, sessions, lessons_completed,
       assessments_submitted, score_sum, score_count, avg_score, points, updated_at)
    select r.organization_id, r.cohort_id, r.day,
           count(*) filter (where r.events > 0)::integer, coalesce(sum(r.events), 0)::integer,
           coalesce(sum(r.active_minutes), 0), coalesce(sum(r.sessions), 0)::integer,
           coalesce(sum(r.lessons_completed), 0)::integer, coalesce(sum(r.assessments_submitted), 0)::integer,
           coalesce(sum(r.score_sum), 0), coalesce(sum(r.score_count), 0)::integer,
           case when sum(r.score_count) > 0 then round(sum(r.score_sum) / sum(r.score_count), 2) end,
           coalesce(sum(r.points), 0)::integer, now()
    from contributions r
    group by r.organization_id, r.cohort_id, r.day
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
    join (select l.organization_id, l.day, l.events, l.active_minutes, l.sessions, l.lessons_completed, l.assessments_submitted, l.score_sum, l.score_count, l.points
          from public.learner_daily_rollups l
          union all
          select x.organization_id, x.day, x.events, x.active_minutes, x.sessions, x.lessons_completed, x.assessments_submitted, x.score_sum, x.score_count, x.points
          from private.erased_learner_days x) r
      on r.organization_id = k.organization_id and r.day = k.day
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
  levels := analytics.apply_day_changes();
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
  truncate pg_temp.analytics_day_changes;
  return result;
end;
$$;

revoke execute on function analytics.apply_day_changes(date), analytics.run_rollup(uuid) from public, anon, authenticated;

-- The new sums of the learners that already have points, so that the next
-- rollup adds its changes to the right numbers.
select analytics.refresh_user_points(coalesce(
  (select jsonb_agg(jsonb_build_object('organization_id', up.organization_id, 'user_id', up.user_id)) from public.user_points up),
  '[]'::jsonb));
