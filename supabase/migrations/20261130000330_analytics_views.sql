-- Analytics core, part 4: materialized views in the non-exposed schema
-- `analytics`, the functions dashboards read them through, and the jobs.
--
-- Materialized views carry no RLS, so none is granted to anon or
-- authenticated (SPEC §4): each is read only through the security-definer
-- functions below, which check the caller's membership and role first and
-- apply each learner's privacy choices at read time (a learner who switches
-- to hidden disappears from others' leaderboards at once, not at the next
-- refresh). Each view has a unique index, so the refresh job refreshes it
-- CONCURRENTLY (readers are never blocked).

------------------------------------------------------------------------------
-- Leaderboards: points of the last 7 days (d−6 … d) and the last 30 days
-- (d−29 … d), d = the refresh's UTC day; rolling windows, so a board is never
-- empty on a Monday morning. Learners with 0 points in the window are absent.
------------------------------------------------------------------------------
create materialized view analytics.leaderboard_weekly as
  select pt.organization_id, pt.user_id, sum(pt.points)::bigint as points,
         (now() at time zone 'utc')::date - 6 as period_start, (now() at time zone 'utc')::date as period_end
  from public.point_transactions pt
  where pt.day > (now() at time zone 'utc')::date - 7
  group by pt.organization_id, pt.user_id
  having sum(pt.points) > 0;
create unique index leaderboard_weekly_key on analytics.leaderboard_weekly (organization_id, user_id);
create index leaderboard_weekly_rank_idx on analytics.leaderboard_weekly (organization_id, points desc);

create materialized view analytics.leaderboard_monthly as
  select pt.organization_id, pt.user_id, sum(pt.points)::bigint as points,
         (now() at time zone 'utc')::date - 29 as period_start, (now() at time zone 'utc')::date as period_end
  from public.point_transactions pt
  where pt.day > (now() at time zone 'utc')::date - 30
  group by pt.organization_id, pt.user_id
  having sum(pt.points) > 0;
create unique index leaderboard_monthly_key on analytics.leaderboard_monthly (organization_id, user_id);
create index leaderboard_monthly_rank_idx on analytics.leaderboard_monthly (organization_id, points desc);

------------------------------------------------------------------------------
-- Peer comparison: per organization and per cohort, over each learner's
-- latest snapshot: count, mean, quartiles (25/50/75 %, continuous) of
-- lessons per week, engagement score, average score and mastery. Read only
-- through analytics.peer_comparison, which shows numbers only to a group
-- with at least 10 peers besides the caller (k-anonymity, k = 10).
------------------------------------------------------------------------------
create materialized view analytics.peer_comparison_aggregates as
  with latest as (
    select distinct on (s.organization_id, s.user_id) s.*
    from public.learner_analytics_snapshots s
    order by s.organization_id, s.user_id, s.snapshot_day desc
  ),
  grouped as (
    select 'organization'::text as scope, l.organization_id as group_id, l.* from latest l
    union all
    select 'cohort', en.cohort_id, l.* from latest l
    join public.enrollments en on en.organization_id = l.organization_id and en.user_id = l.user_id
  )
  select g.organization_id, g.scope, g.group_id, count(*)::integer as learners,
         round(avg(g.lessons_per_week), 2) as velocity_avg,
         percentile_cont(array[0.25, 0.5, 0.75]) within group (order by g.lessons_per_week) as velocity_quartiles,
         round(avg(g.engagement_score), 2) as engagement_avg,
         percentile_cont(array[0.25, 0.5, 0.75]) within group (order by g.engagement_score) as engagement_quartiles,
         round(avg(g.avg_score), 2) as score_avg,
         percentile_cont(array[0.25, 0.5, 0.75]) within group (order by g.avg_score) as score_quartiles,
         round(avg(g.mastery_avg), 2) as mastery_avg,
         percentile_cont(array[0.25, 0.5, 0.75]) within group (order by g.mastery_avg) as mastery_quartiles
  from grouped g
  group by g.organization_id, g.scope, g.group_id;
create unique index peer_comparison_aggregates_key on analytics.peer_comparison_aggregates (organization_id, scope, group_id);

------------------------------------------------------------------------------
-- Skill demand: per organization, skill and month (last 13 months), the
-- learners who worked on the skill — answered an assessment question on it
-- or completed a lesson tagged with it — and growth over the previous month:
--   growth_percent = 100 · (learners − previous) / previous, null when the
--   previous month had none. A month without any learner has no row.
-- avg_mastery = the skill's current mean mastery in the organization.
------------------------------------------------------------------------------
create materialized view analytics.skill_demand as
  with activity as (
    select an.organization_id, q.skill_id, an.user_id, date_trunc('month', at.submitted_at)::date as month
    from public.answers an
    join public.assessment_attempts at on at.id = an.attempt_id and at.submitted_at is not null
    join public.questions q on q.id = an.question_id
    where q.skill_id is not null and at.submitted_at > date_trunc('month', now()) - interval '13 months'
    union
    select lp.organization_id, ls.skill_id, lp.user_id, date_trunc('month', lp.completed_at)::date
    from public.lesson_progress lp
    join public.lesson_skills ls on ls.lesson_id = lp.lesson_id
    where lp.completed_at > date_trunc('month', now()) - interval '13 months'
  ),
  monthly as (
    select a.organization_id, a.skill_id, a.month, count(distinct a.user_id)::integer as learners
    from activity a group by a.organization_id, a.skill_id, a.month
  )
  select m.organization_id, m.skill_id, s.name as skill_name, m.month, m.learners, prev.learners as previous_learners,
         case when prev.learners > 0 then round(100.0 * (m.learners - prev.learners) / prev.learners, 2) end as growth_percent,
         (select round(avg(us.mastery), 2) from public.user_skills us where us.skill_id = m.skill_id) as avg_mastery
  from monthly m
  join public.skills s on s.id = m.skill_id
  left join monthly prev on prev.organization_id = m.organization_id and prev.skill_id = m.skill_id
    and prev.month = (m.month - interval '1 month')::date;
create unique index skill_demand_key on analytics.skill_demand (organization_id, skill_id, month);

------------------------------------------------------------------------------
-- Organization metrics: members; active learners today, in the last 7 and
-- 30 days (≥ 1 event); lessons completed, average score (Σ scores / count)
-- and points over the last 30 days; the latest org KPI snapshot.
------------------------------------------------------------------------------
create materialized view analytics.org_metrics as
  with today as (select (now() at time zone 'utc')::date as d)
  select o.id as organization_id,
         (select count(*) from public.memberships m where m.organization_id = o.id)::integer as members,
         (select count(distinct r.user_id) from public.learner_daily_rollups r, today
          where r.organization_id = o.id and r.day = today.d and r.events > 0)::integer as active_1d,
         (select count(distinct r.user_id) from public.learner_daily_rollups r, today
          where r.organization_id = o.id and r.day > today.d - 7 and r.events > 0)::integer as active_7d,
         (select count(distinct r.user_id) from public.learner_daily_rollups r, today
          where r.organization_id = o.id and r.day > today.d - 30 and r.events > 0)::integer as active_30d,
         coalesce(od.lessons_completed, 0)::bigint as lessons_completed_30d,
         case when od.score_count > 0 then round(od.score_sum / od.score_count, 2) end as avg_score_30d,
         coalesce(od.points, 0)::bigint as points_30d,
         k.snapshot_day as kpi_day, k.turnover_risk, k.burnout_risk, k.productivity_index, k.high_potential_count,
         k.at_risk_count, k.avg_engagement, k.avg_mastery, k.avg_velocity
  from public.organizations o
  cross join today
  left join lateral (
    select sum(r.lessons_completed) as lessons_completed, sum(r.score_sum) as score_sum,
           sum(r.score_count) as score_count, sum(r.points) as points
    from public.org_daily_rollups r where r.organization_id = o.id and r.day > today.d - 30
  ) od on true
  left join lateral (
    select * from public.kpi_snapshots ks
    where ks.organization_id = o.id and ks.cohort_id is null
    order by ks.snapshot_day desc limit 1
  ) k on true;
create unique index org_metrics_key on analytics.org_metrics (organization_id);

------------------------------------------------------------------------------
-- Cohort metrics: learners, mean enrollment progress and its distribution
-- (0–24, 25–49, 50–74, 75–99, 100 %), completions, learners active in the
-- last 7 days, mean engagement of their latest snapshots, learners at high
-- and medium drop-off risk, average score over the last 30 days, and the
-- cohort's latest KPI snapshot.
------------------------------------------------------------------------------
create materialized view analytics.cohort_metrics as
  with today as (select (now() at time zone 'utc')::date as d)
  select c.organization_id, c.id as cohort_id, c.name, c.course_id, c.starts_on, c.ends_on,
         count(en.id)::integer as learners,
         coalesce(round(avg(en.progress_percent), 2), 0) as avg_progress,
         jsonb_build_object(
           '0-24', count(en.id) filter (where en.progress_percent < 25),
           '25-49', count(en.id) filter (where en.progress_percent >= 25 and en.progress_percent < 50),
           '50-74', count(en.id) filter (where en.progress_percent >= 50 and en.progress_percent < 75),
           '75-99', count(en.id) filter (where en.progress_percent >= 75 and en.progress_percent < 100),
           '100', count(en.id) filter (where en.progress_percent >= 100)) as progress_distribution,
         count(en.id) filter (where en.completed_at is not null)::integer as completed,
         count(en.id) filter (where exists (
           select 1 from public.learner_daily_rollups r
           where r.organization_id = en.organization_id and r.user_id = en.user_id
             and r.day > today.d - 7 and r.events > 0))::integer as active_7d,
         round(avg((select s.engagement_score from public.learner_analytics_snapshots s
                    where s.organization_id = en.organization_id and s.user_id = en.user_id
                    order by s.snapshot_day desc limit 1)), 2) as avg_engagement,
         count(pc.user_id) filter (where pc.risk_level = 'high')::integer as at_risk_high,
         count(pc.user_id) filter (where pc.risk_level = 'medium')::integer as at_risk_medium,
         (select case when sum(r.score_count) > 0 then round(sum(r.score_sum) / sum(r.score_count), 2) end
          from public.cohort_daily_rollups r where r.cohort_id = c.id and r.day > today.d - 30) as avg_score_30d,
         (select ks.turnover_risk from public.kpi_snapshots ks where ks.cohort_id = c.id
          order by ks.snapshot_day desc limit 1) as turnover_risk
  from public.cohorts c
  cross join today
  left join public.enrollments en on en.cohort_id = c.id
  left join public.predictive_analytics_cache pc on pc.organization_id = en.organization_id and pc.user_id = en.user_id
  group by c.organization_id, c.id, c.name, c.course_id, c.starts_on, c.ends_on, today.d;
create unique index cohort_metrics_key on analytics.cohort_metrics (cohort_id);
create index cohort_metrics_org_idx on analytics.cohort_metrics (organization_id);

------------------------------------------------------------------------------
-- Lesson effectiveness (content effectiveness for trainers and admins): per
-- lesson, the graded attempts of its course whose learner completed the
-- lesson in the 14 days before submitting ("after") against those who had
-- not ("without"): attempts and mean score of each; lift = mean after − mean
-- without (null unless both exist).
------------------------------------------------------------------------------
create materialized view analytics.lesson_effectiveness as
  with graded as (
    select at.organization_id, at.user_id, a.course_id, at.score, at.submitted_at
    from public.assessment_attempts at
    join public.assessments a on a.id = at.assessment_id
    where at.status = 'graded' and at.score is not null and at.submitted_at is not null
  ),
  pairs as (
    select l.organization_id, l.course_id, l.id as lesson_id, l.title, g.score,
           exists (select 1 from public.lesson_progress lp
                   where lp.lesson_id = l.id and lp.user_id = g.user_id and lp.completed_at is not null
                     and lp.completed_at <= g.submitted_at and lp.completed_at > g.submitted_at - interval '14 days') as preceded
    from public.lessons l
    join graded g on g.course_id = l.course_id
  )
  select p.organization_id, p.course_id, p.lesson_id, p.title,
         count(*) filter (where p.preceded)::integer as attempts_after,
         round(avg(p.score) filter (where p.preceded), 2) as mean_after,
         count(*) filter (where not p.preceded)::integer as attempts_without,
         round(avg(p.score) filter (where not p.preceded), 2) as mean_without,
         round(avg(p.score) filter (where p.preceded), 2) - round(avg(p.score) filter (where not p.preceded), 2) as lift
  from pairs p
  group by p.organization_id, p.course_id, p.lesson_id, p.title;
create unique index lesson_effectiveness_key on analytics.lesson_effectiveness (lesson_id);
create index lesson_effectiveness_course_idx on analytics.lesson_effectiveness (organization_id, course_id);

revoke all on
  analytics.leaderboard_weekly, analytics.leaderboard_monthly, analytics.peer_comparison_aggregates,
  analytics.skill_demand, analytics.org_metrics, analytics.cohort_metrics, analytics.lesson_effectiveness
from public, anon, authenticated;

create function analytics.refresh_views()
returns integer
language plpgsql
set search_path = ''
as $$
begin
  refresh materialized view concurrently analytics.leaderboard_weekly;
  refresh materialized view concurrently analytics.leaderboard_monthly;
  refresh materialized view concurrently analytics.peer_comparison_aggregates;
  refresh materialized view concurrently analytics.skill_demand;
  refresh materialized view concurrently analytics.org_metrics;
  refresh materialized view concurrently analytics.cohort_metrics;
  refresh materialized view concurrently analytics.lesson_effectiveness;
  return 7;
end;
$$;
revoke execute on function analytics.refresh_views() from public, anon, authenticated;

------------------------------------------------------------------------------
-- Read functions (schema analytics: not exposed by the Data API; usage and
-- execute granted to authenticated so the app's RLS-scoped transactions call
-- them). Each checks membership and role itself, and raises SW403 when the
-- caller may not read that organization's numbers at all.
------------------------------------------------------------------------------
create function analytics.require_member(org uuid)
returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if (select auth.uid()) is null or not public.is_member(org) then
    raise exception 'You are not a member of this organization' using errcode = 'SW403';
  end if;
end;
$$;

-- Leaderboard of the caller's organization, 'week' or 'month', top max_rows
-- plus the caller's own row wherever it ranks. Privacy (user_preferences,
-- applied at read time): public → name and id; anonymous → rank and points
-- only (display_name and user_id null); hidden → absent from everyone else's
-- board and ranking. The caller always sees their own row, named. Ranks
-- (SQL rank(): ties share a rank) are computed over the entries the caller
-- may see, so a hidden learner leaves no gap that would betray them.
create function analytics.leaderboard(org uuid, period text, max_rows integer default 10)
returns table (rank integer, display_name text, user_id uuid, points bigint, is_me boolean, is_anonymous boolean)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
begin
  perform analytics.require_member(org);
  if period not in ('week', 'month') then
    raise exception 'period must be week or month' using errcode = 'SW400';
  end if;
  if max_rows is null or max_rows < 1 or max_rows > 100 then
    raise exception 'max_rows must be between 1 and 100' using errcode = 'SW400';
  end if;
  return query
  with board as (
    select b.user_id, b.points from analytics.leaderboard_weekly b where period = 'week' and b.organization_id = org
    union all
    select b.user_id, b.points from analytics.leaderboard_monthly b where period = 'month' and b.organization_id = org
  ),
  visible as (
    select b.user_id, b.points, coalesce(p.leaderboard_visibility, 'public') as visibility, pr.full_name, pr.email
    from board b
    join public.memberships m on m.organization_id = org and m.user_id = b.user_id
    join public.profiles pr on pr.id = b.user_id
    left join public.user_preferences p on p.organization_id = org and p.user_id = b.user_id
    where coalesce(p.leaderboard_visibility, 'public') <> 'hidden' or b.user_id = me
  ),
  ranked as (
    select v.*, (pg_catalog.rank() over (order by v.points desc))::integer as r,
           row_number() over (order by v.points desc, (v.user_id = me) desc, v.user_id) as rn
    from visible v
  )
  select x.r,
         case when x.user_id = me or x.visibility = 'public'
              then coalesce(nullif(x.full_name, ''), split_part(x.email, '@', 1)) end,
         case when x.user_id = me or x.visibility = 'public' then x.user_id end,
         x.points, x.user_id = me, x.visibility = 'anonymous' and x.user_id <> me
  from ranked x
  where x.rn <= max_rows or x.user_id = me
  order by x.rn;
end;
$$;

-- The caller's numbers against their peers': the organization's learners
-- (cohort null) or a cohort the caller is enrolled in. Numbers only when the
-- group holds at least 10 learners besides the caller (k-anonymity);
-- otherwise {"available": false, "peers": n, "reason": …}.
create function analytics.peer_comparison(org uuid, cohort uuid default null)
returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  agg analytics.peer_comparison_aggregates;
  mine public.learner_analytics_snapshots;
  peers integer;
begin
  perform analytics.require_member(org);
  if cohort is not null and not exists (
    select 1 from public.enrollments en where en.cohort_id = cohort and en.user_id = me and en.organization_id = org) then
    raise exception 'You are not enrolled in this cohort' using errcode = 'SW404';
  end if;
  select * into agg from analytics.peer_comparison_aggregates a
  where a.organization_id = org and a.scope = case when cohort is null then 'organization' else 'cohort' end
    and a.group_id = coalesce(cohort, org);
  select * into mine from public.learner_analytics_snapshots s
  where s.organization_id = org and s.user_id = me order by s.snapshot_day desc limit 1;
  peers := coalesce(agg.learners, 0) - case when mine.user_id is not null then 1 else 0 end;
  if peers < 10 then
    return jsonb_build_object('available', false, 'peers', greatest(peers, 0), 'minimum_peers', 10,
      'reason', format('Peer comparison needs at least 10 peers so that no one can be singled out; this group has %s.',
                       greatest(peers, 0)));
  end if;
  return jsonb_build_object(
    'available', true, 'peers', peers, 'minimum_peers', 10,
    'scope', case when cohort is null then 'organization' else 'cohort' end,
    'group', jsonb_build_object(
      'velocity', jsonb_build_object('avg', agg.velocity_avg, 'quartiles', to_jsonb(agg.velocity_quartiles)),
      'engagement', jsonb_build_object('avg', agg.engagement_avg, 'quartiles', to_jsonb(agg.engagement_quartiles)),
      'score', jsonb_build_object('avg', agg.score_avg, 'quartiles', to_jsonb(agg.score_quartiles)),
      'mastery', jsonb_build_object('avg', agg.mastery_avg, 'quartiles', to_jsonb(agg.mastery_quartiles))),
    'me', case when mine.user_id is null then null else jsonb_build_object(
      'velocity', mine.lessons_per_week, 'engagement', mine.engagement_score, 'score', mine.avg_score,
      'mastery', mine.mastery_avg) end);
end;
$$;

-- Skill demand of the last `months` months, for holders of analytics.view_org.
create function analytics.skill_demand(org uuid, months integer default 6)
returns table (skill_id uuid, skill_name text, month date, learners integer, previous_learners integer,
               growth_percent numeric, avg_mastery numeric)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform analytics.require_member(org);
  if not public.has_permission(org, 'analytics.view_org') then
    raise exception 'Only organization admins see skill demand' using errcode = 'SW403';
  end if;
  return query
  select sd.skill_id, sd.skill_name, sd.month, sd.learners, sd.previous_learners, sd.growth_percent, sd.avg_mastery
  from analytics.skill_demand sd
  where sd.organization_id = org
    and sd.month >= (date_trunc('month', now()) - make_interval(months => greatest(least(months, 13), 1) - 1))::date
  order by sd.month desc, sd.learners desc, sd.skill_name;
end;
$$;

-- The organization's metrics row, for holders of analytics.view_org.
create function analytics.org_metrics(org uuid)
returns setof analytics.org_metrics
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform analytics.require_member(org);
  if not public.has_permission(org, 'analytics.view_org') then
    raise exception 'Only organization admins see organization metrics' using errcode = 'SW403';
  end if;
  return query select * from analytics.org_metrics m where m.organization_id = org;
end;
$$;

-- Cohort metrics: the cohorts the caller teaches, or all of the
-- organization's for holders of cohorts.view_all; nothing for others.
create function analytics.cohort_metrics(org uuid)
returns setof analytics.cohort_metrics
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform analytics.require_member(org);
  return query
  select * from analytics.cohort_metrics m
  where m.organization_id = org
    and (m.cohort_id in (select public.taught_cohort_ids()) or public.has_permission(org, 'cohorts.view_all'))
  order by m.starts_on desc, m.name;
end;
$$;

-- Lesson effectiveness of a course, for trainers and admins (cohorts.view).
create function analytics.lesson_effectiveness(org uuid, course uuid)
returns setof analytics.lesson_effectiveness
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform analytics.require_member(org);
  if not public.has_permission(org, 'cohorts.view') then
    raise exception 'Only trainers and organization admins see content effectiveness' using errcode = 'SW403';
  end if;
  return query
  select * from analytics.lesson_effectiveness e
  where e.organization_id = org and e.course_id = course
  order by e.lift desc nulls last, e.title;
end;
$$;

revoke execute on function
  analytics.require_member(uuid), analytics.leaderboard(uuid, text, integer), analytics.peer_comparison(uuid, uuid),
  analytics.skill_demand(uuid, integer), analytics.org_metrics(uuid), analytics.cohort_metrics(uuid),
  analytics.lesson_effectiveness(uuid, uuid)
from public, anon;
grant execute on function
  analytics.require_member(uuid), analytics.leaderboard(uuid, text, integer), analytics.peer_comparison(uuid, uuid),
  analytics.skill_demand(uuid, integer), analytics.org_metrics(uuid), analytics.cohort_metrics(uuid),
  analytics.lesson_effectiveness(uuid, uuid)
to authenticated, service_role;

------------------------------------------------------------------------------
-- Jobs (one list: pg_cron in production, the dev scheduler locally). Each is
-- idempotent; run_scheduled_job serialises runs of the same job.
------------------------------------------------------------------------------
insert into private.scheduled_jobs (name, schedule, command, description) values
  ('analytics_rollup', '*/5 * * * *', 'select analytics.run_rollup()',
   'incremental rollup of new raw events (ingestion watermark) into daily learner/cohort/org rollups, then points, levels, streaks and achievements'),
  ('analytics_nightly', '15 2 * * *', 'select analytics.run_nightly()',
   'streaks of everyone, the six learner analytics snapshots, drop-off predictions, item statistics and the KPI tree for today'),
  ('analytics_refresh_views', '*/15 * * * *', 'select analytics.refresh_views()',
   'refresh (concurrently) leaderboards, peer comparison, skill demand, org, cohort and lesson metrics'),
  ('analytics_expire_predictions', '0 * * * *', 'select analytics.expire_predictions()',
   'delete drop-off predictions older than 48 hours'),
  ('analytics_expire_snapshots', '30 3 * * *', 'select analytics.expire_snapshots()',
   'delete personal analytics snapshots after 7 days and aggregates after 7 years'),
  ('analytics_aggregates', '45 3 * * *', 'select analytics.run_aggregates()',
   'monthly and yearly aggregates (kept 7 years) of this and the previous month and year, from the daily rollups');

select private.schedule_jobs_in_pg_cron();
