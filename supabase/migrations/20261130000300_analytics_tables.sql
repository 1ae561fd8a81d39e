-- Analytics core, part 1: the tables (SPEC §5 "Gamification", "Analytics",
-- "user preferences"; seeds learning-analytics-database.md and
-- learning-analytics-erd-prisma.md). The computations that fill them (rollup
-- with its watermark, gamification, the six learner analytics, predictions,
-- item analysis, KPI tree, materialized views and jobs) are in the next
-- migrations of this range; this one is the contract dashboards build on.
--
-- Who reads what (the policies below; nobody but the owner role writes
-- computed rows — the jobs run as the owner):
--   * a learner reads their own rows (rollups, points, ledger, achievements,
--     snapshots, predictions) and reads/writes their own preferences;
--   * a trainer reads those of learners of the cohorts they teach
--     (public.taught_learners, as for lesson_progress), and the cohort rows of
--     those cohorts;
--   * org admins (cohorts.view_all / analytics.view_org) read the org's rows;
--   * point rules and achievements are read by every member (how points are
--     earned is no secret) and written by holders of settings.manage;
--   * item statistics are read by content authors (courses.manage), like the
--     questions they describe.
-- Leaderboards, peer comparison and other cross-learner numbers are never
-- read from these tables by learners: they go through the analytics.*
-- functions (next migrations), which apply privacy and k-anonymity.

------------------------------------------------------------------------------
-- User preferences (privacy): leaderboard visibility, prediction opt-out,
-- notification preferences. A missing row means the defaults.
------------------------------------------------------------------------------
create table public.user_preferences (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  -- public: name and points on leaderboards; anonymous: rank and points
  -- without name or id; hidden: absent from other people's leaderboards.
  leaderboard_visibility text not null default 'public'
    check (leaderboard_visibility in ('public', 'anonymous', 'hidden')),
  -- true: no drop-off risk, forecast or recommendation is computed or kept.
  predictions_opt_out boolean not null default false,
  notification_prefs jsonb not null default '{}'::jsonb check (jsonb_typeof(notification_prefs) = 'object'),
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
create index user_preferences_user_idx on public.user_preferences (user_id);

------------------------------------------------------------------------------
-- Daily rollups, recomputed from raw_events by the incremental rollup job.
-- Days are UTC days of occurred_at.
------------------------------------------------------------------------------
create table public.learner_daily_rollups (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  day date not null,
  events integer not null default 0,
  active_minutes numeric(8, 2) not null default 0,
  sessions integer not null default 0,
  events_by_type jsonb not null default '{}'::jsonb,
  lessons_completed integer not null default 0,
  assessments_submitted integer not null default 0,
  score_sum numeric(12, 2) not null default 0,
  score_count integer not null default 0,
  avg_score numeric(5, 2),
  points integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id, day)
);
create index learner_daily_rollups_org_day_idx on public.learner_daily_rollups (organization_id, day);
create index learner_daily_rollups_user_idx on public.learner_daily_rollups (user_id, day);

create table public.cohort_daily_rollups (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  cohort_id uuid not null references public.cohorts (id) on delete cascade,
  day date not null,
  active_learners integer not null default 0,
  events integer not null default 0,
  active_minutes numeric(10, 2) not null default 0,
  sessions integer not null default 0,
  lessons_completed integer not null default 0,
  assessments_submitted integer not null default 0,
  score_sum numeric(14, 2) not null default 0,
  score_count integer not null default 0,
  avg_score numeric(5, 2),
  points integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (organization_id, cohort_id, day)
);
create index cohort_daily_rollups_cohort_idx on public.cohort_daily_rollups (cohort_id, day);

create table public.org_daily_rollups (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  day date not null,
  active_learners integer not null default 0,
  events integer not null default 0,
  active_minutes numeric(12, 2) not null default 0,
  sessions integer not null default 0,
  lessons_completed integer not null default 0,
  assessments_submitted integer not null default 0,
  score_sum numeric(16, 2) not null default 0,
  score_count integer not null default 0,
  avg_score numeric(5, 2),
  points bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (organization_id, day)
);

-- The 7-year layer of the seed (aggregated_analytics): per organization
-- (cohort_id null) or per cohort, per month or year, built from the daily
-- rollups, never from raw_events, so they outlive the raw partitions.
create table public.aggregated_analytics (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  cohort_id uuid references public.cohorts (id) on delete cascade,
  period text not null check (period in ('month', 'year')),
  period_start date not null,
  active_learners integer not null default 0,
  active_days integer not null default 0,
  events bigint not null default 0,
  active_minutes numeric(14, 2) not null default 0,
  sessions bigint not null default 0,
  lessons_completed bigint not null default 0,
  assessments_submitted bigint not null default 0,
  score_sum numeric(18, 2) not null default 0,
  score_count bigint not null default 0,
  avg_score numeric(5, 2),
  points bigint not null default 0,
  computed_at timestamptz not null default now(),
  expires_at timestamptz not null,
  constraint aggregated_analytics_key unique nulls not distinct (organization_id, cohort_id, period, period_start)
);
create index aggregated_analytics_expires_idx on public.aggregated_analytics (expires_at);

------------------------------------------------------------------------------
-- Gamification
------------------------------------------------------------------------------
-- Points per event type: global defaults (organization_id null) and per-org
-- overrides; an org's row for a type beats the default.
create table public.point_rules (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references public.organizations (id) on delete cascade,
  event_type text not null check (event_type ~ '^[a-z][a-z_]{1,63}$'),
  points integer not null check (points between 0 and 1000),
  -- Optional: only events with score >= min_score pay (e.g. a pass bonus).
  min_score numeric(5, 2) check (min_score between 0 and 100),
  description text not null default '' check (char_length(description) <= 500),
  updated_at timestamptz not null default now(),
  constraint point_rules_key unique nulls not distinct (organization_id, event_type)
);

insert into public.point_rules (organization_id, event_type, points, description) values
  (null, 'lesson_started', 1, 'Opening a lesson'),
  (null, 'lesson_completed', 10, 'Completing a lesson'),
  (null, 'assessment_started', 0, 'Starting an assessment'),
  (null, 'assessment_submitted', 20, 'Submitting an assessment'),
  (null, 'assessment_graded', 0, 'A trainer grading your answers'),
  (null, 'task_completed', 5, 'Completing a micro-learning task'),
  (null, 'goal_progressed', 2, 'Moving a goal forward'),
  (null, 'session_heartbeat', 0, 'Time spent learning'),
  (null, 'content_viewed', 1, 'Viewing course content');

-- The ledger: append-only, one row per paying source event. The source is
-- the event's idempotency key (unique per organization for ever, including
-- after its raw partition is dropped), so a replayed, re-ingested or
-- re-rolled-up event never pays twice.
-- No foreign keys on organization_id / user_id: the rollup appends tens of
-- thousands of rows per run and per-row referential checks were most of its
-- cost (the incremental-rollup benchmark); the rows go with their
-- organization or learner through the statement-level triggers below, and
-- the writer (the rollup) only writes ids of stored events, whose membership
-- insert_raw_event checked.
create table public.point_transactions (
  id bigint generated always as identity primary key,
  organization_id uuid not null,
  user_id uuid not null,
  points integer not null,
  activity_type text not null,
  source_key text not null,
  source_event_id bigint,
  -- The rule that paid, as history: no foreign key, since a deleted rule must
  -- not rewrite the append-only ledger.
  rule_id uuid,
  occurred_at timestamptz not null,
  day date not null,
  created_at timestamptz not null default now(),
  constraint point_transactions_source_key unique (organization_id, source_key)
);
create index point_transactions_user_idx on public.point_transactions (organization_id, user_id, day);

create table public.user_points (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  total_points bigint not null default 0,
  level integer not null default 1,
  -- Points still needed for the next level (analytics.level_for_points).
  points_to_next_level bigint not null default 0,
  current_streak integer not null default 0,
  longest_streak integer not null default 0,
  last_active_day date,
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);

-- criteria: {"metric": <name>, "gte": <number>} or {"all": [<criteria>, …]};
-- metrics are listed in analytics.achievement_metrics (next migration).
create table public.achievements (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references public.organizations (id) on delete cascade,
  key text not null check (key ~ '^[a-z][a-z0-9_-]{1,62}$'),
  name text not null check (char_length(btrim(name)) between 1 and 120),
  description text not null default '' check (char_length(description) <= 500),
  icon text not null default 'award' check (char_length(icon) <= 40),
  tier text not null default 'beginner' check (tier in ('beginner', 'intermediate', 'advanced', 'elite')),
  criteria jsonb not null check (jsonb_typeof(criteria) = 'object'),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  constraint achievements_key unique nulls not distinct (organization_id, key)
);

insert into public.achievements (organization_id, key, name, description, icon, tier, criteria) values
  (null, 'first-lesson', 'First steps', 'Complete your first lesson', 'footprints', 'beginner',
   '{"metric": "lessons_completed", "gte": 1}'),
  (null, 'ten-lessons', 'Ten down', 'Complete ten lessons', 'book-open', 'intermediate',
   '{"metric": "lessons_completed", "gte": 10}'),
  (null, 'first-assessment', 'Tested', 'Submit your first assessment', 'clipboard-check', 'beginner',
   '{"metric": "assessments_submitted", "gte": 1}'),
  (null, 'streak-7', 'Week streak', 'Learn seven days in a row', 'flame', 'intermediate',
   '{"metric": "longest_streak", "gte": 7}'),
  (null, 'streak-30', 'Month streak', 'Learn thirty days in a row', 'flame', 'elite',
   '{"metric": "longest_streak", "gte": 30}'),
  (null, 'level-5', 'Level 5', 'Reach level 5', 'trophy', 'advanced',
   '{"metric": "level", "gte": 5}'),
  (null, 'high-scorer', 'High scorer', 'Average 90 or more over at least three scored assessments', 'star', 'advanced',
   '{"all": [{"metric": "scored_assessments", "gte": 3}, {"metric": "avg_score", "gte": 90}]}');

create table public.user_achievements (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  achievement_id uuid not null references public.achievements (id) on delete cascade,
  earned_at timestamptz not null default now(),
  constraint user_achievements_once unique (organization_id, user_id, achievement_id)
);
create index user_achievements_user_idx on public.user_achievements (user_id, earned_at desc);

------------------------------------------------------------------------------
-- Learner analytics snapshots: the six categories of seed 004 per learner per
-- day, one row; the jsonb columns hold each category's detail, the scalar
-- columns what lists sort and filter on. Personal layer: expires after 7 days.
------------------------------------------------------------------------------
create table public.learner_analytics_snapshots (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  snapshot_day date not null,
  lessons_per_week numeric(6, 2) not null default 0,
  target_lessons_per_week numeric(6, 2),
  velocity_status text check (velocity_status in ('ahead', 'on_track', 'behind', 'not_enrolled')),
  estimated_completion_on date,
  engagement_score integer not null default 0 check (engagement_score between 0 and 100),
  skill_gap_count integer not null default 0,
  mastery_avg numeric(5, 2),
  avg_score numeric(5, 2),
  pass_rate numeric(5, 2),
  velocity jsonb not null default '{}'::jsonb,
  skill_gaps jsonb not null default '{}'::jsonb,
  engagement jsonb not null default '{}'::jsonb,
  mastery jsonb not null default '{}'::jsonb,
  performance jsonb not null default '{}'::jsonb,
  content_effectiveness jsonb not null default '{}'::jsonb,
  computed_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (organization_id, user_id, snapshot_day)
);
create index learner_analytics_snapshots_org_day_idx on public.learner_analytics_snapshots (organization_id, snapshot_day);
create index learner_analytics_snapshots_expires_idx on public.learner_analytics_snapshots (expires_at);

-- Predictive cache (seed: predictive_analytics_cache): one row per learner,
-- replaced nightly, expired after 48 hours; none for learners who opted out.
create table public.predictive_analytics_cache (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  drop_off_risk numeric(4, 3) not null check (drop_off_risk between 0 and 1),
  risk_level text not null check (risk_level in ('low', 'medium', 'high')),
  -- [{"factor": "days_inactive", "value": 12, "weight": 0.35, "contribution": 0.35, "label": "…"}, …]
  factors jsonb not null default '[]'::jsonb check (jsonb_typeof(factors) = 'array'),
  completion_forecast_on date,
  next_lesson_id uuid references public.lessons (id) on delete set null,
  next_course_id uuid references public.courses (id) on delete set null,
  computed_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (organization_id, user_id)
);
create index predictive_analytics_cache_risk_idx on public.predictive_analytics_cache (organization_id, drop_off_risk desc);
create index predictive_analytics_cache_expires_idx on public.predictive_analytics_cache (expires_at);

-- Item analysis per question over graded answers.
create table public.question_item_stats (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  question_id uuid primary key references public.questions (id) on delete cascade,
  assessment_id uuid not null references public.assessments (id) on delete cascade,
  attempts integer not null default 0,
  correct integer not null default 0,
  -- Proportion correct, 0–1 (null without attempts).
  difficulty numeric(5, 4),
  -- Point-biserial correlation of this item with the attempt score, −1–1
  -- (null when it cannot be computed: < 2 attempts or no variance).
  discrimination numeric(5, 4),
  -- Upper/lower 27 % index: p(upper) − p(lower), −1–1.
  discrimination_ul numeric(5, 4),
  computed_at timestamptz not null default now()
);
create index question_item_stats_assessment_idx on public.question_item_stats (organization_id, assessment_id);

-- KPI tree per organization (cohort_id null) or cohort, per day.
create table public.kpi_snapshots (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  cohort_id uuid references public.cohorts (id) on delete cascade,
  snapshot_day date not null,
  learners integer not null default 0,
  active_learners_7d integer not null default 0,
  active_learners_30d integer not null default 0,
  turnover_risk numeric(5, 2),
  burnout_risk numeric(5, 2),
  productivity_index numeric(6, 2),
  high_potential_count integer not null default 0,
  at_risk_count integer not null default 0,
  avg_engagement numeric(5, 2),
  avg_mastery numeric(5, 2),
  avg_velocity numeric(6, 2),
  details jsonb not null default '{}'::jsonb,
  computed_at timestamptz not null default now(),
  constraint kpi_snapshots_key unique nulls not distinct (organization_id, cohort_id, snapshot_day)
);
create index kpi_snapshots_cohort_idx on public.kpi_snapshots (cohort_id, snapshot_day);

------------------------------------------------------------------------------
-- Touch and audit triggers
------------------------------------------------------------------------------
create trigger user_preferences_touch before update on public.user_preferences
  for each row execute function public.touch_updated_at();
-- Privacy choices are audited (issue 9: "each change … is audited").
create trigger user_preferences_audit after insert or update or delete on public.user_preferences
  for each row execute function public.audit_row_change('user_preference');
create trigger point_rules_touch before update on public.point_rules
  for each row execute function public.touch_updated_at();
-- Only an organization's own rules are audited (the defaults change only in migrations).
create trigger point_rules_audit_insert after insert on public.point_rules
  for each row when (new.organization_id is not null) execute function public.audit_row_change('point_rule');
create trigger point_rules_audit_update after update on public.point_rules
  for each row when (new.organization_id is not null) execute function public.audit_row_change('point_rule');
create trigger point_rules_audit_delete after delete on public.point_rules
  for each row when (old.organization_id is not null) execute function public.audit_row_change('point_rule');
create trigger user_preferences_member before insert or update on public.user_preferences
  for each row execute function public.check_member_of_organization();

-- The ledger is append-only: a row is never changed (deleted only with its
-- learner or organization, by cascade or by an erasure run by the owner).
create function private.refuse_ledger_update()
returns trigger language plpgsql set search_path = ''
as $$
begin
  raise exception 'point_transactions is append-only' using errcode = 'SW409';
end;
$$;
revoke execute on function private.refuse_ledger_update() from public, anon, authenticated;
create trigger point_transactions_append_only before update on public.point_transactions
  for each row execute function private.refuse_ledger_update();

-- What the foreign keys' cascades would do, once per statement.
create function private.delete_ledger_of_deleted()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  if tg_table_name = 'organizations' then
    delete from public.point_transactions pt where pt.organization_id in (select o.id from old_rows o);
  else
    delete from public.point_transactions pt where pt.user_id in (select p.id from old_rows p);
  end if;
  return null;
end;
$$;
revoke execute on function private.delete_ledger_of_deleted() from public, anon, authenticated;
create trigger organizations_delete_ledger after delete on public.organizations
  referencing old table as old_rows for each statement execute function private.delete_ledger_of_deleted();
create trigger profiles_delete_ledger after delete on public.profiles
  referencing old table as old_rows for each statement execute function private.delete_ledger_of_deleted();

------------------------------------------------------------------------------
-- Grants and row-level security
------------------------------------------------------------------------------
revoke all on table
  public.user_preferences, public.learner_daily_rollups, public.cohort_daily_rollups, public.org_daily_rollups,
  public.aggregated_analytics, public.point_rules, public.point_transactions, public.user_points,
  public.achievements, public.user_achievements, public.learner_analytics_snapshots,
  public.predictive_analytics_cache, public.question_item_stats, public.kpi_snapshots
from anon, authenticated;
revoke all on sequence public.point_transactions_id_seq from anon, authenticated;

grant select, insert on public.user_preferences to authenticated;
grant update (leaderboard_visibility, predictions_opt_out, notification_prefs) on public.user_preferences to authenticated;
grant select on
  public.learner_daily_rollups, public.cohort_daily_rollups, public.org_daily_rollups, public.aggregated_analytics,
  public.point_transactions, public.user_points, public.user_achievements, public.learner_analytics_snapshots,
  public.predictive_analytics_cache, public.question_item_stats, public.kpi_snapshots
to authenticated;
grant select, insert, update, delete on public.point_rules, public.achievements to authenticated;

do $$
declare t text;
begin
  foreach t in array array[
    'user_preferences', 'learner_daily_rollups', 'cohort_daily_rollups', 'org_daily_rollups', 'aggregated_analytics',
    'point_rules', 'point_transactions', 'user_points', 'achievements', 'user_achievements',
    'learner_analytics_snapshots', 'predictive_analytics_cache', 'question_item_stats', 'kpi_snapshots']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
  end loop;
end $$;

-- Preferences: one's own row; org admins read the org's (who chose what).
create policy user_preferences_read on public.user_preferences for select to authenticated
  using (user_id = (select auth.uid())
      or organization_id in (select public.orgs_with_permission('members.manage')));
create policy user_preferences_insert on public.user_preferences for insert to authenticated
  with check (user_id = (select auth.uid()) and organization_id in (select public.user_org_ids()));
create policy user_preferences_update on public.user_preferences for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

-- A learner's computed rows: the learner, their trainers, org admins.
do $$
declare t text;
begin
  foreach t in array array[
    'learner_daily_rollups', 'point_transactions', 'user_points', 'user_achievements',
    'learner_analytics_snapshots', 'predictive_analytics_cache']
  loop
    execute format($p$
      create policy %1$s_read on public.%1$I for select to authenticated
        using (user_id = (select auth.uid())
            or (organization_id, user_id) in (select t.organization_id, t.user_id from public.taught_learners() t)
            or organization_id in (select public.orgs_with_permission('cohorts.view_all')))$p$, t);
  end loop;
end $$;

-- Cohort rows: the cohort's trainers and org admins.
create policy cohort_daily_rollups_read on public.cohort_daily_rollups for select to authenticated
  using (cohort_id in (select public.taught_cohort_ids())
      or organization_id in (select public.orgs_with_permission('cohorts.view_all')));

-- Organization-wide numbers: holders of analytics.view_org (org admins);
-- cohort rows of the org KPI and aggregate tables also to the cohort's trainers.
create policy org_daily_rollups_read on public.org_daily_rollups for select to authenticated
  using (organization_id in (select public.orgs_with_permission('analytics.view_org')));
create policy aggregated_analytics_read on public.aggregated_analytics for select to authenticated
  using (organization_id in (select public.orgs_with_permission('analytics.view_org'))
      or cohort_id in (select public.taught_cohort_ids()));
create policy kpi_snapshots_read on public.kpi_snapshots for select to authenticated
  using (organization_id in (select public.orgs_with_permission('analytics.view_org'))
      or cohort_id in (select public.taught_cohort_ids()));

-- Item statistics: content authors, as for the questions' answer keys.
create policy question_item_stats_read on public.question_item_stats for select to authenticated
  using (organization_id in (select public.orgs_with_permission('courses.manage')));

-- Rules and achievements: defaults and the org's own, read by members,
-- written (org rows only) by holders of settings.manage.
do $$
declare t text;
begin
  foreach t in array array['point_rules', 'achievements']
  loop
    execute format($p$
      create policy %1$s_read on public.%1$I for select to authenticated
        using (organization_id is null or organization_id in (select public.user_org_ids()))$p$, t);
    execute format($p$
      create policy %1$s_insert on public.%1$I for insert to authenticated
        with check (organization_id in (select public.orgs_with_permission('settings.manage')))$p$, t);
    execute format($p$
      create policy %1$s_update on public.%1$I for update to authenticated
        using (organization_id in (select public.orgs_with_permission('settings.manage')))
        with check (organization_id in (select public.orgs_with_permission('settings.manage')))$p$, t);
    execute format($p$
      create policy %1$s_delete on public.%1$I for delete to authenticated
        using (organization_id in (select public.orgs_with_permission('settings.manage')))$p$, t);
  end loop;
end $$;

------------------------------------------------------------------------------
-- Ingestion order for the rollup watermark. Each raw event records the id of
-- the top-level transaction that stored it (pg_current_xact_id(), a 64-bit
-- xid8 that never wraps). The rollup job (next migration) processes events
-- by this xid below pg_snapshot_xmin(pg_current_snapshot()) — every
-- transaction below it has finished, so no event can still appear there —
-- which an identity id cannot promise: a slow transaction commits id 100
-- after a fast one committed id 101.
------------------------------------------------------------------------------
alter table public.raw_events add column ingest_xid xid8 not null default pg_current_xact_id();
create index raw_events_ingest_xid_idx on public.raw_events (ingest_xid);

-- The jobs' watermarks (name → position), owner-only.
create table private.analytics_watermarks (
  name text primary key,
  position xid8 not null default '0'::xid8,
  last_run_at timestamptz,
  last_result jsonb not null default '{}'::jsonb
);
revoke all on table private.analytics_watermarks from public, anon, authenticated;
insert into private.analytics_watermarks (name) values ('rollup');

-- Non-exposed schema for materialized views and the functions dashboards call.
create schema if not exists analytics;
revoke all on schema analytics from public;
grant usage on schema analytics to authenticated, service_role;
