-- Raw event retention by dropping partitions (issue 7), and set-based
-- ingestion.
--
-- Layout. Organizations keep raw events for different times
-- (organization_settings.raw_retention_days) but used to share one partition
-- per day, so no day could be dropped until the longest retention of any
-- organization had passed: an organization keeping 7 days would have had its
-- events kept for the 365 of another, or removed by row DELETE. Now:
--
--   public.raw_events                       partition by LIST (retention_days)
--     public.raw_events_r0030               for values in (30), partition by RANGE (occurred_at)
--       public.raw_events_r0030_20261130    one UTC day
--
-- retention_days is the retention of the event's organization when it was
-- stored, and it can only be one of a small set of classes,
-- private.raw_retention_classes(): 1, 7, 14, 30, 60, 90, 120, 180, 365, 730,
-- 1095, 1825, 3650 days. organization_settings.raw_retention_days must be one
-- of them too (check constraint; the existing values that were not are
-- rounded UP to the next class by this migration, so nobody loses events
-- they were promised). So every partition holds events of organizations with
-- exactly the same retention, and retention is only ever a partition DROP:
-- the job drop_expired_raw_event_partitions drops day D of class C once
-- D < today - C (UTC). An event therefore lives at least C days and less than
-- C + 1 days (plus the minutes until the hourly job's first run after
-- midnight); the ingestion API refuses events older than C days, whose days
-- all still have partitions. An organization on the default 30 days costs
-- one DROP a day, shared with every other 30-day organization.
--
-- Why classes rather than any number of days: one class per distinct setting
-- would multiply day partitions by the number of distinct settings (each
-- class in use has C + 8 of them); with classes, at most 13 classes exist and
-- only the classes some organization uses get day partitions
-- (ensure_raw_event_partitions). Why a setting must be a class rather than
-- mapping a setting to the next class up and deleting the excess rows: that
-- would make DELETE the daily path for every organization off a class.
--
-- Changing an organization's retention (the rare case) moves its rows: the
-- trigger on organization_settings creates the new class's partitions,
-- deletes the organization's events older than the new retention (when it
-- shrinks) and moves the rest to the new class (a cross-partition UPDATE), in
-- the transaction that changes the setting; ingestion for that organization
-- waits on an advisory lock meanwhile, so no event lands in the old class
-- after the move. An organization that is deleted leaves its events to be
-- dropped with their days.
--
-- Idempotency keys (raw_event_keys) stay one plain table: a key must be unique
-- per organization across all days, which a partitioned unique index cannot
-- enforce (it must contain the partition key). They carry retention_days too
-- and expire with the same cutoff as the events (job expire_raw_event_keys: a
-- DELETE of about 80-byte rows by an index on (retention_days, occurred_at));
-- a key is forgotten only once its event's day is gone, when the API refuses
-- such an old event anyway.
--
-- Ingestion is set-based: private.insert_raw_events(org, events jsonb, source)
-- checks and stores a whole batch in one statement (keys with ON CONFLICT DO
-- NOTHING, then the events of the keys that were new) and returns each
-- event's outcome (stored / duplicate / rejected with the reason) instead of
-- failing the batch. private.insert_raw_event (one event; app.record_event)
-- keeps its signature and errors.

------------------------------------------------------------------------------
-- Retention classes
------------------------------------------------------------------------------
-- The allowed raw retentions, in days. The check constraint on
-- organization_settings spells the same list (a function in `private` cannot
-- be evaluated by `authenticated` inserting settings);
-- tests/integration/raw-event-retention.test.ts fails when they differ, and
-- RAW_RETENTION_CLASSES of db/queries/raw-events.ts mirrors it.
create function private.raw_retention_classes()
returns integer[]
language sql immutable
set search_path = ''
as $$
  select array[1, 7, 14, 30, 60, 90, 120, 180, 365, 730, 1095, 1825, 3650]::integer[]
$$;

update public.organization_settings s
set raw_retention_days = (select min(c) from unnest(private.raw_retention_classes()) as c where c >= s.raw_retention_days)
where not (s.raw_retention_days = any (private.raw_retention_classes()));

alter table public.organization_settings drop constraint organization_settings_raw_retention_days_check;
alter table public.organization_settings add constraint organization_settings_raw_retention_class
  check (raw_retention_days in (1, 7, 14, 30, 60, 90, 120, 180, 365, 730, 1095, 1825, 3650));

-- An organization's raw retention in days: its setting, else the column's default.
create function private.raw_retention_days_of(org uuid)
returns integer
language sql stable
set search_path = ''
as $$
  select coalesce((select s.raw_retention_days from public.organization_settings s where s.organization_id = org), 30)
$$;

-- The first instant still kept for a class: UTC midnight of today - days.
create function private.raw_retention_cutoff(days integer)
returns timestamptz
language sql stable
set search_path = ''
as $$
  select (((now() at time zone 'utc')::date - days)::timestamp at time zone 'UTC')
$$;

-- Takes the organization's ingestion lock (shared: ingestions run side by
-- side; the retention-change trigger takes it exclusively) and returns its
-- retention class. Called before reading anything else, so that a statement
-- after it sees a class change committed while waiting.
create function private.lock_raw_retention(org uuid)
returns integer
language plpgsql
set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock_shared(hashtextextended('public.raw_events retention ' || org::text, 0));
  return private.raw_retention_days_of(org);
end;
$$;

------------------------------------------------------------------------------
-- The new raw_events, and the existing rows moved into it
------------------------------------------------------------------------------
alter table public.raw_events rename to raw_events_before_classes;
alter index public.raw_events_pkey rename to raw_events_before_classes_pkey;
alter index public.raw_events_user_idx rename to raw_events_before_classes_user_idx;
alter sequence public.raw_events_id_seq rename to raw_events_before_classes_id_seq;
drop policy raw_events_own_read on public.raw_events_before_classes;

create table public.raw_events (
  id bigint generated always as identity,
  organization_id uuid not null,
  user_id uuid not null,
  event_type text not null check (event_type ~ '^[a-z][a-z_]{1,63}$'),
  course_id uuid,
  lesson_id uuid,
  assessment_id uuid,
  task_id uuid,
  duration_seconds integer check (duration_seconds between 0 and 86400),
  score numeric(5, 2) check (score between 0 and 100),
  context jsonb not null default '{}'::jsonb,
  source text not null default 'app' check (source in ('app', 'api', 'seed')),
  idempotency_key text not null check (char_length(idempotency_key) between 1 and 200),
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  -- The retention class the event is kept for (its organization's setting).
  retention_days integer not null,
  primary key (organization_id, occurred_at, id, retention_days)
) partition by list (retention_days);
create index raw_events_user_idx on public.raw_events (user_id, occurred_at);

-- One LIST partition per class, each cut by UTC day. Partitions get no
-- grants: RLS lives on the parent (SPEC §4).
do $$
declare days integer;
begin
  foreach days in array private.raw_retention_classes() loop
    execute format(
      'create table public.%I partition of public.raw_events for values in (%s) partition by range (occurred_at)',
      'raw_events_r' || to_char(days, 'FM0000'), days);
    execute format('revoke all on table public.%I from anon, authenticated', 'raw_events_r' || to_char(days, 'FM0000'));
  end loop;
end $$;

-- Creates the daily partitions of one class covering [from_day, to_day];
-- returns how many it created.
create function private.create_raw_event_partitions(retention integer, from_day date, to_day date)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  day date := from_day;
  partition_name text;
  created integer := 0;
begin
  if retention is null or not (retention = any (private.raw_retention_classes())) then
    raise exception 'There is no raw retention class of % days', retention using errcode = 'SW400';
  end if;
  if to_day - from_day > 4000 then
    raise exception 'Refusing to create more than 4000 partitions at once' using errcode = 'SW400';
  end if;
  -- Nothing missing (the usual case): no lock, so concurrent callers (e.g.
  -- seeding transactions) do not wait on each other until they commit.
  if not exists (
    select 1 from generate_series(from_day, to_day, interval '1 day') as d
    where to_regclass(format('public.raw_events_r%s_%s', to_char(retention, 'FM0000'), to_char(d, 'YYYYMMDD'))) is null) then
    return 0;
  end if;
  -- Creators and the drop job take turns, so none finds a partition missing
  -- and then fails creating it second.
  perform pg_advisory_xact_lock(hashtextextended('public.raw_events partitions', 0));
  while day <= to_day loop
    partition_name := format('raw_events_r%s_%s', to_char(retention, 'FM0000'), to_char(day, 'YYYYMMDD'));
    if to_regclass('public.' || partition_name) is null then
      execute format(
        'create table public.%I partition of public.%I for values from (%L) to (%L)',
        partition_name, 'raw_events_r' || to_char(retention, 'FM0000'),
        day::timestamp at time zone 'UTC', (day + 1)::timestamp at time zone 'UTC');
      execute format('revoke all on table public.%I from anon, authenticated', partition_name);
      created := created + 1;
    end if;
    day := day + 1;
  end loop;
  return created;
end;
$$;

-- Existing rows keep their ids; each lands in its organization's class.
-- Nothing is deleted here, even rows already past their retention (nothing
-- dropped them before): the first run of the drop job removes those days.
select private.create_raw_event_partitions(d.retention, min(d.day), max(d.day))
from (
  select distinct private.raw_retention_days_of(r.organization_id) as retention, (r.occurred_at at time zone 'utc')::date as day
  from public.raw_events_before_classes r
) d
group by d.retention;

insert into public.raw_events (
  id, organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id, duration_seconds,
  score, context, source, idempotency_key, occurred_at, received_at, retention_days)
overriding system value
select r.id, r.organization_id, r.user_id, r.event_type, r.course_id, r.lesson_id, r.assessment_id, r.task_id,
  r.duration_seconds, r.score, r.context, r.source, r.idempotency_key, r.occurred_at, r.received_at,
  private.raw_retention_days_of(r.organization_id)
from public.raw_events_before_classes r;

select setval('public.raw_events_id_seq', s.last_value, s.is_called) from public.raw_events_before_classes_id_seq s;
drop table public.raw_events_before_classes;

revoke all on table public.raw_events from anon, authenticated;
revoke all on sequence public.raw_events_id_seq from anon, authenticated;
grant select on public.raw_events to authenticated;
alter table public.raw_events enable row level security;
alter table public.raw_events force row level security;
-- Learners read their own events; writes go through app.record_event() and the ingestion API.
create policy raw_events_own_read on public.raw_events for select to authenticated
  using (user_id = (select auth.uid()));

-- Idempotency keys expire with their events' class.
alter table public.raw_event_keys add column retention_days integer not null default 30;
update public.raw_event_keys k set retention_days = private.raw_retention_days_of(k.organization_id)
where k.retention_days <> private.raw_retention_days_of(k.organization_id);
alter table public.raw_event_keys alter column retention_days drop default;
drop index public.raw_event_keys_occurred_idx;
create index raw_event_keys_expiry_idx on public.raw_event_keys (retention_days, occurred_at);

------------------------------------------------------------------------------
-- Jobs: create ahead, drop behind, expire keys
------------------------------------------------------------------------------
-- Partitions for every class some organization uses (30 always: new
-- organizations have no settings row), from the first day still kept to
-- days_ahead days ahead; returns how many it created.
create function private.ensure_raw_event_partitions(days_ahead integer default 7)
returns integer
language sql
security definer
set search_path = ''
as $$
  select coalesce(sum(private.create_raw_event_partitions(
    c.days, (now() at time zone 'utc')::date - c.days, (now() at time zone 'utc')::date + days_ahead)), 0)::integer
  from (
    select coalesce(s.raw_retention_days, 30) as days
    from public.organizations o left join public.organization_settings s on s.organization_id = o.id
    union
    select 30
  ) c
$$;

-- Drops every day partition of every class whose whole day is past its
-- class's retention (day < today - class, UTC); returns how many it dropped.
-- Each DROP waits at most 5 s for its lock (a long query reading raw_events
-- would otherwise queue every insert behind the DROP); a partition it could
-- not lock is left to the next hourly run.
create function private.drop_expired_raw_event_partitions()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  part record;
  dropped integer := 0;
  caller_lock_timeout text := current_setting('lock_timeout');
begin
  perform pg_advisory_xact_lock(hashtextextended('public.raw_events partitions', 0));
  -- Only the DROPs wait at most 5 s (the caller's setting is restored below).
  perform set_config('lock_timeout', '5s', true);
  for part in
    select c.relname as name
    from pg_catalog.pg_inherits ci
    join pg_catalog.pg_inherits di on di.inhparent = ci.inhrelid
    join pg_catalog.pg_class c on c.oid = di.inhrelid,
    lateral (select regexp_match(c.relname, '^raw_events_r(\d{4})_(\d{8})$') as m) p
    where ci.inhparent = 'public.raw_events'::regclass
      and p.m is not null
      and to_date(p.m[2], 'YYYYMMDD') < (now() at time zone 'utc')::date - p.m[1]::integer
    order by c.relname
  loop
    begin
      execute format('drop table public.%I', part.name);
      dropped := dropped + 1;
    exception when lock_not_available then
      raise warning 'raw_events partition % is busy; it is dropped at the next run', part.name;
    end;
  end loop;
  perform set_config('lock_timeout', caller_lock_timeout, true);
  return dropped;
end;
$$;

-- Deletes the idempotency keys whose events' days are gone (same cutoff as
-- the drop); returns how many.
create function private.expire_raw_event_keys()
returns integer
language sql
security definer
set search_path = ''
as $$
  with gone as (
    delete from public.raw_event_keys k
    using unnest(private.raw_retention_classes()) as c(days)
    where k.retention_days = c.days and k.occurred_at < private.raw_retention_cutoff(c.days)
    returning 1)
  select count(*)::integer from gone
$$;

update private.scheduled_jobs
set command = 'select private.ensure_raw_event_partitions(7)',
    description = 'daily raw_events partitions, for each retention class in use, from the first day it keeps to 7 days ahead'
where name = 'ensure_raw_event_partitions';
insert into private.scheduled_jobs (name, schedule, command, description) values
  ('drop_expired_raw_event_partitions', '15 * * * *', 'select private.drop_expired_raw_event_partitions()',
   'drops each raw_events day partition once its whole day is past its retention class (DROP, never row DELETE)'),
  ('expire_raw_event_keys', '15 * * * *', 'select private.expire_raw_event_keys()',
   'deletes idempotency keys (raw_event_keys) of events whose day is past their retention class');

drop function public.ensure_raw_event_partitions(integer);
drop function public.create_raw_event_partitions(date, date);

------------------------------------------------------------------------------
-- An organization changing its retention: its rows move to the new class
------------------------------------------------------------------------------
create function private.move_raw_events_to_retention()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_days integer := case when tg_op = 'UPDATE' then old.raw_retention_days else 30 end;
  new_days integer := new.raw_retention_days;
  cutoff timestamptz := private.raw_retention_cutoff(new.raw_retention_days);
begin
  if new_days = old_days then
    return null;
  end if;
  -- Ingestion for this organization waits until this transaction ends.
  perform pg_advisory_xact_lock(hashtextextended('public.raw_events retention ' || new.organization_id::text, 0));
  perform private.create_raw_event_partitions(new_days, (now() at time zone 'utc')::date - new_days, (now() at time zone 'utc')::date + 7);
  delete from public.raw_events e
  where e.organization_id = new.organization_id and e.retention_days <> new_days and e.occurred_at < cutoff;
  delete from public.raw_event_keys k
  where k.organization_id = new.organization_id and k.retention_days <> new_days and k.occurred_at < cutoff;
  update public.raw_events e set retention_days = new_days
  where e.organization_id = new.organization_id and e.retention_days <> new_days;
  update public.raw_event_keys k set retention_days = new_days
  where k.organization_id = new.organization_id and k.retention_days <> new_days;
  return null;
end;
$$;
create trigger organization_settings_raw_retention
  after insert or update of raw_retention_days on public.organization_settings
  for each row execute function private.move_raw_events_to_retention();

------------------------------------------------------------------------------
-- Storing events
------------------------------------------------------------------------------
-- One event (app.record_event, the server's own events); same contract as
-- before: refuses with SW400/SW503, returns whether it was stored.
create or replace function private.insert_raw_event(
  org uuid, actor uuid, kind text, occurred timestamptz, idem_key text,
  course uuid default null, lesson uuid default null, assessment uuid default null, task uuid default null,
  duration integer default null, event_score numeric default null, ctx jsonb default '{}'::jsonb,
  event_source text default 'app')
returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  problem text := private.event_problem(kind, ctx);
  retention integer;
begin
  if problem is not null then
    raise exception '%', problem using errcode = 'SW400';
  end if;
  -- Cross-tenant ids are refused, whichever path the event came through.
  if not exists (select 1 from public.memberships m where m.organization_id = org and m.user_id = actor) then
    raise exception 'User % is not a member of this organization', actor using errcode = 'SW400';
  end if;
  if (course is not null and not exists (select 1 from public.courses c where c.id = course and c.organization_id = org))
     or (lesson is not null and not exists (select 1 from public.lessons l where l.id = lesson and l.organization_id = org))
     or (assessment is not null and not exists (
           select 1 from public.assessments a where a.id = assessment and a.organization_id = org))
     or (task is not null and not exists (select 1 from public.tasks t where t.id = task and t.organization_id = org)) then
    raise exception 'An object id of this event does not belong to this organization' using errcode = 'SW400';
  end if;
  retention := private.lock_raw_retention(org);
  -- Without its day's partition the insert would fail with Postgres's "no
  -- partition of relation" (23514, which reads as a bad value): the
  -- partitions job creates them ahead, so a missing one is the server's state.
  if to_regclass(format('public.raw_events_r%s_%s', to_char(retention, 'FM0000'), to_char(occurred at time zone 'UTC', 'YYYYMMDD'))) is null then
    raise exception 'Event storage is not ready for % (UTC); try again shortly', (occurred at time zone 'UTC')::date
      using errcode = 'SW503';
  end if;
  insert into public.raw_event_keys (organization_id, idempotency_key, occurred_at, retention_days)
  values (org, idem_key, occurred, retention)
  on conflict do nothing;
  if not found then
    return false;
  end if;
  insert into public.raw_events
    (organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id,
     duration_seconds, score, context, source, idempotency_key, occurred_at, retention_days)
  values (org, actor, kind, course, lesson, assessment, task, duration, event_score,
          coalesce(ctx, '{}'::jsonb), event_source, idem_key, occurred, retention);
  return true;
end;
$$;

-- A batch, in one statement. `events` is a JSON array of objects with
-- ord (the caller's position), user_id, event_type, occurred_at,
-- idempotency_key, course_id, lesson_id, assessment_id, task_id,
-- duration_seconds, score, context (absent = null). Returns one row per
-- event, by ord: 'stored'; 'duplicate' (its key was used before in the
-- organization, or by an earlier event of the batch: the first one is
-- stored); or 'rejected' with the reason — everything insert_raw_event
-- refuses, a lesson or assessment outside the given course, a goal_progressed
-- event whose context.goalId is not the user's goal, a value outside the
-- table's checks, or a day without a partition. These are the ingestion API's
-- per-event checks after the wire format (lib/events/ingest.ts), so the API
-- asks the database once per batch.
-- A rejected event changes nothing and never fails the others. Values of the
-- wrong type (a timestamp or uuid that does not parse) fail the statement:
-- the caller sends typed values (db/queries/raw-events.ts).
-- Nested loops are off for its statement: the CTEs carry no statistics, the
-- planner guesses one row for each, and a nested loop joining 1,000 keys to
-- 1,000 keys costs a million comparisons (it made a batch 5× slower than
-- the per-row function); hash and merge joins are what a batch needs.
create function private.insert_raw_events(org uuid, events jsonb, event_source text)
returns table (ord integer, status text, reason text)
language plpgsql security definer set search_path = '' set enable_nestloop = off
as $$
declare
  retention integer;
begin
  if event_source is null or event_source not in ('app', 'api', 'seed') then
    raise exception 'Unknown event source "%"', event_source using errcode = 'SW400';
  end if;
  if events is null or jsonb_typeof(events) <> 'array' then
    raise exception 'events must be a JSON array' using errcode = 'SW400';
  end if;
  retention := private.lock_raw_retention(org);
  return query
  with e as (
    select * from jsonb_to_recordset(events) as e(
      ord integer, user_id uuid, event_type text, occurred_at timestamptz, idempotency_key text,
      course_id uuid, lesson_id uuid, assessment_id uuid, task_id uuid, duration_seconds integer,
      score numeric, context jsonb)
  ),
  days as (
    select d.day, to_regclass(format('public.raw_events_r%s_%s', to_char(retention, 'FM0000'), to_char(d.day, 'YYYYMMDD'))) is not null as ready
    from (select distinct (e.occurred_at at time zone 'UTC')::date as day from e) d
  ),
  judged as (
    -- In the order the ingestion API has always judged them: the values, the
    -- user and every object id in the organization (a lesson or assessment of
    -- the given course, a goal of the user), the type and context, the day.
    select e.*, coalesce(
      case when e.user_id is null then 'userId is missing'
           when e.occurred_at is null then 'occurredAt is missing'
           when e.idempotency_key is null or char_length(e.idempotency_key) not between 1 and 200
             then 'idempotencyKey must be 1 to 200 characters'
           when e.duration_seconds not between 0 and 86400 then 'durationSeconds must be between 0 and 86400'
           when e.score not between 0 and 100 then 'score must be between 0 and 100' end,
      case when not exists (select 1 from public.memberships m where m.organization_id = org and m.user_id = e.user_id)
        then case when event_source = 'api' then 'userId is not a member of this API key''s organization'
                  else 'userId is not a member of this organization' end end,
      case when e.course_id is not null and not exists (select 1 from public.courses c where c.id = e.course_id and c.organization_id = org)
        then 'courseId does not belong to this organization' end,
      case when e.lesson_id is not null and not exists (select 1 from public.lessons l where l.id = e.lesson_id and l.organization_id = org)
        then 'lessonId does not belong to this organization'
           when e.lesson_id is not null and e.course_id is not null
             and not exists (select 1 from public.lessons l where l.id = e.lesson_id and l.course_id = e.course_id)
        then 'lessonId is not a lesson of courseId' end,
      case when e.assessment_id is not null and not exists (
             select 1 from public.assessments a where a.id = e.assessment_id and a.organization_id = org)
        then 'assessmentId does not belong to this organization'
           when e.assessment_id is not null and e.course_id is not null
             and not exists (select 1 from public.assessments a where a.id = e.assessment_id and a.course_id = e.course_id)
        then 'assessmentId is not an assessment of courseId' end,
      case when e.task_id is not null and not exists (select 1 from public.tasks t where t.id = e.task_id and t.organization_id = org)
        then 'taskId does not belong to this organization' end,
      case when e.event_type = 'goal_progressed' and not exists (
             select 1 from public.goals g
             where g.id = case when e.context ->> 'goalId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                               then (e.context ->> 'goalId')::uuid end
               and g.organization_id = org and g.user_id = e.user_id)
        then 'context.goalId is not a goal of this user in this organization' end,
      private.event_problem(e.event_type, e.context),
      case when not d.ready
        then format('no raw event partition exists for %s yet: send this event again shortly', d.day) end
    ) as problem
    from e left join days d on d.day = (e.occurred_at at time zone 'UTC')::date
  ),
  firsts as (
    select distinct on (j.idempotency_key) j.*
    from judged j where j.problem is null
    order by j.idempotency_key, j.ord
  ),
  new_keys as (
    insert into public.raw_event_keys (organization_id, idempotency_key, occurred_at, retention_days)
    select org, f.idempotency_key, f.occurred_at, retention from firsts f order by f.ord
    on conflict do nothing
    returning raw_event_keys.idempotency_key
  ),
  stored as (
    insert into public.raw_events
      (organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id,
       duration_seconds, score, context, source, idempotency_key, occurred_at, retention_days)
    select org, f.user_id, f.event_type, f.course_id, f.lesson_id, f.assessment_id, f.task_id,
      f.duration_seconds, f.score, coalesce(f.context, '{}'::jsonb), event_source, f.idempotency_key, f.occurred_at, retention
    from firsts f join new_keys k on k.idempotency_key = f.idempotency_key
    order by f.ord
    returning raw_events.idempotency_key
  )
  select j.ord,
    case when j.problem is not null then 'rejected' when s.idempotency_key is not null then 'stored' else 'duplicate' end,
    j.problem
  from judged j
  left join firsts f on f.ord = j.ord
  left join stored s on s.idempotency_key = f.idempotency_key
  order by j.ord;
end;
$$;

revoke execute on function
  private.raw_retention_classes(), private.raw_retention_days_of(uuid), private.raw_retention_cutoff(integer),
  private.lock_raw_retention(uuid), private.create_raw_event_partitions(integer, date, date),
  private.ensure_raw_event_partitions(integer), private.drop_expired_raw_event_partitions(),
  private.expire_raw_event_keys(), private.move_raw_events_to_retention(),
  private.insert_raw_events(uuid, jsonb, text)
from public, anon, authenticated, service_role;

select private.ensure_raw_event_partitions(7);
select private.schedule_jobs_in_pg_cron();
