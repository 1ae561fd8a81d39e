-- Privacy (SPEC §2 learner "choose privacy and prediction opt-outs", issue 9
-- "Privacy"): a member downloads everything the product holds about them in
-- one organization, or asks to be erased from it. Both run in one
-- transaction, as SQL functions of schema `app` (not exposed by the Data API:
-- the app calls them inside the member's RLS-scoped transaction).
--
-- "Everything about them" is found in the catalog, not in a hand-kept list:
-- every table of schema public with both `organization_id` and `user_id`
-- holds rows of one member in one organization (enrollments, progress,
-- attempts, answers, tasks, goals, obstacles, notifications, raw events, and
-- the analytics tables that a later migration adds: rollups per learner,
-- points, achievements, snapshots, predictions, preferences). A table added
-- later is exported and erased without touching this file. The audit trail of
-- their own actions (audit_logs.actor_id) is exported too.
--
-- Erasure deletes those rows, anonymises the member's other traces in the
-- organization (created_by, graded_by, requested_by… set to null; learner
-- reports about them deleted; the invitation with their email deleted), and
-- ends the membership, which releases the seat (seats count memberships).
-- The organization's aggregates (tables without user_id: cohort and
-- organization rollups, monthly aggregates) are left as they are: they hold
-- no one's identity. Caveat for the analytics pipeline: analytics.run_rollup
-- re-derives a day's cohort and organization rollups from the learner rows
-- of that day whenever new events arrive for it, so a day re-derived after an
-- erasure no longer counts the erased member; keeping such days fixed needs
-- the rollup to carry erased contributions forward. The audit log is kept: it is the organization's security
-- record (who changed what), which the erased member's own actions are part of.
-- An owner cannot erase themselves while they are the last owner: the
-- memberships guard refuses, and this function says so first.

create table public.privacy_requests (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  -- Who asked, as it was when they asked: admins answer for the request after
  -- the member is gone from the organization (and its member list).
  email text not null,
  kind text not null check (kind in ('export', 'erasure')),
  -- What was done: rows exported or erased per table.
  details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
  requested_at timestamptz not null default now(),
  completed_at timestamptz
);
create index privacy_requests_org_idx on public.privacy_requests (organization_id, requested_at desc);
create index privacy_requests_user_idx on public.privacy_requests (user_id);

-- Tables of schema public holding one member's rows in one organization:
-- both organization_id and user_id, partitions excluded (their parent is
-- listed). privacy_requests is the record of these requests, not their object.
create function private.personal_tables()
returns setof text
language sql stable set search_path = ''
as $$
  select c.relname::text
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    and c.relname <> 'privacy_requests'
    and exists (select 1 from pg_catalog.pg_attribute a
                where a.attrelid = c.oid and a.attname = 'organization_id' and a.attnum > 0 and not a.attisdropped)
    and exists (select 1 from pg_catalog.pg_attribute a
                where a.attrelid = c.oid and a.attname = 'user_id' and a.attnum > 0 and not a.attisdropped)
  order by 1
$$;

-- Everything the product holds about the caller in `org`, as one JSON document.
create function app.export_my_data(org uuid)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  tbl text;
  rows jsonb;
  tables jsonb := '{}'::jsonb;
  counts jsonb := '{}'::jsonb;
  document jsonb;
begin
  if me is null or not public.is_member(org) then
    raise exception 'You are not a member of this organization' using errcode = 'SW404';
  end if;
  for tbl in select * from private.personal_tables() loop
    execute format(
      'select coalesce(jsonb_agg(to_jsonb(t) - %L), ''[]''::jsonb) from public.%I t where t.organization_id = $1 and t.user_id = $2',
      'token_hash', tbl)
      into rows using org, me;
    tables := tables || jsonb_build_object(tbl, rows);
    counts := counts || jsonb_build_object(tbl, jsonb_array_length(rows));
  end loop;
  select coalesce(jsonb_agg(to_jsonb(a) order by a.created_at), '[]'::jsonb) into rows
  from public.audit_logs a where a.organization_id = org and a.actor_id = me;
  tables := tables || jsonb_build_object('audit_logs (your actions)', rows);
  counts := counts || jsonb_build_object('audit_logs (your actions)', jsonb_array_length(rows));
  select coalesce(jsonb_agg(to_jsonb(p) order by p.requested_at), '[]'::jsonb) into rows
  from public.privacy_requests p where p.organization_id = org and p.user_id = me;
  tables := tables || jsonb_build_object('privacy_requests', rows);

  document := jsonb_build_object(
    'format', 'senseiiwyze.personal-data.v1',
    'exported_at', now(),
    'organization', (select jsonb_build_object('id', o.id, 'name', o.name, 'slug', o.slug)
                     from public.organizations o where o.id = org),
    'profile', (select to_jsonb(p) from public.profiles p where p.id = me),
    'tables', tables);

  insert into public.privacy_requests (organization_id, user_id, email, kind, details, completed_at)
  select org, me, p.email, 'export', jsonb_build_object('rows', counts), now()
  from public.profiles p where p.id = me;
  return document;
end;
$$;

-- Erases the caller from `org` (see the header). Returns rows erased per table.
create function app.erase_me(org uuid)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  my_email text;
  tbl text;
  ref record;
  n integer;
  counts jsonb := '{}'::jsonb;
begin
  if me is null or not public.is_member(org) then
    raise exception 'You are not a member of this organization' using errcode = 'SW404';
  end if;
  if public.is_owner(org) and not exists (
       select 1 from public.memberships m where m.organization_id = org and m.is_owner and m.user_id <> me) then
    raise exception 'You are the only owner of this organization: make someone else owner (Members page) before erasing your data'
      using errcode = 'SW409';
  end if;
  select p.email into my_email from public.profiles p where p.id = me;

  -- Idempotency keys of their events name them (e.g. "lesson_completed:<user>:<lesson>").
  delete from public.raw_event_keys k
  using public.raw_events e
  where e.organization_id = org and e.user_id = me
    and k.organization_id = org and k.idempotency_key = e.idempotency_key;
  get diagnostics n = row_count;
  counts := counts || jsonb_build_object('raw_event_keys', n);

  -- Reports about them are personal; reports they requested stay, anonymised below.
  delete from public.reports r where r.organization_id = org and r.report_type = 'learner' and r.subject_id = me;
  get diagnostics n = row_count;
  counts := counts || jsonb_build_object('reports (about you)', n);

  delete from public.invitations i where i.organization_id = org and i.email = my_email;
  get diagnostics n = row_count;
  counts := counts || jsonb_build_object('invitations', n);

  -- Their own rows; the membership last (it releases the seat, and the
  -- memberships guard and triggers run on it).
  for tbl in select t from private.personal_tables() t where t <> 'memberships' loop
    execute format('delete from public.%I t where t.organization_id = $1 and t.user_id = $2', tbl) using org, me;
    get diagnostics n = row_count;
    counts := counts || jsonb_build_object(tbl, n);
  end loop;

  -- Other references to them in the organization's rows (authorship,
  -- grading, requests): nullable single-column foreign keys to profiles.
  for ref in
    select c.relname::text as tbl, a.attname::text as col
    from pg_catalog.pg_constraint k
    join pg_catalog.pg_class c on c.oid = k.conrelid
    join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
    join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
    where k.contype = 'f' and k.confrelid = 'public.profiles'::regclass and array_length(k.conkey, 1) = 1
      and ns.nspname = 'public' and not a.attnotnull and a.attname <> 'user_id'
      and exists (select 1 from pg_catalog.pg_attribute o
                  where o.attrelid = c.oid and o.attname = 'organization_id' and o.attnum > 0 and not o.attisdropped)
    order by 1, 2
  loop
    execute format('update public.%I t set %I = null where t.organization_id = $1 and t.%I = $2', ref.tbl, ref.col, ref.col)
      using org, me;
    get diagnostics n = row_count;
    if n > 0 then
      counts := counts || jsonb_build_object(ref.tbl || '.' || ref.col, n);
    end if;
  end loop;

  delete from public.memberships m where m.organization_id = org and m.user_id = me;
  counts := counts || jsonb_build_object('memberships', 1);

  insert into public.privacy_requests (organization_id, user_id, email, kind, details, completed_at)
  values (org, me, my_email, 'erasure', jsonb_build_object('rows', counts), now());
  return counts;
end;
$$;

revoke execute on function private.personal_tables() from public, anon, authenticated;
revoke execute on function app.export_my_data(uuid), app.erase_me(uuid) from public, anon;
grant execute on function app.export_my_data(uuid), app.erase_me(uuid) to authenticated, service_role;

revoke all on table public.privacy_requests from anon, authenticated;
grant select on public.privacy_requests to authenticated;
alter table public.privacy_requests enable row level security;
alter table public.privacy_requests force row level security;

-- Members read their own requests; the organization's settings managers
-- (org admins) read who asked and when.
create policy privacy_requests_read on public.privacy_requests for select to authenticated
  using (user_id = (select auth.uid())
      or organization_id in (select public.orgs_with_permission('settings.manage')));
