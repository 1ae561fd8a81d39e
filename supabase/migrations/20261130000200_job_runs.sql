-- The job-run log (issue 7) and two housekeeping jobs (issue 8 item 8).
--
-- Every run of a scheduled job, successful or not, leaves one row in
-- private.job_runs: which job, when it started and finished, ok or failed,
-- its result (the first column of its statement's first row, as text, e.g.
-- how many partitions it created) or its error. A failing job's own work is
-- rolled back (it runs in a sub-block, i.e. a subtransaction), but its run is
-- recorded all the same:
--   * private.run_scheduled_job(name) (function) runs the job in a sub-block,
--     records the run in the caller's transaction and returns the result; a
--     failed run is recorded and returns null with a WARNING carrying the error
--     (raising would roll the record back with the caller's transaction).
--   * private.run_job(name) (procedure) is what both runners call — pg_cron
--     (`call private.run_job('<name>')`) and the dev scheduler (db/jobs.ts,
--     outside any transaction). It calls the function, COMMITs, and then, if
--     the run failed, raises the job's error: pg_cron's cron.job_run_details
--     says "failed" with the message, the dev scheduler logs it as failed, and
--     the committed record stays.
-- Only the owner role reads the log (it names jobs and their errors, which can
-- quote data); runs older than 30 days are pruned by a job of the list.

create table private.job_runs (
  id bigint generated always as identity primary key,
  job text not null,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  status text not null check (status in ('ok', 'failed')),
  -- ok: the job's result as text (may be null); failed: null.
  result text,
  -- failed: "SQLSTATE: message" of the error; ok: null.
  error text,
  check ((status = 'ok') = (error is null)),
  check (finished_at >= started_at)
);
create index job_runs_job_idx on private.job_runs (job, started_at desc);
create index job_runs_started_idx on private.job_runs (started_at);
revoke all on table private.job_runs from public, anon, authenticated, service_role;
revoke all on sequence private.job_runs_id_seq from public, anon, authenticated, service_role;

-- Runs one job of the list and records the run (see above). Runs of the same
-- job take turns (advisory lock held to the end of the caller's transaction).
-- The id of the run's row is left in the transaction-local setting
-- senseiiwyze.job_run_id, for the procedure and db/jobs.ts to read its status.
create or replace function private.run_scheduled_job(job_name text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  job private.scheduled_jobs;
  started timestamptz;
  outcome text;
  failure text;
  run_id bigint;
begin
  select * into job from private.scheduled_jobs j where j.name = job_name;
  if not found then
    raise exception 'There is no scheduled job named "%"', job_name using errcode = 'SW404';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('private.scheduled_jobs ' || job.name, 0));
  started := clock_timestamp();
  begin
    execute job.command into outcome;
  exception when others then
    -- The sub-block's subtransaction is rolled back: none of the job's work stays.
    get stacked diagnostics failure = message_text;
    failure := sqlstate || ': ' || failure;
    outcome := null;
  end;
  insert into private.job_runs (job, started_at, finished_at, status, result, error)
  values (job.name, started, greatest(clock_timestamp(), started),
          case when failure is null then 'ok' else 'failed' end, outcome, failure)
  returning id into run_id;
  perform set_config('senseiiwyze.job_run_id', run_id::text, true);
  if failure is not null then
    raise warning 'Scheduled job % failed: %', job.name, failure;
  end if;
  return outcome;
end;
$$;

-- What the runners call: the run, committed, then the job's error if it
-- failed. A procedure (not a function) so it can COMMIT; therefore neither
-- SECURITY DEFINER nor SET search_path (PostgreSQL forbids transaction control
-- with either), and every name is schema-qualified. CALL it outside an
-- explicit transaction block (pg_cron does; so does db/jobs.ts runAllJobs).
create procedure private.run_job(job_name text, inout result text default null)
language plpgsql
as $$
declare
  run_id bigint;
  run_status text;
  run_error text;
begin
  result := private.run_scheduled_job(job_name);
  run_id := nullif(pg_catalog.current_setting('senseiiwyze.job_run_id', true), '')::bigint;
  select r.status, r.error into run_status, run_error from private.job_runs r where r.id = run_id;
  commit;
  if run_status = 'failed' then
    raise exception 'Scheduled job % failed: %', job_name, run_error using errcode = 'SW500';
  end if;
end;
$$;

-- Deletes runs that started more than keep_days ago; returns how many.
create function private.prune_job_runs(keep_days integer default 30)
returns integer
language sql
set search_path = ''
as $$
  with gone as (
    delete from private.job_runs r where r.started_at < now() - make_interval(days => keep_days) returning 1)
  select count(*)::integer from gone
$$;

-- Sign-in attempts are read only inside the rate-limit windows of
-- db/queries/auth-users.ts (the longest is SIGN_IN_WINDOW_MINUTES, 15 minutes
-- today); older rows serve nobody. The job keeps a day — far beyond any
-- window, so a longer window or a backoff added later still finds its rows
-- (tests/integration/job-runs.test.ts fails if a window outgrows it) — and
-- deletes the rest; returns how many.
create function private.prune_sign_in_attempts(keep interval default interval '1 day')
returns integer
language sql
set search_path = ''
as $$
  with gone as (
    delete from private.sign_in_attempts a where a.attempted_at < now() - keep returning 1)
  select count(*)::integer from gone
$$;

revoke execute on function private.run_scheduled_job(text), private.prune_job_runs(integer),
  private.prune_sign_in_attempts(interval)
  from public, anon, authenticated, service_role;
revoke execute on procedure private.run_job(text, text) from public, anon, authenticated, service_role;

insert into private.scheduled_jobs (name, schedule, command, description) values
  ('prune_job_runs', '20 3 * * *', 'select private.prune_job_runs(30)',
   'deletes job-run log rows (private.job_runs) older than 30 days'),
  ('prune_sign_in_attempts', '25 * * * *', 'select private.prune_sign_in_attempts(interval ''1 day'')',
   'deletes sign-in attempts (private.sign_in_attempts) older than a day, far beyond the longest rate-limit window');

-- Registration now schedules `call private.run_job('<name>')`; jobs of ours
-- are recognised by either command form (the old one is replaced here).
create or replace function private.schedule_jobs_in_pg_cron()
returns integer
language plpgsql
set search_path = ''
as $$
declare
  job private.scheduled_jobs;
  registered integer := 0;
begin
  if not exists (select 1 from pg_catalog.pg_available_extensions where name = 'pg_cron') then
    raise notice 'pg_cron is not available here: scheduled jobs are not registered (npm run dev runs them in-process)';
    return 0;
  end if;
  if not exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron') then
    begin
      create extension pg_cron with schema pg_catalog;
    exception when others then
      if sqlerrm like '%cron.database_name%' or sqlerrm like '%shared_preload_libraries%' then
        raise warning 'pg_cron is installed but not preloaded, so scheduled jobs are not registered: add pg_cron to shared_preload_libraries, restart, then run select private.schedule_jobs_in_pg_cron()';
        return 0;
      end if;
      if sqlerrm like '%can only create extension in database%' then
        raise warning 'pg_cron runs in another database of this server (%), so scheduled jobs are not registered here', sqlerrm;
        return 0;
      end if;
      raise;
    end;
  end if;
  perform cron.unschedule(c.jobid)
  from cron.job c
  where (c.command like 'select private.run_scheduled_job(%' or c.command like 'call private.run_job(%')
    and not exists (select 1 from private.scheduled_jobs j where j.name = c.jobname);
  for job in select * from private.scheduled_jobs order by name loop
    perform cron.unschedule(c.jobid) from cron.job c where c.jobname = job.name;
    perform cron.schedule(job.name, job.schedule, format('call private.run_job(%L)', job.name));
    registered := registered + 1;
  end loop;
  return registered;
end;
$$;
revoke execute on function private.schedule_jobs_in_pg_cron() from public, anon, authenticated, service_role;

select private.schedule_jobs_in_pg_cron();
