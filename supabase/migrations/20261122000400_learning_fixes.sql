-- Rules of the learning domain that the learning migration left to the app,
-- moved into the database: in production a learner can call the API
-- (PostgREST) directly with their own token, so what protects an assessment's
-- attempt limit and time limit, or the truth of enrollment progress, must hold
-- there too.

------------------------------------------------------------------------------
-- An attempt's number, start, deadline and state are the server's, never the
-- caller's: a learner inserting an attempt cannot pick a later deadline, skip
-- the attempt limit, open two attempts at once or insert a scored attempt.
-- Security invoker on purpose: it counts the attempts the inserting learner
-- may see (their own, through RLS). Rows written by the owner role (seeding,
-- the demo generator) are trusted as given.
------------------------------------------------------------------------------
create function public.prepare_assessment_attempt()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  limit_minutes integer;
  allowed integer;
  used integer;
begin
  -- Service-role inserts (seeding) keep what they give; an insert for someone
  -- else is left to RLS, which refuses it.
  if current_user <> 'authenticated' or new.user_id is distinct from (select auth.uid()) then
    return new;
  end if;
  -- Two starts of the same learner on the same assessment run one after the other.
  perform pg_advisory_xact_lock(hashtextextended(new.assessment_id::text || ':' || new.user_id::text, 0));
  select a.time_limit_minutes, a.max_attempts into limit_minutes, allowed
  from public.assessments a where a.id = new.assessment_id;
  if exists (
    select 1 from public.assessment_attempts at
    where at.assessment_id = new.assessment_id and at.user_id = new.user_id and at.status = 'in_progress') then
    raise exception 'You already have an attempt in progress: continue or submit it first' using errcode = 'SW409';
  end if;
  select count(*) into used from public.assessment_attempts at
  where at.assessment_id = new.assessment_id and at.user_id = new.user_id;
  if allowed is not null and used >= allowed then
    raise exception 'You have used all % attempts of this assessment', allowed using errcode = 'SW409';
  end if;
  new.attempt_number := used + 1;
  new.started_at := now();
  new.deadline_at := case when limit_minutes is null then null else now() + make_interval(mins => limit_minutes) end;
  new.status := 'in_progress';
  new.submitted_at := null;
  new.score := null;
  new.bracket_key := null;
  new.passed := null;
  return new;
end;
$$;
create trigger assessment_attempts_prepare before insert on public.assessment_attempts
  for each row execute function public.prepare_assessment_attempt();

-- A learner saving an answer sets only the response: correctness, points and
-- feedback are written by the scoring code and trainers (service role).
create function public.clear_learner_answer_grades()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user = 'authenticated' then
    new.is_correct := null;
    new.points_awarded := null;
    new.feedback := null;
    new.graded_by := null;
    new.graded_at := null;
  end if;
  return new;
end;
$$;
create trigger answers_learner_fields before insert on public.answers
  for each row execute function public.clear_learner_answer_grades();

------------------------------------------------------------------------------
-- Enrollment progress (public.course_progress_percent, learning migration)
-- also changes when a course gains or loses a lesson, not only when a learner
-- completes one: recompute it for every enrollment of that course.
------------------------------------------------------------------------------
create function public.refresh_course_progress()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  course uuid;
begin
  if tg_op = 'DELETE' then
    course := old.course_id;
  else
    course := new.course_id;
  end if;
  update public.enrollments e
  set progress_percent = p.percent,
      completed_at = case when p.percent >= 100 then coalesce(e.completed_at, now()) end
  from (
    select e2.id, public.course_progress_percent(e2.user_id, e2.course_id) as percent
    from public.enrollments e2
    where e2.course_id = course
  ) p
  where e.id = p.id;
  return null;
end;
$$;
create trigger lessons_refresh_progress after insert or delete on public.lessons
  for each row execute function public.refresh_course_progress();

revoke execute on function
  public.prepare_assessment_attempt(), public.clear_learner_answer_grades(), public.refresh_course_progress()
from public, anon, authenticated;
