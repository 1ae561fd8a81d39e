-- The audit log names people and things, and covers API keys, course
-- publishing, grading and billing.
--
-- Every entry keeps who acted and what it was about as text at the time of
-- the change (actor_name, actor_email, subject): a UUID tells an admin
-- nothing, and a removed member's profile is no longer readable to them (or
-- deleted), but what they did stays legible. public.audit_row_change (tenancy
-- migration) still writes each row; the BEFORE INSERT trigger below refines
-- it in the same statement: a precise action ("api_key.revoked" rather than
-- "api_key.updated"), the names, secrets and bulky text removed, and the
-- grader as actor when grading runs as the service role.

alter table public.audit_logs
  add column actor_name text,
  add column actor_email text,
  add column subject text;

-- Filters of the viewer: by actor, by action, newest first.
create index audit_logs_org_actor_created_idx on public.audit_logs (organization_id, actor_id, created_at desc);
create index audit_logs_org_action_created_idx on public.audit_logs (organization_id, action, created_at desc);

------------------------------------------------------------------------------
-- Names: "Full Name <email>", or the email alone
------------------------------------------------------------------------------
create function private.person_label(person uuid)
returns text
language sql stable security definer set search_path = ''
as $$
  select case when btrim(p.full_name) = '' then p.email else p.full_name || ' <' || p.email || '>' end
  from public.profiles p where p.id = person
$$;

-- What an entry is about, in words, from the row as it was logged.
create function private.audit_subject(resource text, row_values jsonb)
returns text
language sql stable security definer set search_path = ''
as $$
  select case resource
    when 'membership' then
      coalesce(private.person_label((row_values ->> 'user_id')::uuid), 'a deleted user') || ' as ' || (row_values ->> 'role')
    when 'invitation' then (row_values ->> 'email') || ' as ' || (row_values ->> 'role')
    when 'api_key' then (row_values ->> 'name') || ' (' || (row_values ->> 'key_prefix') || '…)'
    when 'course' then row_values ->> 'title'
    when 'answer' then (
      select coalesce(private.person_label(a.user_id), 'a deleted user') || '''s answer in ' || s.title
      from public.answers a
      join public.assessment_attempts t on t.id = a.attempt_id
      join public.assessments s on s.id = t.assessment_id
      where a.id = (row_values ->> 'id')::uuid)
    when 'subscription' then
      coalesce((select p.name from public.plans p where p.id = row_values ->> 'plan_id'), 'unknown plan')
      || ' plan, ' || (row_values ->> 'quantity') || ' seats, ' || (row_values ->> 'status')
    when 'order' then coalesce('invoice ' || (row_values ->> 'invoice_number'), row_values ->> 'stripe_id')
    when 'billing_customer' then coalesce(row_values ->> 'email', row_values ->> 'stripe_customer_id')
    when 'billing' then
      coalesce((select p.name from public.plans p where p.id = row_values ->> 'plan_id'), row_values ->> 'plan_id')
      || ' plan, ' || (row_values ->> 'seats') || ' seats, ' || (row_values ->> 'interval') || 'ly'
  end
$$;

create function private.refine_audit_entry()
returns trigger language plpgsql security definer set search_path = ''
as $$
declare
  before_row jsonb := new.old_values;
  after_row jsonb := new.new_values;
  headers jsonb;
begin
  -- Secrets and bulky free text are never kept (token_hash is already dropped).
  new.old_values := new.old_values - 'key_hash' - 'description' - 'response';
  new.new_values := new.new_values - 'key_hash' - 'description' - 'response';

  if new.action like '%.updated' and before_row is not null and after_row is not null then
    new.action := new.resource_type || '.' || case
      when new.resource_type = 'api_key' and before_row ->> 'revoked_at' is null and after_row ->> 'revoked_at' is not null then 'revoked'
      when new.resource_type = 'course' and before_row ->> 'status' is distinct from after_row ->> 'status' then
        case after_row ->> 'status' when 'published' then 'published' else 'unpublished' end
      when new.resource_type = 'answer' and before_row ->> 'graded_at' is distinct from after_row ->> 'graded_at' then 'graded'
      when new.resource_type = 'subscription' and after_row ->> 'status' = 'canceled'
        and before_row ->> 'status' is distinct from 'canceled' then 'canceled'
      when new.resource_type = 'subscription' and before_row ->> 'plan_id' is distinct from after_row ->> 'plan_id' then 'plan_changed'
      when new.resource_type = 'subscription' and before_row ->> 'quantity' is distinct from after_row ->> 'quantity' then 'seats_changed'
      when new.resource_type = 'subscription' and before_row ->> 'status' is distinct from after_row ->> 'status' then 'status_changed'
      else 'updated' end;
  end if;

  -- Grading runs as the service role after the grader's right was checked
  -- under RLS (db/queries/attempts.ts): the grader is the row's graded_by.
  if new.actor_id is null and new.resource_type = 'answer' then
    new.actor_id := (after_row ->> 'graded_by')::uuid;
  end if;

  if new.actor_id is not null then
    select p.full_name, p.email into new.actor_name, new.actor_email from public.profiles p where p.id = new.actor_id;
  end if;
  new.subject := left(coalesce(new.subject, private.audit_subject(new.resource_type, coalesce(after_row, before_row))), 300);

  -- Entries written directly (app.record_billing_request) take the request's
  -- address and user agent the same way audit_row_change does.
  if new.ip_address is null and new.user_agent is null then
    headers := nullif(current_setting('request.headers', true), '')::jsonb;
    begin
      new.ip_address := btrim(split_part(headers ->> 'x-forwarded-for', ',', 1))::inet;
    exception when others then
      new.ip_address := null;
    end;
    new.user_agent := left(headers ->> 'user-agent', 512);
  end if;
  return new;
end;
$$;
create trigger audit_logs_refine before insert on public.audit_logs
  for each row execute function private.refine_audit_entry();

------------------------------------------------------------------------------
-- What is now audited (each in the transaction of the change it records)
------------------------------------------------------------------------------
-- API keys: creation, revocation, renaming, deletion; not the last_used_at
-- bump of every authenticated request.
create trigger api_keys_audit after insert or delete on public.api_keys
  for each row execute function public.audit_row_change('api_key');
create trigger api_keys_audit_change after update on public.api_keys
  for each row
  when (old.revoked_at is distinct from new.revoked_at or old.name is distinct from new.name)
  execute function public.audit_row_change('api_key');

-- Courses: publishing and unpublishing.
create trigger courses_audit_publish after update on public.courses
  for each row when (old.status is distinct from new.status)
  execute function public.audit_row_change('course');

-- Grading: a trainer's points on a free-text answer (not the learner's saves).
create trigger answers_audit_grade after update on public.answers
  for each row when (old.graded_at is distinct from new.graded_at)
  execute function public.audit_row_change('answer');

-- Billing: subscriptions, orders and customers were audited already (as
-- Stripe, actor null: the webhook acts for Stripe). What an admin asks of
-- Stripe (a Checkout, a plan or seat change) is recorded too, as the admin,
-- before Stripe confirms it.
create function app.record_billing_request(org uuid, request_action text, details jsonb)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
  if request_action not in ('checkout_started', 'change_requested') then
    raise exception 'Unknown billing request %', request_action using errcode = 'SW400';
  end if;
  if not exists (
    select 1 from public.memberships m
    join public.role_permissions rp on rp.role = m.role
    where m.organization_id = org and m.user_id = (select auth.uid()) and rp.permission = 'billing.manage') then
    raise exception 'Only members who manage billing can do that' using errcode = 'SW403';
  end if;
  insert into public.audit_logs (organization_id, actor_id, action, resource_type, new_values)
  values (org, (select auth.uid()), 'billing.' || request_action, 'billing',
          jsonb_build_object('plan_id', details ->> 'plan_id', 'seats', details ->> 'seats', 'interval', details ->> 'interval'));
end;
$$;

revoke execute on function private.person_label(uuid), private.audit_subject(text, jsonb), private.refine_audit_entry()
  from public, anon, authenticated;
revoke execute on function app.record_billing_request(uuid, text, jsonb) from public, anon;
grant execute on function app.record_billing_request(uuid, text, jsonb) to authenticated, service_role;

------------------------------------------------------------------------------
-- Entries written before this migration: the same names and actions
------------------------------------------------------------------------------
update public.audit_logs l set
  actor_name = p.full_name,
  actor_email = p.email
from public.profiles p
where p.id = l.actor_id and l.actor_email is null;

update public.audit_logs l set
  subject = left(private.audit_subject(l.resource_type, coalesce(l.new_values, l.old_values)), 300)
where l.subject is null;

update public.audit_logs l set
  action = 'subscription.' || case
    when l.new_values ->> 'status' = 'canceled' and l.old_values ->> 'status' is distinct from 'canceled' then 'canceled'
    when l.old_values ->> 'plan_id' is distinct from l.new_values ->> 'plan_id' then 'plan_changed'
    when l.old_values ->> 'quantity' is distinct from l.new_values ->> 'quantity' then 'seats_changed'
    when l.old_values ->> 'status' is distinct from l.new_values ->> 'status' then 'status_changed'
    else 'updated' end
where l.action = 'subscription.updated';
