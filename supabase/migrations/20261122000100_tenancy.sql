-- Tenancy: organizations, profiles, memberships, roles and permissions,
-- invitations and the audit log. Every table is protected by forced RLS; the
-- policies call the small security-definer helpers below through
-- `(select …)` so each is evaluated once per statement, not once per row.

create extension if not exists pgcrypto with schema extensions;

-- Errors raised on purpose by this schema use SQLSTATE 'SWnnn' where nnn is the
-- HTTP status the app answers with; the message is shown to the user as is.

------------------------------------------------------------------------------
-- Roles and permissions (global reference data, same for every organization)
------------------------------------------------------------------------------
create table public.roles (
  name text primary key,
  description text not null,
  rank smallint not null unique
);

create table public.role_permissions (
  role text not null references public.roles (name) on delete cascade,
  permission text not null check (permission ~ '^[a-z_]+\.[a-z_]+$'),
  primary key (role, permission)
);

insert into public.roles (name, description, rank) values
  ('learner', 'Takes courses, assessments and activities', 1),
  ('trainer', 'Teaches cohorts and follows their learners', 2),
  ('org_admin', 'Runs members, billing, reports and settings', 3);

insert into public.role_permissions (role, permission) values
  ('learner', 'learning.participate'),
  ('trainer', 'learning.participate'),
  ('trainer', 'cohorts.view'),
  ('trainer', 'cohorts.manage'),
  ('trainer', 'courses.manage'),
  ('org_admin', 'learning.participate'),
  ('org_admin', 'cohorts.view'),
  ('org_admin', 'cohorts.manage'),
  ('org_admin', 'courses.manage'),
  ('org_admin', 'members.manage'),
  ('org_admin', 'billing.manage'),
  ('org_admin', 'reports.export'),
  ('org_admin', 'analytics.view_org'),
  ('org_admin', 'audit.view'),
  ('org_admin', 'settings.manage'),
  ('org_admin', 'api_keys.manage');

------------------------------------------------------------------------------
-- Organizations, profiles, memberships
------------------------------------------------------------------------------
create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 2 and 100),
  slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One profile per auth user, created by the trigger on auth.users below.
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null,
  full_name text not null default '' check (char_length(full_name) <= 120),
  avatar_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index profiles_email_idx on public.profiles (email);

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role text not null references public.roles (name),
  is_owner boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, user_id),
  -- Owners run the organization, so they are always org admins.
  constraint memberships_owner_is_admin check (not is_owner or role = 'org_admin')
);
-- The policy helpers look memberships up by the caller's user id.
create index memberships_user_org_idx on public.memberships (user_id, organization_id) include (role, is_owner);

------------------------------------------------------------------------------
-- Invitations: only a SHA-256 of the token is stored; the token itself is
-- shown once to the inviting admin (and mailed, where a mail server runs).
------------------------------------------------------------------------------
create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role text not null references public.roles (name),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by uuid references public.profiles (id) on delete set null,
  expires_at timestamptz not null default now() + interval '7 days',
  last_sent_at timestamptz not null default now(),
  send_count integer not null default 1 check (send_count >= 1),
  accepted_at timestamptz,
  accepted_by uuid references public.profiles (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
-- At most one open invitation per address and organization.
create unique index invitations_one_open_per_email
  on public.invitations (organization_id, email)
  where accepted_at is null and revoked_at is null;

------------------------------------------------------------------------------
-- Audit log, partitioned by month. Rows are written by triggers (security
-- definer), never by users directly.
------------------------------------------------------------------------------
create table public.audit_logs (
  id bigint generated always as identity,
  organization_id uuid not null,
  actor_id uuid,
  action text not null,
  resource_type text not null,
  resource_id uuid,
  old_values jsonb,
  new_values jsonb,
  ip_address inet,
  user_agent text,
  created_at timestamptz not null default now(),
  primary key (id, created_at)
) partition by range (created_at);
create index audit_logs_org_created_idx on public.audit_logs (organization_id, created_at desc);

-- Catches rows of a month whose partition the scheduler has not created yet,
-- so an audited change never fails for want of a partition.
create table public.audit_logs_default partition of public.audit_logs default;

-- Creates the monthly partitions from this month to `months_ahead` months on.
-- Partitions get no grants: RLS lives on the parent (SPEC §4).
create function public.ensure_audit_log_partitions(months_ahead integer default 3)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  month_start date;
  partition_name text;
  created integer := 0;
begin
  for i in 0 .. months_ahead loop
    month_start := (date_trunc('month', now()) + make_interval(months => i))::date;
    partition_name := format('audit_logs_%s', to_char(month_start, 'YYYY_MM'));
    if to_regclass('public.' || partition_name) is null then
      execute format(
        'create table public.%I partition of public.audit_logs for values from (%L) to (%L)',
        partition_name, month_start, (month_start + interval '1 month')::date);
      execute format('revoke all on table public.%I from anon, authenticated', partition_name);
      created := created + 1;
    end if;
  end loop;
  return created;
end;
$$;
revoke execute on function public.ensure_audit_log_partitions(integer) from public, anon, authenticated;

select public.ensure_audit_log_partitions(3);
revoke all on table public.audit_logs_default from anon, authenticated;

------------------------------------------------------------------------------
-- Policy helpers. STABLE SECURITY DEFINER with an empty search_path, so they
-- read memberships without recursing into memberships' own policies.
------------------------------------------------------------------------------
create function public.user_org_ids()
returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select m.organization_id from public.memberships m where m.user_id = (select auth.uid())
$$;

create function public.orgs_with_permission(perm text)
returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select m.organization_id
  from public.memberships m
  join public.role_permissions rp on rp.role = m.role
  where m.user_id = (select auth.uid()) and rp.permission = perm
$$;

create function public.is_member(org uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()))
$$;

create function public.has_role(org uuid, role_name text)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()) and m.role = role_name)
$$;

create function public.has_permission(org uuid, perm text)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    join public.role_permissions rp on rp.role = m.role
    where m.organization_id = org and m.user_id = (select auth.uid()) and rp.permission = perm)
$$;

create function public.is_owner(org uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()) and m.is_owner)
$$;

-- Users who share at least one organization with the caller (profiles policy).
create function public.co_member_ids()
returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select distinct other.user_id
  from public.memberships mine
  join public.memberships other on other.organization_id = mine.organization_id
  where mine.user_id = (select auth.uid())
$$;

revoke execute on function
  public.user_org_ids(), public.orgs_with_permission(text), public.is_member(uuid),
  public.has_role(uuid, text), public.has_permission(uuid, text), public.is_owner(uuid),
  public.co_member_ids()
from public, anon;
grant execute on function
  public.user_org_ids(), public.orgs_with_permission(text), public.is_member(uuid),
  public.has_role(uuid, text), public.has_permission(uuid, text), public.is_owner(uuid),
  public.co_member_ids()
to authenticated, service_role;

------------------------------------------------------------------------------
-- Triggers
------------------------------------------------------------------------------
create function public.touch_updated_at()
returns trigger language plpgsql set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create trigger organizations_touch before update on public.organizations
  for each row execute function public.touch_updated_at();
create trigger profiles_touch before update on public.profiles
  for each row execute function public.touch_updated_at();
create trigger memberships_touch before update on public.memberships
  for each row execute function public.touch_updated_at();

-- A profile for every auth user (Supabase Auth inserts into auth.users).
create function public.handle_new_auth_user()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, email, full_name)
  values (new.id, lower(new.email), left(coalesce(new.raw_user_meta_data ->> 'full_name', ''), 120));
  return new;
end;
$$;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_auth_user();

create function public.handle_auth_user_email_change()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  update public.profiles set email = lower(new.email) where id = new.id;
  return new;
end;
$$;
create trigger on_auth_user_email_changed after update of email on auth.users
  for each row execute function public.handle_auth_user_email_change();

-- Membership rules the policies cannot express: an organization keeps an
-- owner; only owners change ownership or touch another owner's membership;
-- a membership never moves to another organization or user.
create function public.guard_membership_change()
returns trigger language plpgsql security definer set search_path = ''
as $$
declare
  acting_as_user boolean := (select auth.uid()) is not null;
begin
  if tg_op = 'UPDATE' and (new.organization_id <> old.organization_id or new.user_id <> old.user_id) then
    raise exception 'A membership cannot move to another organization or user' using errcode = 'SW400';
  end if;

  if acting_as_user and old.is_owner and old.user_id <> (select auth.uid())
     and not public.is_owner(old.organization_id) then
    raise exception 'Only an owner can change or remove another owner' using errcode = 'SW403';
  end if;

  if tg_op = 'UPDATE' and acting_as_user and new.is_owner <> old.is_owner
     and not public.is_owner(old.organization_id) then
    raise exception 'Only an owner can change ownership' using errcode = 'SW403';
  end if;

  if tg_op = 'UPDATE' and new.is_owner and new.role <> 'org_admin' then
    if old.is_owner then
      raise exception 'An owner is always an org admin; make someone else owner before changing this role'
        using errcode = 'SW409';
    end if;
    raise exception 'Only org admins can be owners; make them an org admin first' using errcode = 'SW409';
  end if;

  if old.is_owner and (tg_op = 'DELETE' or not new.is_owner) then
    -- Serialise owner changes per organization: two owners leaving at once
    -- must not both see the other as the remaining owner.
    perform 1 from public.organizations o where o.id = old.organization_id for no key update;
  end if;

  if old.is_owner and (tg_op = 'DELETE' or not new.is_owner)
     and exists (select 1 from public.organizations o where o.id = old.organization_id)
     and not exists (
       select 1 from public.memberships m
       where m.organization_id = old.organization_id and m.is_owner and m.id <> old.id) then
    raise exception 'An organization must keep at least one owner; make someone else owner first'
      using errcode = 'SW409';
  end if;

  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end;
$$;
create trigger memberships_guard before update or delete on public.memberships
  for each row execute function public.guard_membership_change();

-- Writes membership and invitation changes to the audit log, with the actor
-- from the JWT claims and ip/user agent from `request.headers` (as PostgREST
-- sets them; the app sets the same setting). Token hashes are never logged.
create function public.audit_row_change()
returns trigger language plpgsql security definer set search_path = ''
as $$
declare
  resource text := tg_argv[0];
  old_row jsonb;
  new_row jsonb;
  verb text := case tg_op when 'INSERT' then 'created' when 'UPDATE' then 'updated' else 'deleted' end;
  headers jsonb := nullif(current_setting('request.headers', true), '')::jsonb;
  client_ip inet;
begin
  if tg_op <> 'INSERT' then old_row := to_jsonb(old) - 'token_hash'; end if;
  if tg_op <> 'DELETE' then new_row := to_jsonb(new) - 'token_hash'; end if;

  if resource = 'invitation' and tg_op = 'UPDATE' then
    verb := case
      when old.accepted_at is null and new.accepted_at is not null then 'accepted'
      when old.revoked_at is null and new.revoked_at is not null then 'revoked'
      when old.token_hash <> new.token_hash then 'resent'
      else 'updated' end;
  end if;

  begin
    client_ip := btrim(split_part(headers ->> 'x-forwarded-for', ',', 1))::inet;
  exception when others then
    client_ip := null;
  end;

  insert into public.audit_logs
    (organization_id, actor_id, action, resource_type, resource_id, old_values, new_values, ip_address, user_agent)
  values (
    (coalesce(new_row, old_row) ->> 'organization_id')::uuid,
    (select auth.uid()),
    resource || '.' || verb,
    resource,
    (coalesce(new_row, old_row) ->> 'id')::uuid,
    old_row,
    new_row,
    client_ip,
    left(headers ->> 'user-agent', 512));
  return null;
end;
$$;
create trigger memberships_audit after insert or update or delete on public.memberships
  for each row execute function public.audit_row_change('membership');
create trigger invitations_audit after insert or update or delete on public.invitations
  for each row execute function public.audit_row_change('invitation');

revoke execute on function
  public.touch_updated_at(), public.handle_new_auth_user(), public.handle_auth_user_email_change(),
  public.guard_membership_change(), public.audit_row_change()
from public, anon, authenticated;

------------------------------------------------------------------------------
-- Operations users may perform that no single-table policy can express.
------------------------------------------------------------------------------

-- Creates an organization with the caller as its owner and org admin.
create function public.create_organization(org_name text, org_slug text)
returns public.organizations
language plpgsql security definer set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  org public.organizations;
begin
  if caller is null then
    raise exception 'Sign in to create an organization' using errcode = 'SW401';
  end if;
  if exists (select 1 from public.organizations o where o.slug = org_slug) then
    raise exception 'The address "%" is taken; choose another', org_slug using errcode = 'SW409';
  end if;
  insert into public.organizations (name, slug, created_by)
  values (btrim(org_name), org_slug, caller)
  returning * into org;
  insert into public.memberships (organization_id, user_id, role, is_owner)
  values (org.id, caller, 'org_admin', true);
  return org;
end;
$$;

-- What an invitation link shows before its holder signs in. Only the holder of
-- the token can find the row (the token is 256 random bits).
create function public.invitation_preview(invite_token text)
returns table (organization_name text, organization_slug text, email text, role text, status text)
language sql stable security definer set search_path = ''
as $$
  select o.name, o.slug, i.email, i.role,
    case
      when i.accepted_at is not null then 'accepted'
      when i.revoked_at is not null then 'revoked'
      when i.expires_at <= now() then 'expired'
      else 'open'
    end
  from public.invitations i
  join public.organizations o on o.id = i.organization_id
  where i.token_hash = encode(extensions.digest(invite_token, 'sha256'), 'hex')
$$;

-- Joins the caller to the invitation's organization with its role.
create function public.accept_invitation(invite_token text)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  caller_email text;
  inv public.invitations;
begin
  if caller is null then
    raise exception 'Sign in to accept the invitation' using errcode = 'SW401';
  end if;

  select * into inv from public.invitations
  where token_hash = encode(extensions.digest(invite_token, 'sha256'), 'hex')
  for update;

  if not found then
    raise exception 'This invitation link is not valid' using errcode = 'SW404';
  end if;
  if inv.accepted_at is not null then
    raise exception 'This invitation has already been used' using errcode = 'SW410';
  end if;
  if inv.revoked_at is not null then
    raise exception 'This invitation was revoked; ask your admin for a new one' using errcode = 'SW410';
  end if;
  if inv.expires_at <= now() then
    raise exception 'This invitation has expired; ask your admin to resend it' using errcode = 'SW410';
  end if;

  select p.email into caller_email from public.profiles p where p.id = caller;
  if caller_email is distinct from inv.email then
    raise exception 'This invitation is for %; sign in with that email to accept it', inv.email
      using errcode = 'SW403';
  end if;
  if exists (select 1 from public.memberships m where m.organization_id = inv.organization_id and m.user_id = caller) then
    raise exception 'You are already a member of this organization' using errcode = 'SW409';
  end if;

  insert into public.memberships (organization_id, user_id, role)
  values (inv.organization_id, caller, inv.role);
  update public.invitations set accepted_at = now(), accepted_by = caller where id = inv.id;
  return inv.organization_id;
end;
$$;

revoke execute on function
  public.create_organization(text, text), public.invitation_preview(text), public.accept_invitation(text)
from public, anon;
grant execute on function public.create_organization(text, text), public.accept_invitation(text)
  to authenticated, service_role;
grant execute on function public.invitation_preview(text) to anon, authenticated, service_role;

------------------------------------------------------------------------------
-- Grants and row-level security
------------------------------------------------------------------------------
revoke all on table
  public.roles, public.role_permissions, public.organizations, public.profiles,
  public.memberships, public.invitations, public.audit_logs
from anon, authenticated;
-- Default privileges grant new sequences in public to the API roles as well.
-- Inserting through an identity column needs no privilege on its sequence,
-- while UPDATE on it would let any caller setval() it to its maximum and make
-- every audited change fail.
revoke all on sequence public.audit_logs_id_seq from anon, authenticated;

grant select on public.roles, public.role_permissions to authenticated;
grant select, update on public.organizations to authenticated;
grant select on public.profiles to authenticated;
-- Only what users edit about themselves: the email mirrors auth.users (kept in
-- sync by the trigger above) and accept_invitation trusts it; the id and the
-- timestamps are the system's.
grant update (full_name, avatar_url) on public.profiles to authenticated;
grant select, update, delete on public.memberships to authenticated;
grant select, insert, update, delete on public.invitations to authenticated;
grant select on public.audit_logs to authenticated;

alter table public.roles enable row level security;
alter table public.roles force row level security;
alter table public.role_permissions enable row level security;
alter table public.role_permissions force row level security;
alter table public.organizations enable row level security;
alter table public.organizations force row level security;
alter table public.profiles enable row level security;
alter table public.profiles force row level security;
alter table public.memberships enable row level security;
alter table public.memberships force row level security;
alter table public.invitations enable row level security;
alter table public.invitations force row level security;
alter table public.audit_logs enable row level security;
alter table public.audit_logs force row level security;

create policy roles_read on public.roles for select to authenticated using (true);
create policy role_permissions_read on public.role_permissions for select to authenticated using (true);

create policy organizations_read on public.organizations for select to authenticated
  using (id in (select public.user_org_ids()));
create policy organizations_update on public.organizations for update to authenticated
  using (id in (select public.orgs_with_permission('settings.manage')))
  with check (id in (select public.orgs_with_permission('settings.manage')));

create policy profiles_read on public.profiles for select to authenticated
  using (id = (select auth.uid()) or id in (select public.co_member_ids()));
create policy profiles_update_own on public.profiles for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

create policy memberships_read on public.memberships for select to authenticated
  using (organization_id in (select public.user_org_ids()));
create policy memberships_update on public.memberships for update to authenticated
  using (organization_id in (select public.orgs_with_permission('members.manage')))
  with check (organization_id in (select public.orgs_with_permission('members.manage')));
create policy memberships_delete on public.memberships for delete to authenticated
  using (organization_id in (select public.orgs_with_permission('members.manage'))
         or user_id = (select auth.uid()));

create policy invitations_manage on public.invitations for all to authenticated
  using (organization_id in (select public.orgs_with_permission('members.manage')))
  with check (organization_id in (select public.orgs_with_permission('members.manage')));

create policy audit_logs_read on public.audit_logs for select to authenticated
  using (organization_id in (select public.orgs_with_permission('audit.view')));

------------------------------------------------------------------------------
-- Sign-in attempts, for rate limiting the embedded password sign-in
-- (Supabase Auth limits its own). Schema `private` is not exposed to the API.
------------------------------------------------------------------------------
create schema if not exists private;
revoke all on schema private from public, anon, authenticated;

create table private.sign_in_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip_address inet,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index sign_in_attempts_email_idx on private.sign_in_attempts (email, attempted_at desc);
create index sign_in_attempts_ip_idx on private.sign_in_attempts (ip_address, attempted_at desc);
revoke all on table private.sign_in_attempts from anon, authenticated;
