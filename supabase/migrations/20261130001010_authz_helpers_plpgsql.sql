-- The row-level-security helpers in schema authz become PL/pgSQL functions,
-- with the same queries, results and grants (CREATE OR REPLACE keeps each
-- function's OID, owner and grants, so the policies calling them stay as
-- they are).
--
-- Why: a SECURITY DEFINER function is never inlined into the query that calls
-- it, and PostgreSQL 15 plans the statement of a LANGUAGE sql function anew on
-- every call, while PL/pgSQL keeps its plans for the session. A policy's
-- `x in (select authz.helper())` runs the helper once per statement, so every
-- statement a user ran paid one planning per helper of every table it read —
-- most of what RLS cost over the service role (1.4–2.5× on the page queries,
-- 1.84× on the trainer's cohort analytics; `npm run bench`). Measured on the
-- demo data, one call of taught_cohort_ids() went from ~200 µs to ~30 µs and
-- taught_learners() from ~430 µs to ~110–180 µs.
--
-- ROWS: what each set-returning helper returns for one caller, roughly (an
-- organization or two; a trainer's few cohorts and their learners). The
-- planner's default guess for a function is 1,000 rows, and with it the
-- helpers that join on others — taught_enrollments() on taught_cohort_ids(),
-- taught_attempt_ids() on taught_enrollments() — hash-joined whole tables:
-- at the large benchmark size taught_attempt_ids() read all 207k attempts
-- (12 ms a call, warm) where an index reaches the trainer's 121 (1 ms).
--
-- `#variable_conflict use_column`: in PL/pgSQL the output columns of
-- RETURNS TABLE are variables; every column below is qualified anyway, and
-- this says which one a bare name would mean.

create or replace function authz.user_org_ids()
returns setof uuid
language plpgsql stable security definer set search_path = ''
rows 2
as $$
begin
  return query
  select m.organization_id from public.memberships m where m.user_id = (select auth.uid());
end;
$$;

create or replace function authz.co_member_ids()
returns setof uuid
language plpgsql stable security definer set search_path = ''
rows 500
as $$
begin
  return query
  select distinct other.user_id
  from public.memberships mine
  join public.memberships other on other.organization_id = mine.organization_id
  where mine.user_id = (select auth.uid());
end;
$$;

create or replace function authz.orgs_with_permission(perm text)
returns setof uuid
language plpgsql stable security definer set search_path = ''
rows 2
as $$
begin
  return query
  select m.organization_id
  from public.memberships m
  join public.role_permissions rp on rp.role = m.role
  where m.user_id = (select auth.uid()) and rp.permission = perm;
end;
$$;

create or replace function authz.has_permission(org uuid, perm text)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.memberships m
    join public.role_permissions rp on rp.role = m.role
    where m.organization_id = org and m.user_id = (select auth.uid()) and rp.permission = perm);
end;
$$;

create or replace function authz.has_role(org uuid, role_name text)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()) and m.role = role_name);
end;
$$;

create or replace function authz.is_member(org uuid)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()));
end;
$$;

create or replace function authz.is_owner(org uuid)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()) and m.is_owner);
end;
$$;

create or replace function authz.enrolled_cohort_ids()
returns setof uuid
language plpgsql stable security definer set search_path = ''
rows 10
as $$
begin
  return query
  select e.cohort_id from public.enrollments e where e.user_id = (select auth.uid());
end;
$$;

create or replace function authz.taught_cohort_ids()
returns setof uuid
language plpgsql stable security definer set search_path = ''
rows 10
as $$
begin
  return query
  select ct.cohort_id
  from public.cohort_trainers ct
  join public.memberships m on m.organization_id = ct.organization_id and m.user_id = ct.user_id
  join public.role_permissions rp on rp.role = m.role and rp.permission = 'cohorts.view'
  where ct.user_id = (select auth.uid());
end;
$$;

create or replace function authz.taught_learners()
returns table (organization_id uuid, user_id uuid)
language plpgsql stable security definer set search_path = ''
rows 100
as $$
#variable_conflict use_column
begin
  return query
  select distinct e.organization_id, e.user_id
  from public.enrollments e
  where e.cohort_id in (select authz.taught_cohort_ids());
end;
$$;

create or replace function authz.teaches_learner(learner uuid)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (select 1 from authz.taught_learners() t where t.user_id = learner);
end;
$$;

create or replace function authz.taught_enrollments()
returns table (organization_id uuid, user_id uuid, course_id uuid)
language plpgsql stable security definer set search_path = ''
rows 100
as $$
#variable_conflict use_column
begin
  return query
  select distinct e.organization_id, e.user_id, e.course_id
  from public.enrollments e
  where e.cohort_id in (select authz.taught_cohort_ids());
end;
$$;

create or replace function authz.taught_attempt_ids()
returns setof uuid
language plpgsql stable security definer set search_path = ''
rows 500
as $$
begin
  return query
  select at.id
  from authz.taught_enrollments() t
  join public.assessments a on a.course_id = t.course_id and a.organization_id = t.organization_id
  join public.assessment_attempts at on at.assessment_id = a.id and at.user_id = t.user_id;
end;
$$;

create or replace function authz.taught_learner_tasks()
returns table (user_id uuid, task_id uuid)
language plpgsql stable security definer set search_path = ''
rows 800
as $$
#variable_conflict use_column
begin
  return query
  select distinct t.user_id, tk.id
  from authz.taught_enrollments() t
  join public.activities ac on ac.course_id = t.course_id and ac.organization_id = t.organization_id
  join public.tasks tk on tk.activity_id = ac.id;
end;
$$;

create or replace function authz.taught_learner_skills()
returns table (organization_id uuid, user_id uuid, skill_id uuid)
language plpgsql stable security definer set search_path = ''
rows 500
as $$
#variable_conflict use_column
begin
  return query
  select distinct t.organization_id, t.user_id, cs.skill_id
  from authz.taught_enrollments() t
  join public.course_skills cs on cs.course_id = t.course_id;
end;
$$;

create or replace function authz.visible_course_ids()
returns setof uuid
language plpgsql stable security definer set search_path = ''
rows 20
as $$
begin
  return query
  select c.id from public.courses c
  where c.organization_id in (select authz.user_org_ids())
    and (c.status = 'published' or c.organization_id in (select authz.orgs_with_permission('courses.manage')));
end;
$$;
