-- One policy per action on every table in `public`, and auth.uid() evaluated
-- once per statement. Runs last, generically over pg_policies, so it also
-- covers policies that migrations of parallel branches added before it.
--
-- 1. A `for all` policy also applies to SELECT. Where the table has its own
--    SELECT policy, every read evaluated both (two permissive policies,
--    Supabase lint 0006 "multiple permissive policies"). Each `for all`
--    policy becomes INSERT, UPDATE and DELETE policies with the same
--    conditions; its read condition is OR-ed into the table's one SELECT
--    policy (or becomes the SELECT policy where there is none), so exactly
--    the same rows stay readable. It matters beyond plain reads: INSERT …
--    RETURNING and UPDATE … WHERE also need the row to pass a SELECT policy,
--    e.g. a course just inserted is not yet among visible_course_ids().
-- 2. A bare auth.uid() in a policy runs once per row; wrapped as
--    `(select auth.uid())` it runs once per statement (an InitPlan).
do $$
declare
  pol record;
  using_expr text;
  check_expr text;
  target text;
  roles text;
  kind text;
  base text;
  readers integer;
  reader name;
  reader_qual text;
begin
  for pol in
    select p.schemaname, p.tablename, p.policyname, p.permissive, p.roles, p.qual, p.with_check
    from pg_catalog.pg_policies p
    where p.schemaname = 'public' and p.cmd = 'ALL'
    order by p.tablename, p.policyname
  loop
    target := format('%I.%I', pol.schemaname, pol.tablename);
    roles := (select string_agg(case when r = 'public' then 'public' else quote_ident(r) end, ', ') from unnest(pol.roles) r);
    kind := case when pol.permissive = 'PERMISSIVE' then 'permissive' else 'restrictive' end;
    using_expr := coalesce(pol.qual, pol.with_check);
    check_expr := coalesce(pol.with_check, pol.qual);
    base := left(regexp_replace(pol.policyname, '_(all|write|manage|own)$', ''), 55);

    execute format('drop policy %I on %s', pol.policyname, target);
    select count(*), min(o.policyname), min(o.qual) into readers, reader, reader_qual
    from pg_catalog.pg_policies o
    where o.schemaname = pol.schemaname and o.tablename = pol.tablename
      and o.cmd = 'SELECT' and o.roles && pol.roles;
    if readers = 1 and pol.permissive = 'PERMISSIVE' and exists (
      select 1 from pg_catalog.pg_policies o
      where o.schemaname = pol.schemaname and o.tablename = pol.tablename and o.policyname = reader
        and o.permissive = 'PERMISSIVE' and o.roles = pol.roles) then
      execute format('alter policy %I on %s using ((%s) or (%s))', reader, target, reader_qual, using_expr);
    else
      execute format('create policy %I on %s as %s for select to %s using (%s)',
                     base || '_select', target, kind, roles, using_expr);
    end if;
    execute format('create policy %I on %s as %s for insert to %s with check (%s)',
                   base || '_insert', target, kind, roles, check_expr);
    execute format('create policy %I on %s as %s for update to %s using (%s) with check (%s)',
                   base || '_update', target, kind, roles, using_expr, check_expr);
    execute format('create policy %I on %s as %s for delete to %s using (%s)',
                   base || '_delete', target, kind, roles, using_expr);
  end loop;

  -- pg_get_expr spells `(select auth.uid())` as `( SELECT auth.uid() AS uid)`:
  -- set those aside, wrap every remaining call, put them back.
  for pol in
    select p.schemaname, p.tablename, p.policyname, p.qual, p.with_check
    from pg_catalog.pg_policies p
    where p.schemaname = 'public'
      and (replace(coalesce(p.qual, ''), '( SELECT auth.uid() AS uid)', '') ~ 'auth\.uid\(\)'
        or replace(coalesce(p.with_check, ''), '( SELECT auth.uid() AS uid)', '') ~ 'auth\.uid\(\)')
  loop
    using_expr := replace(replace(replace(pol.qual, '( SELECT auth.uid() AS uid)', '@@uid@@'),
                                  'auth.uid()', '( SELECT auth.uid() AS uid)'), '@@uid@@', '( SELECT auth.uid() AS uid)');
    check_expr := replace(replace(replace(pol.with_check, '( SELECT auth.uid() AS uid)', '@@uid@@'),
                                  'auth.uid()', '( SELECT auth.uid() AS uid)'), '@@uid@@', '( SELECT auth.uid() AS uid)');
    execute format('alter policy %I on %I.%I%s%s', pol.policyname, pol.schemaname, pol.tablename,
                   case when using_expr is not null then format(' using (%s)', using_expr) else '' end,
                   case when check_expr is not null then format(' with check (%s)', check_expr) else '' end);
  end loop;
end $$;
