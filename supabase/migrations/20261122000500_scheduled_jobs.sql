-- Scheduled jobs (SPEC §6): one list, run by pg_cron in production and by the
-- in-process scheduler of `npm run dev` (db/jobs.ts), both through
-- private.run_scheduled_job(name). The list and the SQL of each job live only
-- here, in private.scheduled_jobs, so the two runners cannot disagree.
--
-- Without a job runner nothing creates raw_events partitions: a week after
-- the last run every learner action would fail for want of today's partition.
-- On Supabase (pg_cron available) this migration registers the jobs with
-- pg_cron; on a PostgreSQL without pg_cron (the embedded one of `npm run dev`
-- and the tests) it registers nothing and the dev scheduler runs the list.

create table private.scheduled_jobs (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{2,62}$'),
  -- When it runs, in cron syntax, UTC (pg_cron's time zone). The dev
  -- scheduler runs every job hourly instead: each is idempotent and cheap.
  schedule text not null check (schedule ~ '^\S+( \S+){4}$'),
  -- One SQL statement, run as the owner role; its result (first column of the
  -- first row, as text) is what run_scheduled_job returns, e.g. how many
  -- partitions it created.
  command text not null,
  description text not null
);
revoke all on table private.scheduled_jobs from public, anon, authenticated;

insert into private.scheduled_jobs (name, schedule, command, description) values
  ('ensure_raw_event_partitions', '5 * * * *', 'select public.ensure_raw_event_partitions(7)',
   'daily raw_events partitions for every day inside the longest raw retention of any organization, up to 7 days ahead'),
  ('ensure_audit_log_partitions', '10 0 * * *', 'select public.ensure_audit_log_partitions(3)',
   'monthly audit_logs partitions from this month to 3 months ahead');

-- Runs one job of the list. Both runners call this, never the command text
-- themselves. Runs of the same job take turns (a dev scheduler pointed at a
-- database where pg_cron also runs the list does no harm).
create function private.run_scheduled_job(job_name text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  job private.scheduled_jobs;
  result text;
begin
  select * into job from private.scheduled_jobs j where j.name = job_name;
  if not found then
    raise exception 'There is no scheduled job named "%"', job_name using errcode = 'SW404';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('private.scheduled_jobs ' || job.name, 0));
  execute job.command into result;
  return result;
end;
$$;

-- Registers every job of the list with pg_cron under its own name, each
-- running `select private.run_scheduled_job('<name>')` on its schedule, and
-- returns how many are registered. Idempotent: a job of the same name is
-- unscheduled first, and jobs of ours (recognised by that command) that left
-- the list are unscheduled. A later migration that changes the list calls it
-- again.
--
-- Only where the server offers pg_cron: pg_available_extensions lists it as
-- soon as its files are installed (Supabase; Debian's postgresql-15-cron);
-- without them (the embedded PostgreSQL of `npm run dev` and the tests) this
-- does nothing and returns 0. pg_cron also needs the server to preload it
-- (shared_preload_libraries, as Supabase does); without that CREATE EXTENSION
-- fails on its undefined cron.database_name setting, and a server in that
-- state gets a warning instead of a failed migration: preload pg_cron,
-- restart, then call this function. Likewise in a database other than the
-- server's cron.database_name. Any other failure is raised.
create function private.schedule_jobs_in_pg_cron()
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
      -- Supabase's documented form; pg_cron keeps its objects in schema cron.
      create extension pg_cron with schema pg_catalog;
    exception when others then
      if sqlerrm like '%cron.database_name%' or sqlerrm like '%shared_preload_libraries%' then
        raise warning 'pg_cron is installed but not preloaded, so scheduled jobs are not registered: add pg_cron to shared_preload_libraries, restart, then run select private.schedule_jobs_in_pg_cron()';
        return 0;
      end if;
      -- pg_cron lives in one database per server (cron.database_name); in
      -- any other (e.g. the test suite's extra databases) it cannot be created.
      if sqlerrm like '%can only create extension in database%' then
        raise warning 'pg_cron runs in another database of this server (%), so scheduled jobs are not registered here', sqlerrm;
        return 0;
      end if;
      raise;
    end;
  end if;
  perform cron.unschedule(c.jobid)
  from cron.job c
  where c.command like 'select private.run_scheduled_job(%'
    and not exists (select 1 from private.scheduled_jobs j where j.name = c.jobname);
  for job in select * from private.scheduled_jobs order by name loop
    perform cron.unschedule(c.jobid) from cron.job c where c.jobname = job.name;
    perform cron.schedule(job.name, job.schedule, format('select private.run_scheduled_job(%L)', job.name));
    registered := registered + 1;
  end loop;
  return registered;
end;
$$;

revoke execute on function private.run_scheduled_job(text), private.schedule_jobs_in_pg_cron()
  from public, anon, authenticated;

select private.schedule_jobs_in_pg_cron();
