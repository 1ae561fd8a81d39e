-- Revocable sessions for the embedded auth backend. Its session cookie is a
-- signed JWT that used to be valid for its whole lifetime: signing out only
-- deleted the cookie in that browser, so a copied cookie kept working. Each
-- sign-in now creates a row here whose id travels in the JWT as `session_id`
-- (the claim Supabase Auth uses), and every request checks the row (one
-- primary-key lookup, lib/auth/embedded.ts). A session ends when:
--   * its user signs out (that row) or signs out everywhere (all their rows);
--   * its user's password changes (all their rows; trigger below: whatever
--     path changes it, the app then starts a fresh session for the browser
--     that changed it);
--   * its user is removed from (or leaves) their last organization (trigger
--     below: they no longer belong anywhere that session could be used).
-- The Supabase backend keeps its sessions in Supabase Auth (auth.sessions),
-- which revokes them itself; nothing writes this table there.
-- Schema `private`: not exposed by the Data API, no grants to API roles.

create table private.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip_address inet,
  user_agent text check (char_length(user_agent) <= 512)
);
-- "Sign out everywhere" and the triggers revoke a user's open sessions.
create index sessions_user_open_idx on private.sessions (user_id) where revoked_at is null;
revoke all on table private.sessions from public, anon, authenticated;

-- Ends every open session of `target`; returns how many.
create function private.revoke_user_sessions(target uuid)
returns integer
language sql
security definer
set search_path = ''
as $$
  with ended as (
    update private.sessions s set revoked_at = now()
    where s.user_id = target and s.revoked_at is null
    returning 1)
  select count(*)::integer from ended
$$;

create function private.end_sessions_on_password_change()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  perform private.revoke_user_sessions(new.id);
  return null;
end;
$$;
create trigger on_auth_user_password_changed after update of encrypted_password on auth.users
  for each row when (old.encrypted_password is distinct from new.encrypted_password)
  execute function private.end_sessions_on_password_change();

create function private.end_sessions_without_organization()
returns trigger language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (select 1 from public.memberships m where m.user_id = old.user_id) then
    perform private.revoke_user_sessions(old.user_id);
  end if;
  return null;
end;
$$;
create trigger memberships_end_sessions after delete on public.memberships
  for each row execute function private.end_sessions_without_organization();

revoke execute on function
  private.revoke_user_sessions(uuid), private.end_sessions_on_password_change(),
  private.end_sessions_without_organization()
from public, anon, authenticated;
