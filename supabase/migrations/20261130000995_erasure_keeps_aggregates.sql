-- Erasure leaves the organization's aggregates unchanged for ever, not only
-- until the next rollup.
--
-- Before: app.erase_me deleted the member's learner_daily_rollups, and the
-- rollup job re-derives a day's cohort and organization rollups (and
-- analytics.run_aggregates the monthly and yearly ones) from the learner rows
-- of that day; a late event of ANOTHER learner for that day, or the next
-- aggregates run, recomputed the day without the erased member and the
-- organization's numbers dropped.
--
-- Now erasure keeps their share of those sums in private.erased_learner_days
-- and every re-derivation adds it back:
--   - one row per day they had a daily rollup, with exactly the measures the
--     cohort, organization and period aggregates sum (events, minutes,
--     sessions, lessons, assessments, scores, points) and the cohorts they
--     were enrolled in when erased (a cohort's day keeps counting them);
--     nothing else: no user id, no event types, no lessons, no timestamps
--     (no created_at that could be matched with privacy_requests);
--   - keyed by a pseudonym drawn at random (gen_random_uuid) for each
--     erasure, not derived from the user id, stored in no other table: no row
--     anywhere maps it back to them. It is there because the aggregates count
--     DISTINCT active learners per month and year: per-day totals without a
--     key would count an erased learner active on 3 days of a month 3 times
--     (or, merged, lose them); with the pseudonym they count once, as before;
--   - in schema private (not exposed by the Data API; no grant to anon or
--     authenticated): only the jobs read it. Not in public, so it is not a
--     personal table (organization_id + user_id) to export or erase.
-- Why not re-key learner_daily_rollups to the pseudonym: its user_id
-- references profiles (a pseudonym has no profile), and leaderboards,
-- snapshots, streaks, predictions and org_metrics read that table per learner
-- and would show a phantom member.
-- Limit: pseudonymous, not anonymous: in an organization with a single
-- erasure, whoever can read schema private (the database owner) can tell the
-- rows are that person's from privacy_requests; the admins of the
-- organization cannot read them. The live dashboards over the last days
-- (analytics.org_metrics: members, active learners in the last 1/7/30 days;
-- cohort_metrics) describe current members and are not carried forward.

create table private.erased_learner_days (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  pseudonym uuid not null,
  day date not null,
  -- Cohorts the learner was enrolled in when erased; a cohort deleted since
  -- is skipped where this is read.
  cohort_ids uuid[] not null default '{}',
  -- Same types as public.learner_daily_rollups (the rollup unions the two).
  events integer not null default 0,
  active_minutes numeric(8, 2) not null default 0,
  sessions integer not null default 0,
  lessons_completed integer not null default 0,
  assessments_submitted integer not null default 0,
  score_sum numeric(12, 2) not null default 0,
  score_count integer not null default 0,
  points integer not null default 0,
  primary key (organization_id, pseudonym, day)
);
create index erased_learner_days_org_day_idx on private.erased_learner_days (organization_id, day);
revoke all on table private.erased_learner_days from public, anon, authenticated;

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


create or replace function analytics.run_aggregates(d date default (now() at time zone 'utc')::date)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  written integer;
begin
  with periods as (
    select 'month'::text as period, p::date as period_start, (p + interval '1 month')::date as period_end
    from unnest(array[date_trunc('month', d::timestamp), date_trunc('month', d::timestamp) - interval '1 month']) p
    union all
    select 'year', p::date, (p + interval '1 year')::date
    from unnest(array[date_trunc('year', d::timestamp), date_trunc('year', d::timestamp) - interval '1 year']) p
  ),
  scoped as (
    select r.organization_id, null::uuid as cohort_id, r.user_id, r.day, r.events, r.active_minutes, r.sessions,
           r.lessons_completed, r.assessments_submitted, r.score_sum, r.score_count, r.points
    from public.learner_daily_rollups r
    where r.day >= (select min(period_start) from periods) and r.day < (select max(period_end) from periods)
    union all
    select r.organization_id, en.cohort_id, r.user_id, r.day, r.events, r.active_minutes, r.sessions,
           r.lessons_completed, r.assessments_submitted, r.score_sum, r.score_count, r.points
    from public.learner_daily_rollups r
    join public.enrollments en on en.organization_id = r.organization_id and en.user_id = r.user_id
    where r.day >= (select min(period_start) from periods) and r.day < (select max(period_end) from periods)
    -- Erased learners: under their pseudonym (so each still counts once
    -- among a period's distinct active learners), in the organization and
    -- in the cohorts they were enrolled in (those that still exist).
    union all
    select x.organization_id, null::uuid, x.pseudonym, x.day, x.events, x.active_minutes, x.sessions,
           x.lessons_completed, x.assessments_submitted, x.score_sum, x.score_count, x.points
    from private.erased_learner_days x
    where x.day >= (select min(period_start) from periods) and x.day < (select max(period_end) from periods)
    union all
    select x.organization_id, c.id, x.pseudonym, x.day, x.events, x.active_minutes, x.sessions,
           x.lessons_completed, x.assessments_submitted, x.score_sum, x.score_count, x.points
    from private.erased_learner_days x
    join public.cohorts c on c.id = any (x.cohort_ids) and c.organization_id = x.organization_id
    where x.day >= (select min(period_start) from periods) and x.day < (select max(period_end) from periods)
  ),
  upserted as (
    insert into public.aggregated_analytics as ag
      (organization_id, cohort_id, period, period_start, active_learners, active_days, events, active_minutes,
       sessions, lessons_completed, assessments_submitted, score_sum, score_count, avg_score, points,
       computed_at, expires_at)
    select s.organization_id, s.cohort_id, p.period, p.period_start,
           count(distinct s.user_id) filter (where s.events > 0)::integer,
           count(distinct s.day) filter (where s.events > 0)::integer,
           sum(s.events), sum(s.active_minutes), sum(s.sessions), sum(s.lessons_completed),
           sum(s.assessments_submitted), sum(s.score_sum), sum(s.score_count),
           case when sum(s.score_count) > 0 then round(sum(s.score_sum) / sum(s.score_count), 2) end,
           sum(s.points), now(), (p.period_end + interval '7 years')
    from scoped s
    join periods p on s.day >= p.period_start and s.day < p.period_end
    group by s.organization_id, s.cohort_id, p.period, p.period_start, p.period_end
    on conflict (organization_id, cohort_id, period, period_start) do update set
      active_learners = excluded.active_learners, active_days = excluded.active_days, events = excluded.events,
      active_minutes = excluded.active_minutes, sessions = excluded.sessions,
      lessons_completed = excluded.lessons_completed, assessments_submitted = excluded.assessments_submitted,
      score_sum = excluded.score_sum, score_count = excluded.score_count, avg_score = excluded.avg_score,
      points = excluded.points, computed_at = excluded.computed_at, expires_at = excluded.expires_at
    returning 1
  )
  select count(*) into written from upserted;
  return written;
end;
$$;

------------------------------------------------------------------------------

create or replace function app.erase_me(org uuid)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  my_email text;
  tbl text;
  ref record;
  n integer;
  counts jsonb := '{}'::jsonb;
  -- Random, not derived from their id: nothing maps it back to them.
  pseudonym uuid := gen_random_uuid();
begin
  if me is null or not authz.is_member(org) then
    raise exception 'You are not a member of this organization' using errcode = 'SW404';
  end if;
  if authz.is_owner(org) and not exists (
       select 1 from public.memberships m where m.organization_id = org and m.is_owner and m.user_id <> me) then
    raise exception 'You are the only owner of this organization: make someone else owner (Members page) before erasing your data'
      using errcode = 'SW409';
  end if;
  select p.email into my_email from public.profiles p where p.id = me;

  -- Idempotency keys of their events name them (e.g. "lesson_completed:<user>:<lesson>").
  delete from public.raw_event_keys k
  using public.raw_events e
  where e.organization_id = org and e.user_id = me
    and k.organization_id = org and k.idempotency_key = e.idempotency_key;
  get diagnostics n = row_count;
  counts := counts || jsonb_build_object('raw_event_keys', n);

  -- Reports about them are personal; reports they requested stay, anonymised below.
  delete from public.reports r where r.organization_id = org and r.report_type = 'learner' and r.subject_id = me;
  get diagnostics n = row_count;
  counts := counts || jsonb_build_object('reports (about you)', n);

  delete from public.invitations i where i.organization_id = org and i.email = my_email;
  get diagnostics n = row_count;
  counts := counts || jsonb_build_object('invitations', n);

  -- Their share of the organization's aggregates, before their rows go:
  -- their daily rollups under a fresh random pseudonym, with the cohorts
  -- they are enrolled in (see the header of migration 20261130000995).
  insert into private.erased_learner_days
    (organization_id, pseudonym, day, cohort_ids, events, active_minutes, sessions, lessons_completed, assessments_submitted, score_sum, score_count, points)
  select org, pseudonym, r.day,
         coalesce((select array_agg(distinct en.cohort_id) from public.enrollments en
                   where en.organization_id = org and en.user_id = me), '{}'::uuid[]),
         r.events, r.active_minutes, r.sessions, r.lessons_completed, r.assessments_submitted, r.score_sum, r.score_count, r.points
  from public.learner_daily_rollups r
  where r.organization_id = org and r.user_id = me;

  -- Their own rows; the membership last (it releases the seat, and the
  -- memberships guard and triggers run on it).
  for tbl in select t from private.personal_tables() t where t <> 'memberships' loop
    execute format('delete from public.%I t where t.organization_id = $1 and t.user_id = $2', tbl) using org, me;
    get diagnostics n = row_count;
    counts := counts || jsonb_build_object(tbl, n);
  end loop;

  -- Other references to them in the organization's rows (authorship,
  -- grading, requests): nullable single-column foreign keys to profiles.
  for ref in
    select c.relname::text as tbl, a.attname::text as col
    from pg_catalog.pg_constraint k
    join pg_catalog.pg_class c on c.oid = k.conrelid
    join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
    join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
    where k.contype = 'f' and k.confrelid = 'public.profiles'::regclass and array_length(k.conkey, 1) = 1
      and ns.nspname = 'public' and not a.attnotnull and a.attname <> 'user_id'
      and exists (select 1 from pg_catalog.pg_attribute o
                  where o.attrelid = c.oid and o.attname = 'organization_id' and o.attnum > 0 and not o.attisdropped)
    order by 1, 2
  loop
    execute format('update public.%I t set %I = null where t.organization_id = $1 and t.%I = $2', ref.tbl, ref.col, ref.col)
      using org, me;
    get diagnostics n = row_count;
    if n > 0 then
      counts := counts || jsonb_build_object(ref.tbl || '.' || ref.col, n);
    end if;
  end loop;

  delete from public.memberships m where m.organization_id = org and m.user_id = me;
  counts := counts || jsonb_build_object('memberships', 1);

  insert into public.privacy_requests (organization_id, user_id, email, kind, details, completed_at)
  values (org, me, my_email, 'erasure', jsonb_build_object('rows', counts), now());
  return counts;
end;
$$;


revoke execute on function analytics.run_rollup(uuid), analytics.run_aggregates(date) from public, anon, authenticated;
revoke execute on function app.erase_me(uuid) from public, anon;
grant execute on function app.erase_me(uuid) to authenticated, service_role;
