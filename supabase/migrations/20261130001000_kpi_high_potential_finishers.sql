-- High potential counted learners who have finished every enrolled course as
-- not on pace: their velocity status is not_enrolled (no unfinished
-- enrollment, so no pace to keep), and the rule asked for ahead or on track.
-- The strongest learners — those who finish first — were the ones left out
-- (the demo's KPI showed 0). The rule now excludes only learners behind; a
-- learner never enrolled has no average score (attempts belong to enrolled
-- courses), so the score condition still leaves them out.

------------------------------------------------------------------------------
-- KPI tree of day d (seed senseiiwyze-platform-architecture.md "KPI
-- Calculation Support"), per organization (cohort_id null) and per cohort,
-- over that day's learner snapshots (the cohort's: its enrolled learners):
--   turnover_risk (0–100) = 100 · mean drop-off risk of the learners with a
--     prediction. Limit: a proxy from learning disengagement only — the
--     product holds no HR data (tenure, pay, manager changes); opted-out
--     learners are not in it.
--   burnout_risk (0–100) = 100 · share of learners with ≥ 600 active minutes
--     in the last 7 days, or active all 7 days with a declining performance
--     trend. Limit: learning time only; no working hours or survey answers.
--   productivity_index (0–100) = 0.5 · mean avg_score + 0.5 · mean
--     mastery_avg, each mean over learners who have one (0 when nobody has).
--     Limit: measures learning outcomes, not work output.
--   high_potential_count = learners with avg_score ≥ 85, engagement ≥ 70 and
--     velocity not behind (ahead, on track, or every enrolled course
--     finished). Limit: no leadership assessments exist; this names strong,
--     engaged, on-pace learners.
--   at_risk_count = learners with drop-off risk level high.
--   active_learners_7d/30d = learners with ≥ 1 event in the last 7/30 days.
------------------------------------------------------------------------------
create or replace function analytics.run_kpis(d date default (now() at time zone 'utc')::date)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  written integer;
begin
  with members as (
    select s.organization_id, null::uuid as cohort_id, s.user_id from public.learner_analytics_snapshots s
    where s.snapshot_day = d
    union all
    select s.organization_id, en.cohort_id, s.user_id from public.learner_analytics_snapshots s
    join public.enrollments en on en.organization_id = s.organization_id and en.user_id = s.user_id
    where s.snapshot_day = d
  ),
  per_learner as (
    select m.organization_id, m.cohort_id, m.user_id, s.engagement_score, s.mastery_avg, s.avg_score,
           s.lessons_per_week, s.velocity_status, pc.drop_off_risk, pc.risk_level,
           coalesce((s.engagement ->> 'minutes_7d')::numeric, 0) as minutes_7d,
           coalesce((s.engagement ->> 'active_days_7d')::integer, 0) as active_days_7d,
           s.performance ->> 'trend' as performance_trend,
           (s.engagement ->> 'last_active')::date as last_active
    from members m
    join public.learner_analytics_snapshots s
      on s.organization_id = m.organization_id and s.user_id = m.user_id and s.snapshot_day = d
    left join public.predictive_analytics_cache pc on pc.organization_id = m.organization_id and pc.user_id = m.user_id
  ),
  upserted as (
    insert into public.kpi_snapshots as k
      (organization_id, cohort_id, snapshot_day, learners, active_learners_7d, active_learners_30d, turnover_risk,
       burnout_risk, productivity_index, high_potential_count, at_risk_count, avg_engagement, avg_mastery,
       avg_velocity, details, computed_at)
    select p.organization_id, p.cohort_id, d, count(*)::integer,
           count(*) filter (where p.last_active > d - 7)::integer,
           count(*) filter (where p.last_active > d - 30)::integer,
           round(100 * avg(p.drop_off_risk), 2),
           round(100.0 * count(*) filter (where p.minutes_7d >= 600
                                            or (p.active_days_7d = 7 and p.performance_trend = 'declining')) / count(*), 2),
           round(0.5 * coalesce(avg(p.avg_score), 0) + 0.5 * coalesce(avg(p.mastery_avg), 0), 2),
           count(*) filter (where p.avg_score >= 85 and p.engagement_score >= 70
                              and p.velocity_status is distinct from 'behind')::integer,
           count(*) filter (where p.risk_level = 'high')::integer,
           round(avg(p.engagement_score), 2), round(avg(p.mastery_avg), 2), round(avg(p.lessons_per_week), 2),
           jsonb_build_object(
             'with_prediction', count(p.drop_off_risk),
             'burnout_flagged', count(*) filter (where p.minutes_7d >= 600
                                                   or (p.active_days_7d = 7 and p.performance_trend = 'declining')),
             'velocity', jsonb_build_object(
               'ahead', count(*) filter (where p.velocity_status = 'ahead'),
               'on_track', count(*) filter (where p.velocity_status = 'on_track'),
               'behind', count(*) filter (where p.velocity_status = 'behind'))),
           now()
    from per_learner p
    group by p.organization_id, p.cohort_id
    on conflict (organization_id, cohort_id, snapshot_day) do update set
      learners = excluded.learners, active_learners_7d = excluded.active_learners_7d,
      active_learners_30d = excluded.active_learners_30d, turnover_risk = excluded.turnover_risk,
      burnout_risk = excluded.burnout_risk, productivity_index = excluded.productivity_index,
      high_potential_count = excluded.high_potential_count, at_risk_count = excluded.at_risk_count,
      avg_engagement = excluded.avg_engagement, avg_mastery = excluded.avg_mastery,
      avg_velocity = excluded.avg_velocity, details = excluded.details, computed_at = excluded.computed_at
    returning 1
  )
  select count(*) into written from upserted;
  return written;
end;
$$;
