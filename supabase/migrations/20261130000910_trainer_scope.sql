-- A trainer reads a learner's records only for the courses of the cohorts
-- they teach. The learning migration opened them through taught_learners(),
-- i.e. every record of a taught learner in the organization: a trainer of
-- cohort A (course X) read the same learner's attempts, answers and progress
-- in course Y, taught by someone else. The pages never showed it, but on
-- Supabase the Data API serves every row the `authenticated` role may read.
--
-- The reach is now (learner, course) pairs: an enrollment of that learner in
-- a cohort the caller teaches (authz.taught_cohort_ids(): only while they may
-- still view cohorts in its organization) opens that learner's records of
-- that cohort's course, and nothing else. Records not tied to a course
-- (practice activities without one) stay with the learner and org admins.
-- Org admins (cohorts.view_all) and the learner themselves keep full reach.
--
-- authz.taught_learners() and authz.teaches_learner() are left in place for
-- callers outside these policies, but no learner-record policy uses them.

-- (organization, learner, course) of every enrollment in a cohort the caller teaches.
create function authz.taught_enrollments()
returns table (organization_id uuid, user_id uuid, course_id uuid)
language sql stable security definer set search_path = ''
as $$
  select distinct e.organization_id, e.user_id, e.course_id
  from public.enrollments e
  where e.cohort_id in (select authz.taught_cohort_ids())
$$;

-- Attempts of taught learners at assessments of the course they are taught.
create function authz.taught_attempt_ids()
returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select at.id
  from authz.taught_enrollments() t
  join public.assessments a on a.course_id = t.course_id and a.organization_id = t.organization_id
  join public.assessment_attempts at on at.assessment_id = a.id and at.user_id = t.user_id
$$;

-- (learner, task) pairs: tasks of the activities of the course they are taught.
create function authz.taught_learner_tasks()
returns table (user_id uuid, task_id uuid)
language sql stable security definer set search_path = ''
as $$
  select distinct t.user_id, tk.id
  from authz.taught_enrollments() t
  join public.activities ac on ac.course_id = t.course_id and ac.organization_id = t.organization_id
  join public.tasks tk on tk.activity_id = ac.id
$$;

-- (organization, learner, skill): the skills of the course they are taught.
create function authz.taught_learner_skills()
returns table (organization_id uuid, user_id uuid, skill_id uuid)
language sql stable security definer set search_path = ''
as $$
  select distinct t.organization_id, t.user_id, cs.skill_id
  from authz.taught_enrollments() t
  join public.course_skills cs on cs.course_id = t.course_id
$$;

revoke execute on function
  authz.taught_enrollments(), authz.taught_attempt_ids(), authz.taught_learner_tasks(), authz.taught_learner_skills()
from public, anon;
grant execute on function
  authz.taught_enrollments(), authz.taught_attempt_ids(), authz.taught_learner_tasks(), authz.taught_learner_skills()
to authenticated, service_role;

drop policy lesson_progress_read on public.lesson_progress;
create policy lesson_progress_read on public.lesson_progress for select to authenticated
  using (user_id = (select auth.uid())
      or (organization_id, user_id, course_id) in (
           select t.organization_id, t.user_id, t.course_id from authz.taught_enrollments() t)
      or organization_id in (select authz.orgs_with_permission('cohorts.view_all')));

drop policy assessment_attempts_read on public.assessment_attempts;
create policy assessment_attempts_read on public.assessment_attempts for select to authenticated
  using (user_id = (select auth.uid())
      or id in (select authz.taught_attempt_ids())
      or organization_id in (select authz.orgs_with_permission('cohorts.view_all')));

drop policy answers_read on public.answers;
create policy answers_read on public.answers for select to authenticated
  using (user_id = (select auth.uid())
      or attempt_id in (select authz.taught_attempt_ids())
      or organization_id in (select authz.orgs_with_permission('cohorts.view_all')));

drop policy task_completions_read on public.task_completions;
create policy task_completions_read on public.task_completions for select to authenticated
  using (user_id = (select auth.uid())
      or (user_id, task_id) in (select t.user_id, t.task_id from authz.taught_learner_tasks() t)
      or organization_id in (select authz.orgs_with_permission('cohorts.view_all')));

drop policy user_skills_read on public.user_skills;
create policy user_skills_read on public.user_skills for select to authenticated
  using (user_id = (select auth.uid())
      or (organization_id, user_id, skill_id) in (
           select t.organization_id, t.user_id, t.skill_id from authz.taught_learner_skills() t)
      or organization_id in (select authz.orgs_with_permission('cohorts.view_all')));
