-- Reports (seed learning-analytics-database.md, "Reports Table"; SPEC §5
-- Operations): learner, cohort and organization reports in CSV, XLSX and PDF.
--
-- Lifecycle: requested (a member asked, in their own RLS-scoped transaction)
-- → pending (the worker re-checked, at generation time, that the requester
-- may still export it and that its subject still exists; otherwise failed
-- with the reason) → processing (claimed by one worker, `for update skip
-- locked`) → completed (file stored, downloadable for 7 days) | failed (with
-- the reason shown on the page); completed → expired by the expire_reports
-- job, which deletes the file. Generation needs Node libraries (exceljs,
-- pdfkit), so it runs in the Node worker (lib/reports/worker.ts), never in the
-- page request; this migration gives it the SQL steps.
--
-- Who sees a report: holders of reports.export in its organization, and of
-- that only what they may read anyway: organization reports need
-- analytics.view_org; cohort and learner reports need cohorts.view_all, or
-- teaching that cohort / that learner (SPEC: a trainer exports a cohort
-- report). Another organization's report id is simply not there (RLS).

-- A trainer exports the reports of the cohorts they teach (SPEC §2 roles).
insert into public.role_permissions (role, permission) values ('trainer', 'reports.export')
on conflict do nothing;

create table public.reports (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- Null once the requester is erased from the organization (the report stays the organization's).
  requested_by uuid references public.profiles (id) on delete set null default auth.uid(),
  report_type text not null check (report_type in ('learner', 'cohort', 'organization')),
  -- The learner (profile id) or cohort the report is about; null for organization reports.
  subject_id uuid,
  format text not null check (format in ('csv', 'xlsx', 'pdf')),
  -- {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}: the period activity and scores are counted in.
  parameters jsonb not null default '{}'::jsonb check (jsonb_typeof(parameters) = 'object'),
  status text not null default 'requested'
    check (status in ('requested', 'pending', 'processing', 'completed', 'failed', 'expired')),
  error text check (char_length(error) <= 1000),
  file_name text,
  content_type text,
  byte_size integer check (byte_size >= 0),
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  expires_at timestamptz,
  constraint reports_subject check ((report_type = 'organization') = (subject_id is null)),
  constraint reports_failed_has_reason check (status <> 'failed' or error is not null),
  constraint reports_completed_expiry check (status <> 'completed' or (completed_at is not null and expires_at is not null))
);
create index reports_org_created_idx on public.reports (organization_id, created_at desc);
-- The worker's queue and the expiry job.
create index reports_queue_idx on public.reports (created_at) where status in ('requested', 'pending', 'processing');
create index reports_expiry_idx on public.reports (expires_at) where status = 'completed';
create index reports_subject_idx on public.reports (organization_id, subject_id);
create index reports_requested_by_idx on public.reports (requested_by);

-- The generated file, apart so that listing reports never reads the bytes.
create table public.report_files (
  report_id uuid primary key references public.reports (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  content bytea not null
);
create index report_files_org_idx on public.report_files (organization_id);

-- A report's subject belongs to its organization: a cohort of it, or a learner
-- who is a member of it. Cross-tenant ids are refused, not stored. And one
-- organization cannot flood the shared worker: at most 20 of its reports wait
-- or run at once.
create function private.check_report_subject()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  if (select count(*) from public.reports r
      where r.organization_id = new.organization_id and r.status in ('requested', 'pending', 'processing')) >= 20 then
    raise exception 'Your organization already has 20 reports being generated; wait for them to finish'
      using errcode = 'SW429';
  end if;
  if new.report_type = 'cohort' and not exists (
       select 1 from public.cohorts c where c.id = new.subject_id and c.organization_id = new.organization_id) then
    raise exception 'That cohort was not found in this organization' using errcode = 'SW404';
  end if;
  if new.report_type = 'learner' and not exists (
       select 1 from public.memberships m where m.user_id = new.subject_id and m.organization_id = new.organization_id) then
    raise exception 'That learner was not found in this organization' using errcode = 'SW404';
  end if;
  return new;
end;
$$;
create trigger reports_subject_in_org before insert on public.reports
  for each row execute function private.check_report_subject();

-- Whether `member` may export a report of this kind on this subject in `org`:
-- the rule of the policies below, for one named member (the worker re-checks
-- the requester with it before generating, as they may have been demoted).
create function private.member_may_export_report(member uuid, org uuid, kind text, subject uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  with perms as (
    select rp.permission
    from public.memberships m
    join public.role_permissions rp on rp.role = m.role
    where m.organization_id = org and m.user_id = member)
  select exists (select 1 from perms where permission = 'reports.export')
    and case kind
      when 'organization' then exists (select 1 from perms where permission = 'analytics.view_org')
      when 'cohort' then exists (select 1 from perms where permission = 'cohorts.view_all')
        or (exists (select 1 from perms where permission = 'cohorts.view')
            and exists (select 1 from public.cohort_trainers ct
                        where ct.cohort_id = subject and ct.user_id = member and ct.organization_id = org))
      when 'learner' then exists (select 1 from perms where permission = 'cohorts.view_all')
        or (exists (select 1 from perms where permission = 'cohorts.view')
            and exists (select 1 from public.cohort_trainers ct
                        join public.enrollments e on e.cohort_id = ct.cohort_id
                        where ct.user_id = member and ct.organization_id = org and e.user_id = subject))
      else false
    end
$$;

------------------------------------------------------------------------------
-- The worker's steps (service role; lib/reports/worker.ts)
------------------------------------------------------------------------------
-- Claims the oldest report waiting for generation: first moves requested
-- reports to pending (or failed, with the reason, when the requester may no
-- longer export it or its subject is gone), then takes one pending report
-- with `for update skip locked`, so concurrent workers never take the same
-- one, and marks it processing. Returns nothing when the queue is empty.
-- `only_org` limits it to one organization (tests running side by side).
create function private.claim_report(only_org uuid default null)
returns setof public.reports
language plpgsql security definer set search_path = ''
as $$
declare
  claimed public.reports;
begin
  with waiting as (
    select r.id,
      case
        when r.report_type = 'cohort' and not exists (
               select 1 from public.cohorts c where c.id = r.subject_id and c.organization_id = r.organization_id)
          then 'The cohort of this report no longer exists'
        when r.report_type = 'learner' and not exists (
               select 1 from public.memberships m where m.user_id = r.subject_id and m.organization_id = r.organization_id)
          then 'The learner of this report is no longer a member of the organization'
        when r.requested_by is null
          or not private.member_may_export_report(r.requested_by, r.organization_id, r.report_type, r.subject_id)
          then 'The person who requested this report may no longer export it'
      end as problem
    from public.reports r
    where r.status = 'requested' and (only_org is null or r.organization_id = only_org)
    for update skip locked)
  update public.reports r
  set status = case when w.problem is null then 'pending' else 'failed' end,
      error = w.problem,
      completed_at = case when w.problem is null then null else now() end
  from waiting w
  where r.id = w.id;

  select * into claimed from public.reports r
  where r.status = 'pending' and (only_org is null or r.organization_id = only_org)
  order by r.created_at
  limit 1
  for update skip locked;
  if not found then
    return;
  end if;
  update public.reports r
  set status = 'processing', started_at = now(), attempts = r.attempts + 1
  where r.id = claimed.id
  returning * into claimed;
  return next claimed;
end;
$$;

-- Stores a claimed report's file and completes it: downloadable for 7 days.
create function private.complete_report(report uuid, file bytea, name text, mime text)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
  org uuid;
begin
  update public.reports r
  set status = 'completed', completed_at = now(), expires_at = now() + interval '7 days',
      file_name = name, content_type = mime, byte_size = octet_length(file), error = null
  where r.id = report and r.status = 'processing'
  returning r.organization_id into org;
  if not found then
    raise exception 'Report % is not being processed', report using errcode = 'SW409';
  end if;
  insert into public.report_files (report_id, organization_id, content) values (report, org, file)
  on conflict (report_id) do update set content = excluded.content;
end;
$$;

-- Marks a claimed report failed with the reason shown to the requester.
create function private.fail_report(report uuid, reason text)
returns void
language sql security definer set search_path = ''
as $$
  update public.reports r
  set status = 'failed', completed_at = now(), error = left(coalesce(nullif(btrim(reason), ''), 'Generation failed'), 1000)
  where r.id = report and r.status in ('pending', 'processing')
$$;

-- The scheduled job (private.scheduled_jobs): completed reports past their
-- expiry lose their file and become expired; reports stuck in processing for
-- 15 minutes (a worker that died mid-way) fail with a reason, so the page never
-- shows "processing" forever. Returns how many reports it expired.
create function private.expire_reports()
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  expired integer;
begin
  with gone as (
    update public.reports r set status = 'expired'
    where r.status = 'completed' and r.expires_at <= now()
    returning r.id)
  delete from public.report_files f using gone where f.report_id = gone.id;
  get diagnostics expired = row_count;
  update public.reports r
  set status = 'failed', completed_at = now(),
      error = 'Generation did not finish within 15 minutes; request the report again'
  where r.status = 'processing' and r.started_at < now() - interval '15 minutes';
  return expired;
end;
$$;

revoke execute on function
  private.check_report_subject(), private.member_may_export_report(uuid, uuid, text, uuid),
  private.claim_report(uuid), private.complete_report(uuid, bytea, text, text), private.fail_report(uuid, text),
  private.expire_reports()
from public, anon, authenticated;

insert into private.scheduled_jobs (name, schedule, command, description) values
  ('expire_reports', '20 * * * *', 'select private.expire_reports()',
   'completed reports older than 7 days lose their file and become expired; reports stuck in processing fail');
select private.schedule_jobs_in_pg_cron();

------------------------------------------------------------------------------
-- Grants and row-level security
------------------------------------------------------------------------------
revoke all on table public.reports, public.report_files from anon, authenticated;
grant select on public.reports, public.report_files to authenticated;
-- A request names only what the requester chooses; the status, requester,
-- timestamps and file are the system's.
grant insert (organization_id, report_type, subject_id, format, parameters) on public.reports to authenticated;

alter table public.reports enable row level security;
alter table public.reports force row level security;
alter table public.report_files enable row level security;
alter table public.report_files force row level security;

create policy reports_read on public.reports for select to authenticated
  using (
    organization_id in (select public.orgs_with_permission('reports.export'))
    and case report_type
      when 'organization' then organization_id in (select public.orgs_with_permission('analytics.view_org'))
      when 'cohort' then organization_id in (select public.orgs_with_permission('cohorts.view_all'))
        or subject_id in (select public.taught_cohort_ids())
      else organization_id in (select public.orgs_with_permission('cohorts.view_all'))
        or (organization_id, subject_id) in (select t.organization_id, t.user_id from public.taught_learners() t)
    end);
create policy reports_request on public.reports for insert to authenticated
  with check (
    requested_by = (select auth.uid())
    and status = 'requested'
    and organization_id in (select public.orgs_with_permission('reports.export'))
    and case report_type
      when 'organization' then organization_id in (select public.orgs_with_permission('analytics.view_org'))
      when 'cohort' then organization_id in (select public.orgs_with_permission('cohorts.view_all'))
        or subject_id in (select public.taught_cohort_ids())
      else organization_id in (select public.orgs_with_permission('cohorts.view_all'))
        or (organization_id, subject_id) in (select t.organization_id, t.user_id from public.taught_learners() t)
    end);

-- A file is readable with its report.
create policy report_files_read on public.report_files for select to authenticated
  using (report_id in (select r.id from public.reports r));
