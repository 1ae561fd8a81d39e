-- The security-definer helpers that only RLS policies (and the server's own
-- queries) need move out of `public` into schema `authz`, which the Supabase
-- Data API does not expose: in `public` PostgREST offers every function the
-- caller may execute as an RPC (/rest/v1/rpc/has_permission …), so a
-- signed-in user could probe who holds which role in which organization, and
-- Supabase's splinter linter flags each one (lints 0028/0029).
--
-- Policies, views and triggers follow a moved function by OID. Function
-- BODIES name them as text (`public.is_member(org)`, with search_path ''),
-- so every body that names a moved helper by its old name is rewritten. That
-- is done generically over pg_proc, not per function, because migrations that
-- run before this one (in parallel branches) add functions calling
-- `public.is_member(...)` and friends; tests/integration/authz-catalog.test.ts
-- fails if any body still names a moved helper under its old name.
--
-- authenticated keeps USAGE on authz and EXECUTE on the helpers: a policy
-- runs its functions as the querying role. anon gets nothing (every policy
-- that calls a helper is TO authenticated).

create schema if not exists authz;
revoke all on schema authz from public;
grant usage on schema authz to authenticated, service_role;

-- The helpers that move, and the rewrite of function bodies naming them by
-- their old name. A function (not an inline DO block) so that the test suite
-- can plant a function written the old way and check the rewrite on it.
create function private.moved_rls_helpers()
returns text[]
language sql immutable
set search_path = ''
as $$
  select array[
    'is_member', 'has_role', 'has_permission', 'is_owner', 'user_org_ids', 'orgs_with_permission',
    'co_member_ids', 'taught_cohort_ids', 'enrolled_cohort_ids', 'taught_learners', 'teaches_learner',
    'visible_course_ids']::text[]
$$;

-- Rewrites every function whose body names a moved helper as public.<name>
-- (also "public"."name" and mixes) to authz.<name>; returns how many. Not
-- preceded by an identifier character (so mypublic.is_member is left alone)
-- nor followed by one (so public.is_member_of is left alone).
create function private.rewrite_moved_helper_calls()
returns integer
language plpgsql
set search_path = ''
as $$
declare
  old_name constant text :=
    '(^|[^[:alnum:]_."])"?public"?\."?(' || array_to_string(private.moved_rls_helpers(), '|') || ')"?($|[^[:alnum:]_])';
  fn record;
  definition text;
  rewritten integer := 0;
begin
  for fn in
    select p.oid
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname not in ('pg_catalog', 'information_schema')
      and p.prokind in ('f', 'p')
      and p.prosrc ~ old_name
      -- Only functions this role may replace (ours, not the platform's), and
      -- not those of extensions: those are theirs to maintain.
      and pg_catalog.pg_has_role(p.proowner, 'USAGE')
      and not exists (select 1 from pg_catalog.pg_depend d
                      where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  loop
    definition := pg_catalog.pg_get_functiondef(fn.oid);
    -- Twice: two adjacent matches share the separator character between them.
    definition := regexp_replace(definition, old_name, '\1authz.\2\3', 'g');
    definition := regexp_replace(definition, old_name, '\1authz.\2\3', 'g');
    -- CREATE OR REPLACE keeps the function's OID, owner and grants.
    execute definition;
    rewritten := rewritten + 1;
  end loop;
  return rewritten;
end;
$$;
revoke execute on function private.moved_rls_helpers(), private.rewrite_moved_helper_calls()
  from public, anon, authenticated;

do $$
declare fn record;
begin
  for fn in
    select p.oid::regprocedure as signature
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.proname = any (private.moved_rls_helpers())
  loop
    execute format('alter function %s set schema authz', fn.signature);
  end loop;
end $$;

select private.rewrite_moved_helper_calls();

-- Moved functions keep their grants (EXECUTE for authenticated and
-- service_role, revoked from PUBLIC and anon); stated again so this file says
-- what holds, whatever a parallel migration granted in between.
do $$
declare fn record;
begin
  for fn in
    select p.oid::regprocedure as signature
    from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'authz'
  loop
    execute format('revoke execute on function %s from public, anon', fn.signature);
    execute format('grant execute on function %s to authenticated, service_role', fn.signature);
  end loop;
end $$;
