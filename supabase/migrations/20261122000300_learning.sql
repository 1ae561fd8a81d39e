-- Learning domain: skills, courses → sections → lessons, cohorts (course runs
-- with trainers and enrolled learners), lesson progress, assessments with a
-- server-only answer key, micro-learning activities, vision boards, per-org
-- API keys, and the raw event stream every learning action writes to.
--
-- Visibility rules, enforced by the policies below:
--   * members read the org's skills, published courses and their content;
--     holders of courses.manage also read drafts and write content;
--   * a cohort is visible to its trainers, its enrolled learners and holders of
--     cohorts.view_all (org admins); a trainer outside a cohort sees nothing of it;
--   * a learner's own records (progress, attempts, goals…) are theirs; trainers
--     read them only for learners of cohorts they teach, in that cohort's
--     organization; org admins read them;
--   * teaching lasts while the trainer is a member of the cohort's organization
--     with a role that has cohorts.view: removed or demoted, they lose it;
--   * the assessment answer key (question_keys) is read only by content managers
--     and by the server's scoring code.

insert into public.role_permissions (role, permission) values
  ('org_admin', 'cohorts.view_all')
on conflict do nothing;

------------------------------------------------------------------------------
-- Per-organization settings
------------------------------------------------------------------------------
create table public.organization_settings (
  organization_id uuid primary key references public.organizations (id) on delete cascade,
  -- Raw events older than this are refused at ingestion and dropped by the retention job.
  raw_retention_days integer not null default 30 check (raw_retention_days between 1 and 3650),
  updated_at timestamptz not null default now()
);

------------------------------------------------------------------------------
-- Skills and content
------------------------------------------------------------------------------
create table public.skills (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 80),
  description text not null default '' check (char_length(description) <= 2000),
  created_at timestamptz not null default now()
);
create unique index skills_org_name_key on public.skills (organization_id, lower(name));

create table public.courses (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  status text not null default 'draft' check (status in ('draft', 'published')),
  published_at timestamptz,
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index courses_org_idx on public.courses (organization_id, status);

create table public.course_sections (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  course_id uuid not null references public.courses (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  position integer not null default 0,
  created_at timestamptz not null default now()
);
create index course_sections_course_idx on public.course_sections (course_id, position);

create table public.lessons (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  course_id uuid not null references public.courses (id) on delete cascade,
  section_id uuid not null references public.course_sections (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  body_md text not null default '' check (char_length(body_md) <= 100000),
  estimated_minutes integer not null default 10 check (estimated_minutes between 1 and 600),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index lessons_course_idx on public.lessons (course_id, position);
create index lessons_section_idx on public.lessons (section_id, position);

create table public.course_skills (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  course_id uuid not null references public.courses (id) on delete cascade,
  skill_id uuid not null references public.skills (id) on delete cascade,
  primary key (course_id, skill_id)
);

create table public.lesson_skills (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  lesson_id uuid not null references public.lessons (id) on delete cascade,
  skill_id uuid not null references public.skills (id) on delete cascade,
  primary key (lesson_id, skill_id)
);

------------------------------------------------------------------------------
-- Cohorts and enrollments
------------------------------------------------------------------------------
create table public.cohorts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  course_id uuid not null references public.courses (id) on delete restrict,
  name text not null check (char_length(btrim(name)) between 1 and 120),
  starts_on date not null,
  ends_on date not null,
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint cohorts_dates check (ends_on >= starts_on)
);
create index cohorts_org_idx on public.cohorts (organization_id, starts_on desc);

create table public.cohort_trainers (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  cohort_id uuid not null references public.cohorts (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  primary key (cohort_id, user_id)
);
create index cohort_trainers_user_idx on public.cohort_trainers (user_id, cohort_id);

create table public.enrollments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  cohort_id uuid not null references public.cohorts (id) on delete cascade,
  course_id uuid not null references public.courses (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  enrolled_at timestamptz not null default now(),
  due_on date,
  -- Maintained by the lesson_progress trigger: completed lessons / lessons of the course.
  progress_percent numeric(5, 2) not null default 0 check (progress_percent between 0 and 100),
  completed_at timestamptz,
  unique (cohort_id, user_id)
);
create index enrollments_user_idx on public.enrollments (user_id, course_id);
create index enrollments_org_idx on public.enrollments (organization_id, cohort_id);

create table public.lesson_progress (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  lesson_id uuid not null references public.lessons (id) on delete cascade,
  course_id uuid not null references public.courses (id) on delete cascade,
  started_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (user_id, lesson_id)
);
create index lesson_progress_course_idx on public.lesson_progress (user_id, course_id);

create table public.user_skills (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  skill_id uuid not null references public.skills (id) on delete cascade,
  mastery numeric(5, 2) not null default 0 check (mastery between 0 and 100),
  last_assessed_at timestamptz,
  primary key (user_id, skill_id)
);
create index user_skills_org_idx on public.user_skills (organization_id, skill_id);

------------------------------------------------------------------------------
-- Assessments
------------------------------------------------------------------------------
-- The seeds' 0–5 scale in half steps (nine brackets, score_1 … score_5); a
-- 0–100 score s falls in the bracket with the greatest min_score <= s.
create table public.score_brackets (
  key text primary key,
  scale numeric(2, 1) not null unique check (scale between 1 and 5),
  min_score numeric(5, 2) not null unique check (min_score between 0 and 100),
  label text not null,
  description text not null,
  recommendations text[] not null default '{}'
);

insert into public.score_brackets (key, scale, min_score, label, description, recommendations) values
  ('score_1', 1.0, 0, 'Foundational', 'The basics are not in place yet.',
    array['Restart the course from the first section', 'Ask your trainer for a walkthrough of the key ideas']),
  ('score_1_5', 1.5, 30, 'Emerging', 'Some ideas are familiar, most are not yet usable.',
    array['Review the lessons linked to the questions you missed', 'Retake the assessment after reviewing']),
  ('score_2', 2.0, 40, 'Developing', 'You recognise the ideas but apply them inconsistently.',
    array['Practise with the micro-learning tasks of this course', 'Review the sections you scored lowest on']),
  ('score_2_5', 2.5, 50, 'Progressing', 'You apply the basics with support.',
    array['Work through one practical task per skill', 'Discuss tricky questions with your cohort']),
  ('score_3', 3.0, 60, 'Competent', 'You apply the ideas correctly in common situations.',
    array['Apply the skill to a real task this week', 'Move on to the next course section']),
  ('score_3_5', 3.5, 70, 'Proficient', 'You apply the ideas reliably, with few gaps.',
    array['Close the remaining gaps shown in your answers', 'Take on a stretch goal on your vision board']),
  ('score_4', 4.0, 80, 'Advanced', 'You handle uncommon cases and explain your reasoning.',
    array['Help a peer in your cohort', 'Pick an advanced course for this skill']),
  ('score_4_5', 4.5, 90, 'Expert', 'Near-complete mastery of this material.',
    array['Mentor others on this skill', 'Set a goal that uses this skill at work']),
  ('score_5', 5.0, 97, 'Master', 'Complete mastery of this material.',
    array['Share your approach with your cohort', 'Consider trainer-led sessions on this topic']);

create table public.assessments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  course_id uuid not null references public.courses (id) on delete cascade,
  lesson_id uuid references public.lessons (id) on delete set null,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  pass_mark numeric(5, 2) not null default 60 check (pass_mark between 0 and 100),
  time_limit_minutes integer check (time_limit_minutes between 1 and 600),
  max_attempts integer check (max_attempts between 1 and 100),
  show_answers_after_submit boolean not null default true,
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index assessments_course_idx on public.assessments (course_id);

-- Questions as learners see them: no correct answers here.
create table public.questions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  assessment_id uuid not null references public.assessments (id) on delete cascade,
  kind text not null check (kind in ('single_choice', 'multiple_choice', 'numeric', 'free_text')),
  prompt text not null check (char_length(btrim(prompt)) between 1 and 5000),
  -- [{ "id": "a", "label": "…" }] for choice questions, [] otherwise.
  options jsonb not null default '[]'::jsonb check (jsonb_typeof(options) = 'array'),
  points numeric(6, 2) not null default 1 check (points > 0 and points <= 1000),
  position integer not null default 0,
  skill_id uuid references public.skills (id) on delete set null
);
create index questions_assessment_idx on public.questions (assessment_id, position);

-- The answer key, apart so that RLS can hide it from learners.
create table public.question_keys (
  question_id uuid primary key references public.questions (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- single_choice: {"option": "a"}; multiple_choice: {"options": ["a","c"]};
  -- numeric: {"value": 42, "tolerance": 0.5}; free_text: {"rubric": "…"} (graded by a trainer).
  answer jsonb not null check (jsonb_typeof(answer) = 'object')
);

create table public.assessment_attempts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  assessment_id uuid not null references public.assessments (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  attempt_number integer not null check (attempt_number >= 1),
  started_at timestamptz not null default now(),
  deadline_at timestamptz,
  submitted_at timestamptz,
  -- 'submitted' waits for a trainer to grade free-text answers; 'graded' is final.
  status text not null default 'in_progress' check (status in ('in_progress', 'submitted', 'graded')),
  score numeric(5, 2) check (score between 0 and 100),
  bracket_key text references public.score_brackets (key),
  passed boolean,
  unique (assessment_id, user_id, attempt_number)
);
create index assessment_attempts_user_idx on public.assessment_attempts (user_id, assessment_id);
create index assessment_attempts_org_idx on public.assessment_attempts (organization_id, assessment_id);

create table public.answers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  attempt_id uuid not null references public.assessment_attempts (id) on delete cascade,
  question_id uuid not null references public.questions (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  -- {"option": "a"} | {"options": ["a","b"]} | {"value": 41.8} | {"text": "…"}
  response jsonb not null default '{}'::jsonb check (jsonb_typeof(response) = 'object'),
  is_correct boolean,
  points_awarded numeric(6, 2),
  feedback text,
  graded_by uuid references public.profiles (id) on delete set null,
  graded_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (attempt_id, question_id)
);
create index answers_user_idx on public.answers (user_id);

------------------------------------------------------------------------------
-- Micro-learning: activities made of tasks
------------------------------------------------------------------------------
create table public.activities (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  course_id uuid references public.courses (id) on delete cascade,
  skill_id uuid references public.skills (id) on delete set null,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now()
);
create index activities_org_idx on public.activities (organization_id);

create table public.tasks (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  activity_id uuid not null references public.activities (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  estimated_minutes integer not null default 5 check (estimated_minutes between 1 and 240),
  points integer not null default 10 check (points between 0 and 1000),
  position integer not null default 0
);
create index tasks_activity_idx on public.tasks (activity_id, position);

create table public.task_completions (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  task_id uuid not null references public.tasks (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  completed_at timestamptz not null default now(),
  primary key (task_id, user_id)
);
create index task_completions_user_idx on public.task_completions (user_id, completed_at desc);

------------------------------------------------------------------------------
-- Vision board: a learner's own goals and obstacles
------------------------------------------------------------------------------
create table public.vision_boards (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  title text not null default 'My vision' check (char_length(btrim(title)) between 1 and 120),
  created_at timestamptz not null default now(),
  unique (organization_id, user_id)
);

create table public.goals (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  vision_board_id uuid not null references public.vision_boards (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  target_date date,
  progress integer not null default 0 check (progress between 0 and 100),
  status text not null default 'active' check (status in ('active', 'achieved', 'abandoned')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index goals_user_idx on public.goals (user_id, status);

create table public.goal_skills (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  goal_id uuid not null references public.goals (id) on delete cascade,
  skill_id uuid not null references public.skills (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  primary key (goal_id, skill_id)
);

create table public.obstacles (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  goal_id uuid not null references public.goals (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  status text not null default 'open' check (status in ('open', 'in_progress', 'resolved')),
  resolution text check (char_length(resolution) <= 5000),
  resolved_at timestamptz,
  created_at timestamptz not null default now()
);
create index obstacles_goal_idx on public.obstacles (goal_id);

------------------------------------------------------------------------------
-- API keys for event ingestion: only a SHA-256 of the key is stored; the key
-- is shown once at creation. `key_prefix` (first characters) identifies it in lists.
------------------------------------------------------------------------------
create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 80),
  key_prefix text not null,
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_org_idx on public.api_keys (organization_id);

------------------------------------------------------------------------------
-- Raw event stream, partitioned by day on occurred_at. There is no default
-- partition: an event outside the created partitions fails loudly, and the
-- ingestion code refuses out-of-range events per item with a reason first.
------------------------------------------------------------------------------
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
  primary key (organization_id, occurred_at, id)
) partition by range (occurred_at);
create index raw_events_user_idx on public.raw_events (user_id, occurred_at);

-- Idempotency keys are unique per organization across all days, which a
-- partitioned unique index cannot express (it must include occurred_at).
create table public.raw_event_keys (
  organization_id uuid not null,
  idempotency_key text not null,
  occurred_at timestamptz not null,
  primary key (organization_id, idempotency_key)
);
create index raw_event_keys_occurred_idx on public.raw_event_keys (occurred_at);

-- Creates the daily partitions covering [from_day, to_day]. Partitions get no
-- grants: RLS lives on the parent (SPEC §4).
create function public.create_raw_event_partitions(from_day date, to_day date)
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
  if to_day - from_day > 4000 then
    raise exception 'Refusing to create more than 4000 partitions at once' using errcode = 'SW400';
  end if;
  -- Two creators (pg_cron and a dev scheduler, or the seed) take turns, so
  -- neither finds a partition missing and then fails creating it second.
  perform pg_advisory_xact_lock(hashtextextended('public.raw_events partitions', 0));
  while day <= to_day loop
    partition_name := format('raw_events_%s', to_char(day, 'YYYYMMDD'));
    if to_regclass('public.' || partition_name) is null then
      execute format(
        'create table public.%I partition of public.raw_events for values from (%L) to (%L)',
        partition_name, day::timestamp at time zone 'UTC', (day + 1)::timestamp at time zone 'UTC');
      execute format('revoke all on table public.%I from anon, authenticated', partition_name);
      created := created + 1;
    end if;
    day := day + 1;
  end loop;
  return created;
end;
$$;

-- The scheduled job (private.scheduled_jobs): partitions for every day an
-- event may still be accepted, i.e. from today back over the longest raw
-- retention of any organization (organization_settings.raw_retention_days,
-- 30 for organizations without settings: the column's default), up to today
-- + days_ahead. The ingestion API accepts anything inside an organization's
-- retention window, so every day of it must have a partition: a partition
-- only covering "yesterday onwards" would refuse a valid event of last week.
create function public.ensure_raw_event_partitions(days_ahead integer default 7)
returns integer
language sql
security definer
set search_path = ''
as $$
  select public.create_raw_event_partitions(
    (now() at time zone 'utc')::date - coalesce(
      (select max(coalesce(s.raw_retention_days, 30))
       from public.organizations o
       left join public.organization_settings s on s.organization_id = o.id),
      30),
    (now() at time zone 'utc')::date + days_ahead)
$$;

revoke execute on function public.create_raw_event_partitions(date, date), public.ensure_raw_event_partitions(integer)
  from public, anon, authenticated;

select public.ensure_raw_event_partitions(7);

-- The event types the app knows: EVENT_TYPES of lib/events/types.ts, in its
-- order. tests/integration/event-rules.test.ts fails when the two differ, so
-- change both together. Kept here, in one place, for insert_raw_event (and so
-- for every path that stores an event) to refuse anything else.
create function private.event_types()
returns text[]
language sql immutable
set search_path = ''
as $$
  select array[
    'lesson_started', 'lesson_completed', 'assessment_started', 'assessment_submitted', 'assessment_graded',
    'task_completed', 'goal_progressed', 'session_heartbeat', 'content_viewed']::text[]
$$;

-- Why an event's type or context cannot be stored, or null. The context is
-- capped at 4096 bytes as stored (pg_column_size of the jsonb), whatever its
-- JSON spelling, so no caller can bloat the event stream. The ingestion API
-- asks this per event before storing a batch (db/queries/raw-events.ts), so
-- one oversized event is reported alone instead of failing its whole batch.
create function private.event_problem(kind text, ctx jsonb)
returns text
language sql stable
set search_path = ''
as $$
  select case
    when kind is null or not (kind = any (private.event_types())) then format('Unknown event type "%s"', left(kind, 64))
    when ctx is null then null
    when jsonb_typeof(ctx) <> 'object' then 'context must be a JSON object'
    when pg_column_size(ctx) > 4096 then format('context is %s bytes once stored; at most 4096', pg_column_size(ctx))
  end
$$;

revoke execute on function private.event_types(), private.event_problem(text, jsonb) from public, anon, authenticated;

-- Stores one event unless its idempotency key was seen before in the
-- organization; returns whether it was stored. Not exposed: the app calls it
-- through app.record_event() (as the signed-in learner) and the ingestion API
-- with the service role after checking the API key and the user's membership.
create function private.insert_raw_event(
  org uuid, actor uuid, kind text, occurred timestamptz, idem_key text,
  course uuid default null, lesson uuid default null, assessment uuid default null, task uuid default null,
  duration integer default null, event_score numeric default null, ctx jsonb default '{}'::jsonb,
  event_source text default 'app')
returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  problem text := private.event_problem(kind, ctx);
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
  -- Without its day's partition the insert below would fail with Postgres's
  -- "no partition of relation" (23514, which reads as a bad value). The
  -- partitions job creates them ahead, so a missing one is the server's
  -- state, not the caller's fault: say so, and that a retry will do.
  if to_regclass(format('public.raw_events_%s', to_char(occurred at time zone 'UTC', 'YYYYMMDD'))) is null then
    raise exception 'Event storage is not ready for % (UTC); try again shortly', (occurred at time zone 'UTC')::date
      using errcode = 'SW503';
  end if;
  insert into public.raw_event_keys (organization_id, idempotency_key, occurred_at)
  values (org, idem_key, occurred)
  on conflict do nothing;
  if not found then
    return false;
  end if;
  insert into public.raw_events
    (organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id,
     duration_seconds, score, context, source, idempotency_key, occurred_at)
  values (org, actor, kind, course, lesson, assessment, task, duration, event_score,
          coalesce(ctx, '{}'::jsonb), event_source, idem_key, occurred);
  return true;
end;
$$;
revoke execute on function private.insert_raw_event(uuid, uuid, text, timestamptz, text, uuid, uuid, uuid, uuid, integer, numeric, jsonb, text)
  from public, anon, authenticated;

-- Schema `app`: functions the app server calls inside a user's RLS-scoped
-- transaction, which users must not call themselves. Supabase's Data API
-- exposes only the schemas listed in its settings (public by default), so
-- nothing here is reachable through PostgREST: a member cannot store events
-- of their choosing or take the deterministic idempotency keys the server
-- uses (e.g. "lesson_completed:<user>:<lesson>") before the real action.
create schema app;
revoke all on schema app from public;
grant usage on schema app to authenticated, service_role;

-- The signed-in learner's own event, written in the same transaction as the
-- action it records.
create function app.record_event(
  org uuid, kind text, idem_key text,
  course uuid default null, lesson uuid default null, assessment uuid default null, task uuid default null,
  duration integer default null, event_score numeric default null, ctx jsonb default '{}'::jsonb)
returns boolean
language plpgsql security definer set search_path = ''
as $$
begin
  if (select auth.uid()) is null or not public.is_member(org) then
    raise exception 'Only members record events in their organization' using errcode = 'SW403';
  end if;
  return private.insert_raw_event(org, (select auth.uid()), kind, now(), idem_key,
    course, lesson, assessment, task, duration, event_score, ctx, 'app');
end;
$$;
revoke execute on function app.record_event(uuid, text, text, uuid, uuid, uuid, uuid, integer, numeric, jsonb)
  from public, anon;
grant execute on function app.record_event(uuid, text, text, uuid, uuid, uuid, uuid, integer, numeric, jsonb)
  to authenticated, service_role;

------------------------------------------------------------------------------
-- Helpers for the policies (see tenancy migration for the pattern)
------------------------------------------------------------------------------
-- Teaching opens a cohort and its learners' records only while the trainer
-- may still view cohorts in the cohort's organization. A cohort_trainers row
-- would otherwise outlive the trainer's removal from the organization or
-- demotion to learner (the memberships trigger further down deletes such rows,
-- but access must not hang on that bookkeeping), so each helper joins the
-- trainer's current membership and its role's permissions.
create function public.taught_cohort_ids()
returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select ct.cohort_id
  from public.cohort_trainers ct
  join public.memberships m on m.organization_id = ct.organization_id and m.user_id = ct.user_id
  join public.role_permissions rp on rp.role = m.role and rp.permission = 'cohorts.view'
  where ct.user_id = (select auth.uid())
$$;

create function public.enrolled_cohort_ids()
returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select e.cohort_id from public.enrollments e where e.user_id = (select auth.uid())
$$;

-- Learners enrolled in a cohort the caller teaches, with the organization of
-- that enrollment: the policies match both, so teaching someone in one
-- organization opens nothing of theirs in another organization they are in.
create function public.taught_learners()
returns table (organization_id uuid, user_id uuid)
language sql stable security definer set search_path = ''
as $$
  select distinct e.organization_id, e.user_id
  from public.enrollments e
  where e.cohort_id in (select public.taught_cohort_ids())
$$;

create function public.teaches_learner(learner uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.taught_learners() t where t.user_id = learner)
$$;

-- Courses the caller may read: published ones of their organizations, and
-- all of those where they manage content.
create function public.visible_course_ids()
returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select c.id from public.courses c
  where c.organization_id in (select public.user_org_ids())
    and (c.status = 'published' or c.organization_id in (select public.orgs_with_permission('courses.manage')))
$$;

revoke execute on function
  public.taught_cohort_ids(), public.enrolled_cohort_ids(), public.taught_learners(),
  public.teaches_learner(uuid), public.visible_course_ids()
from public, anon;
grant execute on function
  public.taught_cohort_ids(), public.enrolled_cohort_ids(), public.taught_learners(),
  public.teaches_learner(uuid), public.visible_course_ids()
to authenticated, service_role;

-- Enrollment progress, the one formula (the enrollment triggers below and the
-- lessons trigger of the learning-fixes migration all call it):
--   progress = 100 × completed lessons of the course / lessons of the course,
--   rounded to 2 decimals, in 0–100; 0 for a course without lessons.
-- Only completions of lessons that still exist count (a lesson deleted in a
-- cascade is gone from the join whatever the order of the cascade). An
-- enrollment is complete when its progress reaches 100.
-- Security invoker, executable only by the owner: the triggers calling it run
-- as the owner; no user needs it.
create function public.course_progress_percent(learner uuid, course uuid)
returns numeric
language sql stable
set search_path = ''
as $$
  select case when count(l.id) = 0 then 0
              else round(100.0 * count(lp.lesson_id) / count(l.id), 2) end
  from public.lessons l
  left join public.lesson_progress lp
    on lp.lesson_id = l.id and lp.user_id = learner and lp.completed_at is not null
  where l.course_id = course
$$;
revoke execute on function public.course_progress_percent(uuid, uuid) from public, anon, authenticated;

------------------------------------------------------------------------------
-- Triggers
------------------------------------------------------------------------------
create trigger courses_touch before update on public.courses
  for each row execute function public.touch_updated_at();
create trigger lessons_touch before update on public.lessons
  for each row execute function public.touch_updated_at();
create trigger assessments_touch before update on public.assessments
  for each row execute function public.touch_updated_at();
create trigger goals_touch before update on public.goals
  for each row execute function public.touch_updated_at();
create trigger answers_touch before update on public.answers
  for each row execute function public.touch_updated_at();
create trigger organization_settings_touch before update on public.organization_settings
  for each row execute function public.touch_updated_at();

-- Child rows must belong to the same organization as their parent; a
-- cross-tenant id in a payload is refused rather than silently linked.
-- With a third argument 'same_user', the parent must also belong to the
-- row's user (a goal on someone else's vision board is refused).
create function public.check_same_organization()
returns trigger language plpgsql security definer set search_path = ''
as $$
declare
  parent_table text := tg_argv[0];
  parent_column text := tg_argv[1];
  same_user boolean := tg_nargs > 2 and tg_argv[2] = 'same_user';
  parent_id uuid := (to_jsonb(new) ->> parent_column)::uuid;
  parent_org uuid;
  parent_user uuid;
begin
  if parent_id is null then
    return new;
  end if;
  execute format('select organization_id, %s from public.%I where id = $1',
                 case when same_user then 'user_id' else 'null::uuid' end, parent_table)
    into parent_org, parent_user using parent_id;
  if parent_org is distinct from new.organization_id then
    raise exception '% % does not belong to this organization', replace(parent_table, '_', ' '), parent_id
      using errcode = 'SW400';
  end if;
  if same_user and parent_user is distinct from (to_jsonb(new) ->> 'user_id')::uuid then
    raise exception '% % belongs to someone else', replace(parent_table, '_', ' '), parent_id
      using errcode = 'SW400';
  end if;
  return new;
end;
$$;

create trigger course_sections_same_org before insert or update on public.course_sections
  for each row execute function public.check_same_organization('courses', 'course_id');
create trigger lessons_same_org before insert or update on public.lessons
  for each row execute function public.check_same_organization('course_sections', 'section_id');
create trigger course_skills_same_org_course before insert or update on public.course_skills
  for each row execute function public.check_same_organization('courses', 'course_id');
create trigger course_skills_same_org_skill before insert or update on public.course_skills
  for each row execute function public.check_same_organization('skills', 'skill_id');
create trigger lesson_skills_same_org_lesson before insert or update on public.lesson_skills
  for each row execute function public.check_same_organization('lessons', 'lesson_id');
create trigger lesson_skills_same_org_skill before insert or update on public.lesson_skills
  for each row execute function public.check_same_organization('skills', 'skill_id');
create trigger cohorts_same_org before insert or update on public.cohorts
  for each row execute function public.check_same_organization('courses', 'course_id');
create trigger enrollments_same_org before insert or update on public.enrollments
  for each row execute function public.check_same_organization('cohorts', 'cohort_id');
create trigger lesson_progress_same_org before insert or update on public.lesson_progress
  for each row execute function public.check_same_organization('lessons', 'lesson_id');

-- Denormalised parent ids are derived, never taken from the caller: an
-- enrollment's course is its cohort's, a progress row's course is its lesson's,
-- and an answer's question must belong to its attempt's assessment.
create function public.derive_parent_ids()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  if tg_table_name = 'enrollments' then
    select c.course_id into new.course_id from public.cohorts c where c.id = new.cohort_id;
    if tg_op = 'INSERT' then
      -- Progress is the learner's, never the enroller's: it starts from the
      -- lessons of the course they have already completed.
      new.progress_percent := public.course_progress_percent(new.user_id, new.course_id);
      new.completed_at := case when new.progress_percent >= 100 then now() end;
    end if;
  elsif tg_table_name = 'lessons' then
    select s.course_id into new.course_id from public.course_sections s where s.id = new.section_id;
  elsif tg_table_name = 'assessments' then
    if new.lesson_id is not null and not exists (
      select 1 from public.lessons l where l.id = new.lesson_id and l.course_id = new.course_id) then
      raise exception 'That lesson is not part of this course' using errcode = 'SW400';
    end if;
  elsif tg_table_name = 'lesson_progress' then
    select l.course_id into new.course_id from public.lessons l where l.id = new.lesson_id;
  elsif tg_table_name = 'answers' then
    if not exists (
      select 1 from public.questions q
      join public.assessment_attempts at on at.assessment_id = q.assessment_id
      where q.id = new.question_id and at.id = new.attempt_id) then
      raise exception 'That question is not part of this assessment' using errcode = 'SW400';
    end if;
  end if;
  return new;
end;
$$;
create trigger enrollments_derive before insert or update on public.enrollments
  for each row execute function public.derive_parent_ids();
create trigger lesson_progress_derive before insert or update on public.lesson_progress
  for each row execute function public.derive_parent_ids();
create trigger answers_derive before insert or update on public.answers
  for each row execute function public.derive_parent_ids();
create trigger lessons_derive before insert or update on public.lessons
  for each row execute function public.derive_parent_ids();
create trigger assessments_derive before insert or update on public.assessments
  for each row execute function public.derive_parent_ids();
create trigger user_skills_same_org before insert or update on public.user_skills
  for each row execute function public.check_same_organization('skills', 'skill_id');
create trigger assessments_same_org before insert or update on public.assessments
  for each row execute function public.check_same_organization('courses', 'course_id');
create trigger questions_same_org before insert or update on public.questions
  for each row execute function public.check_same_organization('assessments', 'assessment_id');
create trigger question_keys_same_org before insert or update on public.question_keys
  for each row execute function public.check_same_organization('questions', 'question_id');
create trigger attempts_same_org before insert or update on public.assessment_attempts
  for each row execute function public.check_same_organization('assessments', 'assessment_id');
create trigger answers_same_org before insert or update on public.answers
  for each row execute function public.check_same_organization('assessment_attempts', 'attempt_id');
create trigger activities_same_org before insert or update on public.activities
  for each row execute function public.check_same_organization('courses', 'course_id');
create trigger tasks_same_org before insert or update on public.tasks
  for each row execute function public.check_same_organization('activities', 'activity_id');
create trigger task_completions_same_org before insert or update on public.task_completions
  for each row execute function public.check_same_organization('tasks', 'task_id');
create trigger goals_same_org before insert or update on public.goals
  for each row execute function public.check_same_organization('vision_boards', 'vision_board_id', 'same_user');
create trigger goal_skills_same_org before insert or update on public.goal_skills
  for each row execute function public.check_same_organization('skills', 'skill_id');
create trigger goal_skills_same_org_goal before insert or update on public.goal_skills
  for each row execute function public.check_same_organization('goals', 'goal_id', 'same_user');
create trigger obstacles_same_org before insert or update on public.obstacles
  for each row execute function public.check_same_organization('goals', 'goal_id', 'same_user');
create trigger questions_same_org_skill before insert or update on public.questions
  for each row execute function public.check_same_organization('skills', 'skill_id');
create trigger activities_same_org_skill before insert or update on public.activities
  for each row execute function public.check_same_organization('skills', 'skill_id');
create trigger assessments_same_org_lesson before insert or update on public.assessments
  for each row execute function public.check_same_organization('lessons', 'lesson_id');

-- People linked to org data must be members of that organization.
create function public.check_member_of_organization()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.memberships m
    where m.organization_id = new.organization_id and m.user_id = new.user_id) then
    raise exception 'That person is not a member of this organization' using errcode = 'SW400';
  end if;
  return new;
end;
$$;
-- Teaching a cohort opens its learners' records, so only members whose role
-- may view cohorts (trainers, org admins) teach one; a learner never does.
create function public.check_can_teach()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.memberships m
    join public.role_permissions rp on rp.role = m.role
    where m.organization_id = new.organization_id and m.user_id = new.user_id and rp.permission = 'cohorts.view') then
    raise exception 'Only trainers and org admins of this organization can teach a cohort' using errcode = 'SW400';
  end if;
  return new;
end;
$$;
create trigger cohort_trainers_member before insert or update on public.cohort_trainers
  for each row execute function public.check_can_teach();

-- The other side of check_can_teach: when a membership ends, or its role no
-- longer has cohorts.view (a trainer demoted to learner), the person stops
-- teaching the organization's cohorts. The policy helpers already ignore such
-- rows (taught_cohort_ids joins the current membership); deleting them keeps
-- cohort rosters true. Security definer: a member leaving on their own may not
-- delete cohort_trainers rows, and after the change nobody's policy would let
-- them see those rows anyway.
create function public.end_teaching_without_cohorts_view()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and exists (
    select 1 from public.role_permissions rp where rp.role = new.role and rp.permission = 'cohorts.view') then
    return null;
  end if;
  delete from public.cohort_trainers ct
  where ct.organization_id = old.organization_id and ct.user_id = old.user_id;
  return null;
end;
$$;
create trigger memberships_end_teaching after delete or update of role on public.memberships
  for each row execute function public.end_teaching_without_cohorts_view();
create trigger enrollments_member before insert or update on public.enrollments
  for each row execute function public.check_member_of_organization();
create trigger cohort_trainers_same_org before insert or update on public.cohort_trainers
  for each row execute function public.check_same_organization('cohorts', 'cohort_id');

-- Enrollment progress = completed lessons / lessons of the course, kept
-- current whenever lesson progress changes (course_progress_percent above;
-- the lessons trigger of the learning-fixes migration uses it too).
create function public.refresh_enrollment_progress()
returns trigger language plpgsql security definer set search_path = ''
as $$
declare
  new_percent numeric := public.course_progress_percent(new.user_id, new.course_id);
begin
  update public.enrollments e
  set progress_percent = new_percent,
      completed_at = case when new_percent >= 100 then coalesce(e.completed_at, now()) end
  where e.user_id = new.user_id and e.course_id = new.course_id;
  return null;
end;
$$;
create trigger lesson_progress_refresh after insert or update on public.lesson_progress
  for each row execute function public.refresh_enrollment_progress();

revoke execute on function
  public.check_same_organization(), public.check_member_of_organization(), public.refresh_enrollment_progress(),
  public.derive_parent_ids(), public.check_can_teach(), public.end_teaching_without_cohorts_view()
from public, anon, authenticated;

------------------------------------------------------------------------------
-- Grants
------------------------------------------------------------------------------
revoke all on table
  public.organization_settings, public.skills, public.courses, public.course_sections, public.lessons,
  public.course_skills, public.lesson_skills, public.cohorts, public.cohort_trainers, public.enrollments,
  public.lesson_progress, public.user_skills, public.score_brackets, public.assessments, public.questions,
  public.question_keys, public.assessment_attempts, public.answers, public.activities, public.tasks,
  public.task_completions, public.vision_boards, public.goals, public.goal_skills, public.obstacles,
  public.api_keys, public.raw_events, public.raw_event_keys
from anon, authenticated;

grant select, update on public.organization_settings to authenticated;
grant insert on public.organization_settings to authenticated;
grant select, insert, update, delete on
  public.skills, public.courses, public.course_sections, public.lessons, public.course_skills,
  public.lesson_skills, public.cohorts, public.cohort_trainers,
  public.assessments, public.questions, public.question_keys, public.activities, public.tasks,
  public.vision_boards, public.goals, public.goal_skills, public.obstacles
to authenticated;
grant select on public.score_brackets to authenticated;
-- An enrollment's progress is maintained by the lesson_progress trigger; the
-- trainer enrolling a learner sets only the due date.
grant select, insert, delete, update (due_on) on public.enrollments to authenticated;
-- Learner-written records: progress and completions are inserted/updated by
-- the learner's own actions; scores are written by the server's scoring code.
grant select, insert, update on public.lesson_progress, public.task_completions to authenticated;
grant select on public.user_skills to authenticated;
grant select, insert on public.assessment_attempts to authenticated;
grant select, insert, update (response) on public.answers to authenticated;
grant select, insert, update (name, revoked_at) on public.api_keys to authenticated;
revoke all on sequence public.raw_events_id_seq from anon, authenticated;
-- Events are written only through app.record_event() / the ingestion API.
grant select on public.raw_events to authenticated;

------------------------------------------------------------------------------
-- Row-level security
------------------------------------------------------------------------------
do $$
declare t text;
begin
  foreach t in array array[
    'organization_settings', 'skills', 'courses', 'course_sections', 'lessons', 'course_skills',
    'lesson_skills', 'cohorts', 'cohort_trainers', 'enrollments', 'lesson_progress', 'user_skills',
    'score_brackets', 'assessments', 'questions', 'question_keys', 'assessment_attempts', 'answers',
    'activities', 'tasks', 'task_completions', 'vision_boards', 'goals', 'goal_skills', 'obstacles',
    'api_keys', 'raw_events', 'raw_event_keys']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
  end loop;
end $$;

create policy organization_settings_read on public.organization_settings for select to authenticated
  using (organization_id in (select public.user_org_ids()));
create policy organization_settings_write on public.organization_settings for insert to authenticated
  with check (organization_id in (select public.orgs_with_permission('settings.manage')));
create policy organization_settings_update on public.organization_settings for update to authenticated
  using (organization_id in (select public.orgs_with_permission('settings.manage')))
  with check (organization_id in (select public.orgs_with_permission('settings.manage')));

create policy score_brackets_read on public.score_brackets for select to authenticated using (true);

-- Content: skills, courses and their parts.
create policy skills_read on public.skills for select to authenticated
  using (organization_id in (select public.user_org_ids()));
create policy skills_write on public.skills for all to authenticated
  using (organization_id in (select public.orgs_with_permission('courses.manage')))
  with check (organization_id in (select public.orgs_with_permission('courses.manage')));

create policy courses_read on public.courses for select to authenticated
  using (id in (select public.visible_course_ids()));
create policy courses_write on public.courses for all to authenticated
  using (organization_id in (select public.orgs_with_permission('courses.manage')))
  with check (organization_id in (select public.orgs_with_permission('courses.manage')));

do $$
declare t text;
begin
  foreach t in array array['course_sections', 'lessons', 'course_skills', 'assessments']
  loop
    execute format($p$
      create policy %1$s_read on public.%1$I for select to authenticated
        using (course_id in (select public.visible_course_ids()))$p$, t);
    execute format($p$
      create policy %1$s_write on public.%1$I for all to authenticated
        using (organization_id in (select public.orgs_with_permission('courses.manage')))
        with check (organization_id in (select public.orgs_with_permission('courses.manage')))$p$, t);
  end loop;
end $$;

-- Activities without a course (practice for a skill) are open to every member.
create policy activities_read on public.activities for select to authenticated
  using (course_id in (select public.visible_course_ids())
      or (course_id is null and organization_id in (select public.user_org_ids())));
create policy activities_write on public.activities for all to authenticated
  using (organization_id in (select public.orgs_with_permission('courses.manage')))
  with check (organization_id in (select public.orgs_with_permission('courses.manage')));

-- Lesson skills and tasks are visible with their lesson / activity (not for drafts).
create policy lesson_skills_read on public.lesson_skills for select to authenticated
  using (lesson_id in (select l.id from public.lessons l));
create policy lesson_skills_write on public.lesson_skills for all to authenticated
  using (organization_id in (select public.orgs_with_permission('courses.manage')))
  with check (organization_id in (select public.orgs_with_permission('courses.manage')));

create policy questions_read on public.questions for select to authenticated
  using (assessment_id in (select a.id from public.assessments a));
create policy questions_write on public.questions for all to authenticated
  using (organization_id in (select public.orgs_with_permission('courses.manage')))
  with check (organization_id in (select public.orgs_with_permission('courses.manage')));

create policy question_keys_manage on public.question_keys for all to authenticated
  using (organization_id in (select public.orgs_with_permission('courses.manage')))
  with check (organization_id in (select public.orgs_with_permission('courses.manage')));

create policy tasks_read on public.tasks for select to authenticated
  using (activity_id in (select a.id from public.activities a));
create policy tasks_write on public.tasks for all to authenticated
  using (organization_id in (select public.orgs_with_permission('courses.manage')))
  with check (organization_id in (select public.orgs_with_permission('courses.manage')));

-- Cohorts: their trainers, their learners, and org admins.
-- A cohort's creator reads it (to add its first trainer right after creating
-- it) only while they may still manage cohorts in its organization.
create policy cohorts_read on public.cohorts for select to authenticated
  using ((created_by = (select auth.uid())
          and organization_id in (select public.orgs_with_permission('cohorts.manage')))
      or id in (select public.taught_cohort_ids())
      or id in (select public.enrolled_cohort_ids())
      or organization_id in (select public.orgs_with_permission('cohorts.view_all')));
create policy cohorts_insert on public.cohorts for insert to authenticated
  with check (organization_id in (select public.orgs_with_permission('cohorts.manage')));
create policy cohorts_change on public.cohorts for update to authenticated
  using (id in (select public.taught_cohort_ids())
      or organization_id in (select public.orgs_with_permission('cohorts.view_all')))
  with check (organization_id in (select public.orgs_with_permission('cohorts.manage')));
create policy cohorts_delete on public.cohorts for delete to authenticated
  using (organization_id in (select public.orgs_with_permission('cohorts.view_all')));

create policy cohort_trainers_read on public.cohort_trainers for select to authenticated
  using (cohort_id in (select public.taught_cohort_ids())
      or cohort_id in (select public.enrolled_cohort_ids())
      or organization_id in (select public.orgs_with_permission('cohorts.view_all')));
-- A trainer adds trainers to cohorts they teach; the cohort's creator adds
-- the first trainer (themselves) right after creating it.
create policy cohort_trainers_write on public.cohort_trainers for all to authenticated
  using (cohort_id in (select public.taught_cohort_ids())
      or organization_id in (select public.orgs_with_permission('cohorts.view_all')))
  with check (
    organization_id in (select public.orgs_with_permission('cohorts.manage'))
    and (cohort_id in (select public.taught_cohort_ids())
      or organization_id in (select public.orgs_with_permission('cohorts.view_all'))
      or cohort_id in (select c.id from public.cohorts c where c.created_by = (select auth.uid()))));

create policy enrollments_read on public.enrollments for select to authenticated
  using (user_id = (select auth.uid())
      or cohort_id in (select public.taught_cohort_ids())
      or organization_id in (select public.orgs_with_permission('cohorts.view_all')));
create policy enrollments_write on public.enrollments for all to authenticated
  using (cohort_id in (select public.taught_cohort_ids())
      or organization_id in (select public.orgs_with_permission('cohorts.view_all')))
  with check (cohort_id in (select public.taught_cohort_ids())
      or organization_id in (select public.orgs_with_permission('cohorts.view_all')));

-- A learner's own records, readable by their trainers and org admins.
do $$
declare t text;
begin
  foreach t in array array['lesson_progress', 'user_skills', 'assessment_attempts', 'answers', 'task_completions']
  loop
    execute format($p$
      create policy %1$s_read on public.%1$I for select to authenticated
        using (user_id = (select auth.uid())
            or (organization_id, user_id) in (select t.organization_id, t.user_id from public.taught_learners() t)
            or organization_id in (select public.orgs_with_permission('cohorts.view_all')))$p$, t);
  end loop;
end $$;

create policy lesson_progress_own_insert on public.lesson_progress for insert to authenticated
  with check (user_id = (select auth.uid()) and course_id in (select public.visible_course_ids()));
create policy lesson_progress_own_update on public.lesson_progress for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy task_completions_own_insert on public.task_completions for insert to authenticated
  with check (user_id = (select auth.uid()) and organization_id in (select public.user_org_ids()));
create policy task_completions_own_update on public.task_completions for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy attempts_own_insert on public.assessment_attempts for insert to authenticated
  with check (user_id = (select auth.uid()) and status = 'in_progress' and score is null
              and assessment_id in (select a.id from public.assessments a));
-- Answers are saved as the learner goes, only while their attempt is open.
create policy answers_own_insert on public.answers for insert to authenticated
  with check (user_id = (select auth.uid()) and attempt_id in (
    select at.id from public.assessment_attempts at
    where at.user_id = (select auth.uid()) and at.status = 'in_progress'
      and (at.deadline_at is null or at.deadline_at > now())));
create policy answers_own_update on public.answers for update to authenticated
  using (user_id = (select auth.uid()) and attempt_id in (
    select at.id from public.assessment_attempts at
    where at.user_id = (select auth.uid()) and at.status = 'in_progress'
      and (at.deadline_at is null or at.deadline_at > now())))
  with check (user_id = (select auth.uid()));

-- Vision boards are private to their owner.
do $$
declare t text;
begin
  foreach t in array array['vision_boards', 'goals', 'goal_skills', 'obstacles']
  loop
    execute format($p$
      create policy %1$s_own on public.%1$I for all to authenticated
        using (user_id = (select auth.uid()))
        with check (user_id = (select auth.uid()) and organization_id in (select public.user_org_ids()))$p$, t);
  end loop;
end $$;

create policy api_keys_manage on public.api_keys for all to authenticated
  using (organization_id in (select public.orgs_with_permission('api_keys.manage')))
  with check (organization_id in (select public.orgs_with_permission('api_keys.manage')));

-- Learners read their own events; writes go through app.record_event() and the
-- ingestion API. raw_event_keys has no policy: nobody but the owner reads it.
create policy raw_events_own_read on public.raw_events for select to authenticated
  using (user_id = (select auth.uid()));
