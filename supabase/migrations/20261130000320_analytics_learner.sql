-- Analytics core, part 3: the nightly computations — the six learner
-- analytics of seed 004 (velocity, skill gaps, engagement, mastery,
-- performance, content effectiveness), the predictive cache (drop-off risk,
-- completion forecast, next-best lesson), item analysis per question and the
-- org/cohort KPI tree — plus the 7-year monthly/yearly aggregates and the
-- expiry of the personal layers. Each reads rollups and the learning tables
-- (never raw_events, which may already be dropped), is idempotent for a given
-- day (an upsert keyed by day) and runs as the owner from the job list.
--
-- "d" below is the snapshot day (UTC); "the last 28 days" are d−27 … d.

------------------------------------------------------------------------------
-- The population: learners (any role) of an organization who are enrolled in
-- one of its cohorts or were active in the last 90 days, and still members.
------------------------------------------------------------------------------
create function analytics.population(d date)
returns table (organization_id uuid, user_id uuid)
language sql stable
set search_path = ''
as $$
  select distinct x.organization_id, x.user_id
  from (
    select en.organization_id, en.user_id from public.enrollments en
    union
    select r.organization_id, r.user_id from public.learner_daily_rollups r where r.day > d - 90 and r.day <= d
  ) x
  join public.memberships m on m.organization_id = x.organization_id and m.user_id = x.user_id
$$;

------------------------------------------------------------------------------
-- Learner analytics snapshot of day d, one row per learner (seed 004).
--
-- 1. Velocity (lessons per week):
--    current_pace  = lessons completed in the last 28 days / 4;
--    previous_pace = lessons completed in the 28 days before that / 4;
--    trend_percentage = 100 · (current − previous) / previous (null when
--      previous = 0); trend_direction = accelerating if current > 1.1 ·
--      previous, declining if current < 0.9 · previous, else stable;
--    target_pace = Σ over unfinished enrollments of remaining lessons /
--      max(weeks to the due date, 1), the due date being the enrollment's
--      due_on or else its cohort's ends_on: the pace that finishes every
--      enrolled course on time;
--    status = not_enrolled (no unfinished enrollment), on_track when nothing
--      remains, ahead if current ≥ 1.1 · target, on_track if ≥ 0.9 · target,
--      else behind;
--    estimated completion = d + ceil(7 · remaining / current) days (null when
--      current = 0 and lessons remain).
-- 2. Skill gaps: skills required by the courses of unfinished enrollments
--    (course_skills) and by active goals (goal_skills); a gap is a required
--    skill with mastery < 70 (the Proficient bracket); critical below 40;
--    gap = 70 − mastery; each names the lesson that closes it: the first
--    lesson (section, then lesson order) tagged with the skill that the
--    learner has not completed, in an enrolled course first, else in any
--    published course of the organization. Sorted by gap, largest first.
-- 3. Engagement over the last 28 days (from daily rollups):
--    score = round(100 · (0.4 · min(active_days / 12, 1)
--                        + 0.3 · min(active_minutes / 240, 1)
--                        + 0.3 · min(sessions / 16, 1)))       in 0–100,
--    i.e. full marks at 3 active days, 1 hour and 4 sessions a week;
--    sessions_per_week = sessions / 4; avg_session_minutes = minutes /
--    sessions; by_type = events per type; weekly_trend = the same score for
--    each of the last 4 weeks (targets 3 days, 60 minutes, 4 sessions),
--    oldest first; trend = rising if the last week ≥ mean of the 3 before + 5,
--    falling if ≤ mean − 5, else stable. minutes_7d, active_days_7d feed the
--    burnout KPI.
-- 4. Mastery (user_skills, maintained by scoring: 0.6 · attempt skill score +
--    0.4 · previous, lib/assessments/scoring.ts nextMastery): per skill, with
--    mastered (≥ 70), in progress (0 < m < 70) and distribution beginner
--    (< 30) / intermediate (30–69.99) / advanced (≥ 70); mastery_avg = mean.
-- 5. Performance over graded attempts: avg_score, assessments_taken,
--    pass_rate = 100 · passed / graded; by_skill = 100 · Σ points awarded /
--    Σ question points per skill; recent_scores = last 5; recent_avg = mean
--    of the last 3, previous_avg = mean of the 3 before; trend = improving if
--    recent ≥ previous + 5, declining if ≤ previous − 5, stable otherwise,
--    insufficient_data with fewer than 4 graded attempts.
-- 6. Content effectiveness: for each graded attempt, the lessons of the same
--    course the learner completed in the 14 days before submitting "precede"
--    it; per lesson, the mean score of the attempts it preceded and its lift
--    (that mean − the learner's avg_score); most/least effective = top/bottom
--    3 by mean; by_content_type compares attempts preceded by a completed
--    lesson, by a completed practice task (an activity of the course), or by
--    neither.
------------------------------------------------------------------------------
create function analytics.run_snapshots(d date default (now() at time zone 'utc')::date)
returns integer
language plpgsql
set search_path = ''
-- The per-category parts below are joined on (organization, learner); their
-- row estimates after grouping are poor (1 instead of thousands), and nested
-- loops over them went quadratic (70 s for 2,500 learners): hash joins only.
set enable_nestloop = off
set work_mem = '64MB'
as $$
declare
  written integer;
begin
  with pop as (
    select * from analytics.population(d)
  ),
  act as (
    select p.organization_id, p.user_id,
           coalesce(sum(r.lessons_completed) filter (where r.day > d - 28), 0) as l28,
           coalesce(sum(r.lessons_completed) filter (where r.day <= d - 28), 0) as lprev,
           count(*) filter (where r.day > d - 28 and r.events > 0) as active_days,
           coalesce(sum(r.active_minutes) filter (where r.day > d - 28), 0) as minutes,
           coalesce(sum(r.sessions) filter (where r.day > d - 28), 0) as sessions,
           count(*) filter (where r.day > d - 7 and r.events > 0) as active_days_7d,
           coalesce(sum(r.active_minutes) filter (where r.day > d - 7), 0) as minutes_7d,
           max(r.day) filter (where r.events > 0) as last_active
    from pop p
    left join public.learner_daily_rollups r
      on r.organization_id = p.organization_id and r.user_id = p.user_id and r.day > d - 56 and r.day <= d
    group by p.organization_id, p.user_id
  ),
  course_lessons as (
    select l.course_id, count(*) as total from public.lessons l group by l.course_id
  ),
  done as (
    select lp.user_id, lp.course_id, count(*) as done
    from public.lesson_progress lp
    join public.lessons l on l.id = lp.lesson_id
    where lp.completed_at is not null
    group by lp.user_id, lp.course_id
  ),
  enr as (
    select p.organization_id, p.user_id,
           count(en.id) filter (where en.completed_at is null) as active_enrollments,
           coalesce(sum(coalesce(cl.total, 0) - coalesce(dn.done, 0)) filter (where en.completed_at is null), 0) as remaining,
           coalesce(sum((coalesce(cl.total, 0) - coalesce(dn.done, 0)) / greatest((coalesce(en.due_on, co.ends_on) - d) / 7.0, 1))
                      filter (where en.completed_at is null), 0) as target,
           count(en.id) filter (where en.completed_at is null and coalesce(en.due_on, co.ends_on) < d) as overdue
    from pop p
    left join public.enrollments en on en.organization_id = p.organization_id and en.user_id = p.user_id
    left join public.cohorts co on co.id = en.cohort_id
    left join course_lessons cl on cl.course_id = en.course_id
    left join done dn on dn.user_id = en.user_id and dn.course_id = en.course_id
    group by p.organization_id, p.user_id
  ),
  vel as (
    select a.organization_id, a.user_id, round(a.l28 / 4.0, 2) as pace, round(a.lprev / 4.0, 2) as previous_pace,
           round(e.target, 2) as target, e.remaining, e.active_enrollments, e.overdue
    from act a join enr e using (organization_id, user_id)
  ),
  week_scores as (
    select p.organization_id, p.user_id, g.week,
           round(100 * (0.4 * least(count(r.day) filter (where r.events > 0) / 3.0, 1)
                      + 0.3 * least(coalesce(sum(r.active_minutes), 0) / 60.0, 1)
                      + 0.3 * least(coalesce(sum(r.sessions), 0) / 4.0, 1)))::integer as score
    from pop p
    cross join generate_series(0, 3) g(week)
    left join public.learner_daily_rollups r
      on r.organization_id = p.organization_id and r.user_id = p.user_id
     and r.day > d - 28 + 7 * g.week and r.day <= d - 21 + 7 * g.week
    group by p.organization_id, p.user_id, g.week
  ),
  weeks as (
    select w.organization_id, w.user_id,
           jsonb_agg(w.score order by w.week) as scores,
           (array_agg(w.score order by w.week desc))[1] as last_week,
           avg(w.score) filter (where w.week < 3) as earlier
    from week_scores w
    group by w.organization_id, w.user_id
  ),
  types as (
    select t.organization_id, t.user_id, jsonb_object_agg(t.key, t.n order by t.key) as by_type
    from (
      select r.organization_id, r.user_id, kv.key, sum(kv.value::integer) as n
      from public.learner_daily_rollups r
      join pop p on p.organization_id = r.organization_id and p.user_id = r.user_id
      cross join jsonb_each_text(r.events_by_type) kv
      where r.day > d - 28 and r.day <= d
      group by r.organization_id, r.user_id, kv.key
    ) t
    group by t.organization_id, t.user_id
  ),
  mastery as (
    select p.organization_id, p.user_id,
           round(avg(us.mastery), 2) as mastery_avg,
           jsonb_build_object(
             'mastered', count(us.skill_id) filter (where us.mastery >= 70),
             'in_progress', count(us.skill_id) filter (where us.mastery > 0 and us.mastery < 70),
             'distribution', jsonb_build_object(
               'beginner', count(us.skill_id) filter (where us.mastery < 30),
               'intermediate', count(us.skill_id) filter (where us.mastery >= 30 and us.mastery < 70),
               'advanced', count(us.skill_id) filter (where us.mastery >= 70)),
             'skills', coalesce(jsonb_agg(jsonb_build_object(
                 'skill_id', us.skill_id, 'name', s.name, 'mastery', us.mastery,
                 'last_assessed_at', us.last_assessed_at) order by s.name) filter (where us.skill_id is not null), '[]'::jsonb)
           ) as detail
    from pop p
    left join public.user_skills us on us.organization_id = p.organization_id and us.user_id = p.user_id
    left join public.skills s on s.id = us.skill_id
    group by p.organization_id, p.user_id
  ),
  required as (
    select x.organization_id, x.user_id, x.skill_id, array_agg(distinct x.source order by x.source) as sources
    from (
      select en.organization_id, en.user_id, cs.skill_id, 'course' as source
      from public.enrollments en
      join public.course_skills cs on cs.course_id = en.course_id
      where en.completed_at is null
      union all
      select g.organization_id, g.user_id, gs.skill_id, 'goal'
      from public.goals g
      join public.goal_skills gs on gs.goal_id = g.id
      where g.status = 'active'
    ) x
    join pop p on p.organization_id = x.organization_id and p.user_id = x.user_id
    group by x.organization_id, x.user_id, x.skill_id
  ),
  gaps as (
    select rq.organization_id, rq.user_id,
           count(*) as total,
           count(*) filter (where coalesce(us.mastery, 0) < 40) as critical,
           jsonb_agg(jsonb_build_object(
             'skill_id', rq.skill_id, 'name', s.name, 'mastery', coalesce(us.mastery, 0), 'target', 70,
             'gap', 70 - coalesce(us.mastery, 0), 'critical', coalesce(us.mastery, 0) < 40, 'sources', rq.sources,
             'lesson_id', cl.id, 'lesson_title', cl.title, 'course_id', cl.course_id)
             order by 70 - coalesce(us.mastery, 0) desc, s.name) as list
    from required rq
    join public.skills s on s.id = rq.skill_id
    left join public.user_skills us on us.user_id = rq.user_id and us.skill_id = rq.skill_id
    left join lateral (
      select l.id, l.title, l.course_id
      from public.lesson_skills ls
      join public.lessons l on l.id = ls.lesson_id
      join public.course_sections cs on cs.id = l.section_id
      join public.courses c on c.id = l.course_id
      left join public.enrollments en on en.course_id = l.course_id and en.user_id = rq.user_id
      where ls.skill_id = rq.skill_id
        and (c.status = 'published' or en.id is not null)
        and not exists (select 1 from public.lesson_progress lp
                        where lp.lesson_id = l.id and lp.user_id = rq.user_id and lp.completed_at is not null)
      order by (en.id is null), cs.position, l.position, l.id
      limit 1
    ) cl on true
    where coalesce(us.mastery, 0) < 70
    group by rq.organization_id, rq.user_id
  ),
  graded as (
    select at.organization_id, at.user_id, at.id, at.assessment_id, a.title, a.course_id, at.score, at.passed,
           at.submitted_at, row_number() over (partition by at.organization_id, at.user_id
                                               order by at.submitted_at desc, at.id) as recency
    from public.assessment_attempts at
    join public.assessments a on a.id = at.assessment_id
    join pop p on p.organization_id = at.organization_id and p.user_id = at.user_id
    where at.status = 'graded' and at.score is not null
  ),
  perf as (
    select g.organization_id, g.user_id,
           round(avg(g.score), 2) as avg_score,
           count(*) as taken,
           round(100.0 * count(*) filter (where g.passed) / count(*), 2) as pass_rate,
           round(avg(g.score) filter (where g.recency <= 3), 2) as recent_avg,
           round(avg(g.score) filter (where g.recency between 4 and 6), 2) as previous_avg,
           jsonb_agg(jsonb_build_object('attempt_id', g.id, 'assessment_id', g.assessment_id, 'title', g.title,
                                        'score', g.score, 'passed', g.passed, 'submitted_at', g.submitted_at)
                     order by g.submitted_at desc, g.id) filter (where g.recency <= 5) as recent
    from graded g
    group by g.organization_id, g.user_id
  ),
  perf_skill as (
    select x.organization_id, x.user_id,
           jsonb_agg(jsonb_build_object('skill_id', x.skill_id, 'name', x.name, 'score', x.score, 'answers', x.n)
                     order by x.name) as by_skill
    from (
      select an.organization_id, an.user_id, q.skill_id, s.name,
             round(100 * sum(an.points_awarded) / sum(q.points), 2) as score, count(*) as n
      from public.answers an
      join public.assessment_attempts at on at.id = an.attempt_id and at.status = 'graded'
      join public.questions q on q.id = an.question_id
      join public.skills s on s.id = q.skill_id
      join pop p on p.organization_id = an.organization_id and p.user_id = an.user_id
      where an.points_awarded is not null
      group by an.organization_id, an.user_id, q.skill_id, s.name
    ) x
    group by x.organization_id, x.user_id
  ),
  preceding as (
    select g.organization_id, g.user_id, g.id as attempt_id, g.score, lp.lesson_id, l.title
    from graded g
    join public.lesson_progress lp on lp.user_id = g.user_id and lp.course_id = g.course_id
     and lp.completed_at is not null
     and lp.completed_at <= g.submitted_at and lp.completed_at > g.submitted_at - interval '14 days'
    join public.lessons l on l.id = lp.lesson_id
  ),
  per_lesson as (
    select pr.organization_id, pr.user_id, pr.lesson_id, pr.title, round(avg(pr.score), 2) as mean, count(*) as n
    from preceding pr group by pr.organization_id, pr.user_id, pr.lesson_id, pr.title
  ),
  by_kind as (
    select g.organization_id, g.user_id,
           case when g.id in (select pr.attempt_id from preceding pr) then 'lesson'
                when exists (select 1 from public.task_completions tc
                             join public.tasks t on t.id = tc.task_id
                             join public.activities ac on ac.id = t.activity_id
                             where tc.user_id = g.user_id and ac.course_id = g.course_id
                               and tc.completed_at <= g.submitted_at
                               and tc.completed_at > g.submitted_at - interval '14 days') then 'practice_task'
                else 'none' end as kind,
           g.score
    from graded g
  ),
  ranked_lessons as (
    select pl.*, pf.avg_score,
           row_number() over (partition by pl.organization_id, pl.user_id order by pl.mean desc, pl.title) as top_rank,
           row_number() over (partition by pl.organization_id, pl.user_id order by pl.mean, pl.title) as bottom_rank
    from per_lesson pl
    left join perf pf on pf.organization_id = pl.organization_id and pf.user_id = pl.user_id
  ),
  lesson_lists as (
    select rl.organization_id, rl.user_id,
           jsonb_agg(jsonb_build_object('lesson_id', rl.lesson_id, 'title', rl.title, 'mean_score', rl.mean,
                                        'attempts', rl.n, 'lift', rl.mean - rl.avg_score)
                     order by rl.mean desc, rl.title) filter (where rl.top_rank <= 3) as most,
           jsonb_agg(jsonb_build_object('lesson_id', rl.lesson_id, 'title', rl.title, 'mean_score', rl.mean,
                                        'attempts', rl.n, 'lift', rl.mean - rl.avg_score)
                     order by rl.mean, rl.title) filter (where rl.bottom_rank <= 3) as least
    from ranked_lessons rl
    group by rl.organization_id, rl.user_id
  ),
  kinds as (
    select k.organization_id, k.user_id,
           jsonb_object_agg(k.kind, jsonb_build_object('mean_score', k.mean, 'attempts', k.n)) as by_kind
    from (select bk.organization_id, bk.user_id, bk.kind, round(avg(bk.score), 2) as mean, count(*) as n
          from by_kind bk group by bk.organization_id, bk.user_id, bk.kind) k
    group by k.organization_id, k.user_id
  ),
  content as (
    select p.organization_id, p.user_id, jsonb_build_object(
      'most_effective', coalesce(ll.most, '[]'::jsonb),
      'least_effective', coalesce(ll.least, '[]'::jsonb),
      'by_content_type', coalesce(k.by_kind, '{}'::jsonb)) as detail
    from pop p
    left join lesson_lists ll on ll.organization_id = p.organization_id and ll.user_id = p.user_id
    left join kinds k on k.organization_id = p.organization_id and k.user_id = p.user_id
  ),
  upserted as (
    insert into public.learner_analytics_snapshots as s
      (organization_id, user_id, snapshot_day, lessons_per_week, target_lessons_per_week, velocity_status,
       estimated_completion_on, engagement_score, skill_gap_count, mastery_avg, avg_score, pass_rate,
       velocity, skill_gaps, engagement, mastery, performance, content_effectiveness, computed_at, expires_at)
    select p.organization_id, p.user_id, d, v.pace,
           case when v.active_enrollments > 0 then v.target end,
           case when v.active_enrollments = 0 then 'not_enrolled'
                when v.remaining = 0 or v.target = 0 then 'on_track'
                when v.pace >= 1.1 * v.target then 'ahead'
                when v.pace >= 0.9 * v.target then 'on_track'
                else 'behind' end,
           case when v.active_enrollments = 0 then null
                when v.remaining = 0 then d
                when v.pace > 0 then d + ceil(7.0 * v.remaining / v.pace)::integer end,
           eng.score, coalesce(gp.total, 0), m.mastery_avg, pf.avg_score, pf.pass_rate,
           jsonb_build_object(
             'current_pace', v.pace, 'previous_pace', v.previous_pace, 'target_pace', v.target,
             'trend_percentage', case when v.previous_pace > 0 then round(100 * (v.pace - v.previous_pace) / v.previous_pace, 2) end,
             'trend_direction', case when v.pace > 1.1 * v.previous_pace then 'accelerating'
                                     when v.pace < 0.9 * v.previous_pace then 'declining' else 'stable' end,
             'remaining_lessons', v.remaining, 'active_enrollments', v.active_enrollments, 'overdue_enrollments', v.overdue),
           jsonb_build_object('total', coalesce(gp.total, 0), 'critical', coalesce(gp.critical, 0),
                              'gaps', coalesce(gp.list, '[]'::jsonb), 'top_priority', gp.list -> 0),
           jsonb_build_object(
             'score', eng.score, 'active_days', a.active_days, 'active_minutes', a.minutes, 'sessions', a.sessions,
             'sessions_per_week', round(a.sessions / 4.0, 2),
             'avg_session_minutes', case when a.sessions > 0 then round(a.minutes / a.sessions, 2) else 0 end,
             'last_active', a.last_active, 'by_type', coalesce(t.by_type, '{}'::jsonb), 'weekly_trend', w.scores,
             'trend', case when w.last_week >= w.earlier + 5 then 'rising'
                           when w.last_week <= w.earlier - 5 then 'falling' else 'stable' end,
             'minutes_7d', a.minutes_7d, 'active_days_7d', a.active_days_7d),
           m.detail,
           jsonb_build_object(
             'avg_score', pf.avg_score, 'assessments_taken', coalesce(pf.taken, 0), 'pass_rate', pf.pass_rate,
             'recent_avg', pf.recent_avg, 'previous_avg', pf.previous_avg,
             'trend', case when coalesce(pf.taken, 0) < 4 then 'insufficient_data'
                           when pf.recent_avg >= pf.previous_avg + 5 then 'improving'
                           when pf.recent_avg <= pf.previous_avg - 5 then 'declining' else 'stable' end,
             'by_skill', coalesce(ps.by_skill, '[]'::jsonb), 'recent_scores', coalesce(pf.recent, '[]'::jsonb)),
           c.detail,
           now(), now() + interval '7 days'
    from pop p
    join act a on a.organization_id = p.organization_id and a.user_id = p.user_id
    join vel v on v.organization_id = p.organization_id and v.user_id = p.user_id
    join weeks w on w.organization_id = p.organization_id and w.user_id = p.user_id
    left join types t on t.organization_id = p.organization_id and t.user_id = p.user_id
    join mastery m on m.organization_id = p.organization_id and m.user_id = p.user_id
    join content c on c.organization_id = p.organization_id and c.user_id = p.user_id
    left join gaps gp on gp.organization_id = p.organization_id and gp.user_id = p.user_id
    left join perf pf on pf.organization_id = p.organization_id and pf.user_id = p.user_id
    left join perf_skill ps on ps.organization_id = p.organization_id and ps.user_id = p.user_id
    cross join lateral (
      select round(100 * (0.4 * least(a.active_days / 12.0, 1) + 0.3 * least(a.minutes / 240.0, 1)
                          + 0.3 * least(a.sessions / 16.0, 1)))::integer as score
    ) eng
    on conflict (organization_id, user_id, snapshot_day) do update set
      lessons_per_week = excluded.lessons_per_week, target_lessons_per_week = excluded.target_lessons_per_week,
      velocity_status = excluded.velocity_status, estimated_completion_on = excluded.estimated_completion_on,
      engagement_score = excluded.engagement_score, skill_gap_count = excluded.skill_gap_count,
      mastery_avg = excluded.mastery_avg, avg_score = excluded.avg_score, pass_rate = excluded.pass_rate,
      velocity = excluded.velocity, skill_gaps = excluded.skill_gaps, engagement = excluded.engagement,
      mastery = excluded.mastery, performance = excluded.performance,
      content_effectiveness = excluded.content_effectiveness, computed_at = excluded.computed_at,
      expires_at = excluded.expires_at
    returning 1
  )
  select count(*) into written from upserted;
  return written;
end;
$$;

------------------------------------------------------------------------------
-- Predictive cache of day d, from that day's snapshots (run_snapshots first).
--
-- Drop-off risk, 0–1 = Σ weight · factor, each factor in 0–1 (compare Moodle
-- Analytics' "Students at risk of dropping out" model, whose indicators are
-- recent activity and engagement, and Open edX Aspects' at-risk learners:
-- inactive for a week and behind on grades):
--   days_inactive    (0.35) = min(days since last activity / 14, 1); a learner
--                     never active counts from their first enrollment;
--   velocity_trend   (0.25) = max(0, min(1, (previous_pace − current_pace) /
--                     previous_pace)), 0 when previous_pace = 0;
--   assessment_trend (0.20) = max(0, min(1, (previous_avg − recent_avg) / 50))
--                     over the last 3 vs the 3 before graded attempts, 0
--                     with fewer than 4;
--   missed_due_dates (0.20) = unfinished enrollments past their due date /
--                     unfinished enrollments.
-- risk_level: high ≥ 0.6, medium ≥ 0.3, low otherwise. Factors are stored
-- with value, weight and contribution, largest first.
-- Completion forecast = the velocity snapshot's estimated completion.
-- Next-best lesson = the lesson closing the learner's top skill gap when it
-- belongs to a course they are enrolled in, else the first lesson not yet
-- completed of their unfinished enrollment due first.
-- Only learners with an unfinished enrollment and without
-- predictions_opt_out; opted-out learners' rows are deleted. Rows expire
-- 48 hours after computation (analytics.expire_predictions).
-- Limits: a heuristic with fixed weights, not a trained model; it sees only
-- activity inside the product.
------------------------------------------------------------------------------
create function analytics.run_predictions(d date default (now() at time zone 'utc')::date)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  written integer;
begin
  delete from public.predictive_analytics_cache pc
  using public.user_preferences up
  where up.organization_id = pc.organization_id and up.user_id = pc.user_id and up.predictions_opt_out;

  with base as (
    select s.organization_id, s.user_id, s.estimated_completion_on, s.skill_gaps, s.velocity, s.performance,
           coalesce((s.engagement ->> 'last_active')::date, upt.last_active_day) as last_active,
           (select min(en.enrolled_at)::date from public.enrollments en
             where en.organization_id = s.organization_id and en.user_id = s.user_id) as first_enrolled
    from public.learner_analytics_snapshots s
    left join public.user_points upt on upt.organization_id = s.organization_id and upt.user_id = s.user_id
    where s.snapshot_day = d
      and (s.velocity ->> 'active_enrollments')::integer > 0
      and not exists (select 1 from public.user_preferences up
                      where up.organization_id = s.organization_id and up.user_id = s.user_id and up.predictions_opt_out)
  ),
  f as (
    select b.*,
           greatest(d - coalesce(b.last_active, b.first_enrolled, d), 0) as days_inactive,
           least(greatest(d - coalesce(b.last_active, b.first_enrolled, d), 0) / 14.0, 1) as f1,
           case when (b.velocity ->> 'previous_pace')::numeric > 0
                then least(greatest(((b.velocity ->> 'previous_pace')::numeric - (b.velocity ->> 'current_pace')::numeric)
                                    / (b.velocity ->> 'previous_pace')::numeric, 0), 1) else 0 end as f2,
           case when (b.performance ->> 'assessments_taken')::integer >= 4
                then least(greatest(((b.performance ->> 'previous_avg')::numeric - (b.performance ->> 'recent_avg')::numeric) / 50, 0), 1)
                else 0 end as f3,
           (b.velocity ->> 'overdue_enrollments')::numeric / (b.velocity ->> 'active_enrollments')::numeric as f4
    from base b
  ),
  scored as (
    select f.*, round(0.35 * f.f1 + 0.25 * f.f2 + 0.20 * f.f3 + 0.20 * f.f4, 3) as risk
    from f
  ),
  upserted as (
    insert into public.predictive_analytics_cache as pc
      (organization_id, user_id, drop_off_risk, risk_level, factors, completion_forecast_on, next_lesson_id,
       next_course_id, computed_at, expires_at)
    select sc.organization_id, sc.user_id, sc.risk,
           case when sc.risk >= 0.6 then 'high' when sc.risk >= 0.3 then 'medium' else 'low' end,
           (select jsonb_agg(x order by (x ->> 'contribution')::numeric desc, x ->> 'factor') from (values
              (jsonb_build_object('factor', 'days_inactive', 'label', 'Days since last activity', 'value', sc.days_inactive,
                                  'weight', 0.35, 'contribution', round(0.35 * sc.f1, 3))),
              (jsonb_build_object('factor', 'velocity_trend', 'label', 'Drop in lessons per week (last 4 weeks vs the 4 before)',
                                  'value', round(sc.f2, 3), 'weight', 0.25, 'contribution', round(0.25 * sc.f2, 3))),
              (jsonb_build_object('factor', 'assessment_trend', 'label', 'Drop in recent assessment scores',
                                  'value', round(sc.f3, 3), 'weight', 0.20, 'contribution', round(0.20 * sc.f3, 3))),
              (jsonb_build_object('factor', 'missed_due_dates', 'label', 'Share of courses past their due date',
                                  'value', round(sc.f4, 3), 'weight', 0.20, 'contribution', round(0.20 * sc.f4, 3)))
            ) v(x)),
           sc.estimated_completion_on,
           coalesce(gap.lesson_id, nxt.lesson_id),
           coalesce(gap.course_id, nxt.course_id),
           now(), now() + interval '48 hours'
    from scored sc
    left join lateral (
      select (sc.skill_gaps -> 'top_priority' ->> 'lesson_id')::uuid as lesson_id,
             (sc.skill_gaps -> 'top_priority' ->> 'course_id')::uuid as course_id
      where exists (select 1 from public.enrollments en
                    where en.user_id = sc.user_id and en.organization_id = sc.organization_id and en.completed_at is null
                      and en.course_id = (sc.skill_gaps -> 'top_priority' ->> 'course_id')::uuid)
    ) gap on true
    left join lateral (
      select l.id as lesson_id, l.course_id
      from public.enrollments en
      join public.cohorts co on co.id = en.cohort_id
      join public.lessons l on l.course_id = en.course_id
      join public.course_sections cs on cs.id = l.section_id
      where en.organization_id = sc.organization_id and en.user_id = sc.user_id and en.completed_at is null
        and not exists (select 1 from public.lesson_progress lp
                        where lp.lesson_id = l.id and lp.user_id = sc.user_id and lp.completed_at is not null)
      order by coalesce(en.due_on, co.ends_on), en.id, cs.position, l.position, l.id
      limit 1
    ) nxt on true
    on conflict (organization_id, user_id) do update set
      drop_off_risk = excluded.drop_off_risk, risk_level = excluded.risk_level, factors = excluded.factors,
      completion_forecast_on = excluded.completion_forecast_on, next_lesson_id = excluded.next_lesson_id,
      next_course_id = excluded.next_course_id, computed_at = excluded.computed_at, expires_at = excluded.expires_at
    returning 1
  )
  select count(*) into written from upserted;
  return written;
end;
$$;

------------------------------------------------------------------------------
-- Item analysis per question, over answers of graded attempts that have a
-- correctness (free-text answers count once a trainer marked them):
--   attempts = n answers; correct = c; difficulty p = c / n (0–1, the
--   classical "p-value": higher = easier);
--   discrimination (point-biserial, −1–1) = (M1 − M0) / s · sqrt(p · (1 − p)),
--     M1/M0 = mean attempt score (0–100) of those who got it right/wrong,
--     s = population standard deviation of the n attempt scores; null when
--     p is 0 or 1 or s = 0 (the uncorrected form: the item is part of the
--     score it is correlated with, which inflates r for short tests);
--   discrimination_ul (Kelley's upper/lower 27 %) = p(upper) − p(lower), the
--     groups being the ceil(0.27 · n) best and worst attempts by score (ties
--     by attempt id); null with fewer than 2 attempts.
-- Test: scores 90 (right), 80 (right), 40 (wrong), 30 (wrong): p = 0.5,
--   M1 = 85, M0 = 35, s = 25, r = 50/25 · 0.5 = 1.0; groups of 2 → 1 − 0 = 1.
------------------------------------------------------------------------------
create function analytics.run_item_stats()
returns integer
language plpgsql
set search_path = ''
as $$
declare
  written integer;
begin
  with a as (
    select an.organization_id, an.question_id, q.assessment_id, an.is_correct, at.score, at.id as attempt_id
    from public.answers an
    join public.assessment_attempts at on at.id = an.attempt_id and at.status = 'graded' and at.score is not null
    join public.questions q on q.id = an.question_id
    where an.is_correct is not null
  ),
  ranked as (
    select a.*, row_number() over (partition by a.question_id order by a.score desc, a.attempt_id) as rn,
           count(*) over (partition by a.question_id) as n
    from a
  ),
  stats as (
    select r.organization_id, r.question_id, r.assessment_id, count(*)::integer as n,
           count(*) filter (where r.is_correct)::integer as c,
           avg(r.score) filter (where r.is_correct) as m1, avg(r.score) filter (where not r.is_correct) as m0,
           stddev_pop(r.score) as s,
           avg(r.is_correct::integer) filter (where r.rn <= ceil(0.27 * r.n)) as p_upper,
           avg(r.is_correct::integer) filter (where r.rn > r.n - ceil(0.27 * r.n)) as p_lower
    from ranked r
    group by r.organization_id, r.question_id, r.assessment_id
  ),
  upserted as (
    insert into public.question_item_stats as qs
      (organization_id, question_id, assessment_id, attempts, correct, difficulty, discrimination, discrimination_ul, computed_at)
    select st.organization_id, st.question_id, st.assessment_id, st.n, st.c,
           round(st.c::numeric / st.n, 4),
           case when st.c > 0 and st.c < st.n and st.s > 0
                then round(((st.m1 - st.m0) / st.s * sqrt((st.c::numeric / st.n) * (1 - st.c::numeric / st.n)))::numeric, 4) end,
           case when st.n >= 2 then round(st.p_upper - st.p_lower, 4) end,
           now()
    from stats st
    on conflict (question_id) do update set
      attempts = excluded.attempts, correct = excluded.correct, difficulty = excluded.difficulty,
      discrimination = excluded.discrimination, discrimination_ul = excluded.discrimination_ul,
      computed_at = excluded.computed_at
    returning 1
  )
  select count(*) into written from upserted;
  return written;
end;
$$;

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
--     velocity ahead or on track. Limit: no leadership assessments exist;
--     this names strong, engaged, on-pace learners.
--   at_risk_count = learners with drop-off risk level high.
--   active_learners_7d/30d = learners with ≥ 1 event in the last 7/30 days.
------------------------------------------------------------------------------
create function analytics.run_kpis(d date default (now() at time zone 'utc')::date)
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
                              and p.velocity_status in ('ahead', 'on_track'))::integer,
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

------------------------------------------------------------------------------
-- Monthly and yearly aggregates (the 7-year layer) of the months and years
-- containing d and the one before, per organization and per cohort, from the
-- daily rollups only (they survive the drop of raw partitions). A period with
-- no rollup rows is left as it is, never zeroed. active_learners = distinct
-- learners with ≥ 1 event in the period; active_days = days with ≥ 1 event.
-- Expires 7 years after the period ends.
------------------------------------------------------------------------------
create function analytics.run_aggregates(d date default (now() at time zone 'utc')::date)
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
-- Nightly: first the rollup (so the snapshots see every finished event even
-- where the rollup job has not run yet, e.g. the dev scheduler's first pass),
-- then streaks of everyone (a streak ends when a day passes without
-- activity, with or without new events), snapshots, predictions, item
-- statistics, KPIs.
------------------------------------------------------------------------------
create function analytics.run_nightly(d date default (now() at time zone 'utc')::date)
returns jsonb
language plpgsql
set search_path = ''
-- A batch job: sorts and hashes of the touched keys' events stay in memory.
set work_mem = '64MB'
as $$
declare
  result jsonb;
begin
  perform pg_advisory_xact_lock(hashtextextended('analytics.run_nightly', 0));
  perform analytics.run_rollup();
  result := jsonb_build_object('user_points', analytics.refresh_user_points(
    coalesce((select jsonb_agg(jsonb_build_object('organization_id', up.organization_id, 'user_id', up.user_id))
              from public.user_points up), '[]'::jsonb), d));
  result := result || jsonb_build_object('snapshots', analytics.run_snapshots(d));
  result := result || jsonb_build_object('predictions', analytics.run_predictions(d));
  result := result || jsonb_build_object('item_stats', analytics.run_item_stats());
  result := result || jsonb_build_object('kpis', analytics.run_kpis(d));
  return result;
end;
$$;

-- Expiry of the personal layers and of 7-year aggregates past their time.
create function analytics.expire_predictions()
returns integer
language sql
set search_path = ''
as $$
  with gone as (delete from public.predictive_analytics_cache where expires_at <= now() returning 1)
  select count(*)::integer from gone
$$;

create function analytics.expire_snapshots()
returns integer
language sql
set search_path = ''
as $$
  with snapshots as (delete from public.learner_analytics_snapshots where expires_at <= now() returning 1),
       aggregates as (delete from public.aggregated_analytics where expires_at <= now() returning 1)
  select ((select count(*) from snapshots) + (select count(*) from aggregates))::integer
$$;

revoke execute on function
  analytics.population(date), analytics.run_snapshots(date), analytics.run_predictions(date),
  analytics.run_item_stats(), analytics.run_kpis(date), analytics.run_aggregates(date), analytics.run_nightly(date),
  analytics.expire_predictions(), analytics.expire_snapshots()
from public, anon, authenticated;
