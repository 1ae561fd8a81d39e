-- Billing: plans, Stripe customers, subscriptions and their items, orders
-- (Checkout sessions and invoices) with their items, the ledger of Stripe
-- events already applied, seat enforcement, and notifications.
--
-- Stripe is the source of truth for money; these tables are its projection,
-- written only by the webhook handler through the service role, in the same
-- transaction that records the event id in stripe_events (so a redelivered
-- event changes nothing). Admins (`billing.manage`) read them; learners and
-- trainers read nothing of billing. Errors raised on purpose use SQLSTATE
-- 'SWnnn' where nnn is the HTTP status (see the tenancy migration).

------------------------------------------------------------------------------
-- Plans: global reference data. Prices are per seat, in minor units. The
-- Stripe price ids are set per deployment (README, "Billing with Stripe").
------------------------------------------------------------------------------
create table public.plans (
  id text primary key check (id ~ '^[a-z][a-z0-9_]{1,30}$'),
  name text not null check (char_length(btrim(name)) between 1 and 60),
  description text not null default '',
  features text[] not null default '{}',
  seat_price_monthly integer not null default 0 check (seat_price_monthly >= 0),
  seat_price_yearly integer not null default 0 check (seat_price_yearly >= 0),
  currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
  -- The free plan's seat count; for paid plans the most seats one subscription may buy (null: no cap).
  seat_limit integer check (seat_limit > 0),
  stripe_product_id text unique,
  stripe_monthly_price_id text unique,
  stripe_yearly_price_id text unique,
  is_active boolean not null default true,
  sort_order smallint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Organizations without a paid subscription get the free plan's seats.
  constraint plans_free_has_seat_limit check (id <> 'free' or seat_limit is not null)
);

insert into public.plans
  (id, name, description, features, seat_price_monthly, seat_price_yearly, seat_limit, sort_order)
values
  ('free', 'Free', 'For a small team trying SenseiiWyze.',
   array['Up to 10 members', 'Courses, cohorts and assessments', 'Learner and trainer dashboards'],
   0, 0, 10, 0),
  ('team', 'Team', 'For growing teams that run cohorts every month.',
   array['Everything in Free', 'Pay per seat, up to 200 seats', 'Organization analytics and KPI tree', 'Reports export (CSV, XLSX, PDF)'],
   800, 8000, 200, 1),
  ('business', 'Business', 'For organizations that measure learning across departments.',
   array['Everything in Team', 'Unlimited seats', 'API keys for learning-event ingestion', 'Audit log and data-retention settings', 'Priority support'],
   1400, 14000, null, 2);

------------------------------------------------------------------------------
-- Stripe customers and subscriptions of each organization
------------------------------------------------------------------------------
create table public.billing_customers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null unique references public.organizations (id) on delete cascade,
  stripe_customer_id text not null unique check (stripe_customer_id ~ '^cus_[A-Za-z0-9_]+$'),
  email text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  stripe_subscription_id text not null unique check (stripe_subscription_id ~ '^sub_[A-Za-z0-9_]+$'),
  stripe_customer_id text not null,
  plan_id text references public.plans (id),
  -- Stripe's subscription statuses, as Stripe reports them.
  status text not null check (status in
    ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused')),
  quantity integer not null default 0 check (quantity >= 0),
  billing_interval text check (billing_interval in ('month', 'year')),
  cancel_at_period_end boolean not null default false,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at timestamptz,
  canceled_at timestamptz,
  ended_at timestamptz,
  trial_end timestamptz,
  -- Ordering watermark: Stripe's `created` of the last event whose subscription
  -- snapshot was applied (null while only a Checkout link exists). Older events
  -- are skipped; see lib/stripe/ordering.ts for the full rule.
  last_event_at timestamptz,
  last_event_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Seat limits and the billing page look up an organization's live subscriptions.
create index subscriptions_org_status_idx on public.subscriptions (organization_id, status);

create table public.subscription_items (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  subscription_id uuid not null references public.subscriptions (id) on delete cascade,
  stripe_subscription_item_id text not null unique,
  stripe_price_id text not null,
  plan_id text references public.plans (id),
  quantity integer not null default 0 check (quantity >= 0),
  created_at timestamptz not null default now()
);
create index subscription_items_subscription_idx on public.subscription_items (subscription_id);
create index subscription_items_org_idx on public.subscription_items (organization_id);

------------------------------------------------------------------------------
-- Orders: what an organization bought or was billed. `checkout` rows come from
-- Checkout sessions, `invoice` rows from Stripe invoices (renewals included).
-- Amounts are in minor units of `currency`.
------------------------------------------------------------------------------
create table public.orders (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  kind text not null check (kind in ('checkout', 'invoice')),
  stripe_id text not null unique check (stripe_id ~ '^(cs|in)_[A-Za-z0-9_]+$'),
  subscription_id uuid references public.subscriptions (id) on delete set null,
  stripe_subscription_id text,
  plan_id text references public.plans (id),
  status text not null check (status in ('pending', 'paid', 'no_payment_required', 'failed')),
  currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
  amount_total integer not null default 0,
  amount_paid integer not null default 0,
  invoice_number text,
  hosted_invoice_url text,
  invoice_pdf_url text,
  period_start timestamptz,
  period_end timestamptz,
  paid_at timestamptz,
  stripe_created_at timestamptz not null,
  -- Stripe's `created` of the last event applied to this order (ordering watermark).
  last_event_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index orders_org_created_idx on public.orders (organization_id, stripe_created_at desc);

create table public.order_items (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  order_id uuid not null references public.orders (id) on delete cascade,
  description text not null default '',
  plan_id text references public.plans (id),
  stripe_price_id text,
  quantity integer not null default 1 check (quantity >= 0),
  amount integer not null default 0,
  currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
  created_at timestamptz not null default now()
);
create index order_items_order_idx on public.order_items (order_id);
create index order_items_org_idx on public.order_items (organization_id);

------------------------------------------------------------------------------
-- Stripe events already processed. The webhook inserts the event id with
-- `on conflict do nothing` in the transaction that applies the event: the
-- primary key decides duplicates, and a failed application leaves no row, so
-- Stripe's retry applies it. Not tenant data: no API role reads it.
------------------------------------------------------------------------------
create table public.stripe_events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9_]+$'),
  type text not null,
  stripe_created_at timestamptz not null,
  livemode boolean not null default false,
  object_id text,
  outcome text not null default 'received' check (outcome in ('received', 'applied', 'ignored', 'stale')),
  detail text,
  received_at timestamptz not null default now()
);

------------------------------------------------------------------------------
-- Notifications to one member of one organization (billing alerts now; the
-- learning features reuse the table). Written by the service role; members
-- read theirs and mark them read.
------------------------------------------------------------------------------
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  type text not null check (type ~ '^[a-z_]+(\.[a-z_]+)+$'),
  title text not null check (char_length(title) between 1 and 200),
  body text not null default '' check (char_length(body) <= 2000),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_user_org_created_idx on public.notifications (user_id, organization_id, created_at desc);
create index notifications_org_idx on public.notifications (organization_id);

------------------------------------------------------------------------------
-- Seats. An organization's seats are the quantity of its subscriptions that
-- grant access (active, trialing, and past_due during Stripe's retries); with
-- none, the free plan's seat limit. Every member counts, whatever their role.
------------------------------------------------------------------------------
create function public.org_seat_limit(org uuid)
returns integer
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select sum(s.quantity)::integer from public.subscriptions s
     where s.organization_id = org and s.status in ('active', 'trialing', 'past_due')),
    (select p.seat_limit from public.plans p where p.id = 'free'),
    0)
$$;

-- Seats used and paid, for the organization's admins (members or billing).
create function public.seat_usage(org uuid)
returns table (seats_used integer, seat_limit integer)
language sql stable security definer set search_path = ''
as $$
  select (select count(*)::integer from public.memberships m where m.organization_id = org),
         public.org_seat_limit(org)
  where public.has_permission(org, 'billing.manage') or public.has_permission(org, 'members.manage')
$$;

-- Refuses a membership beyond the organization's seats: covers invitation
-- acceptance, sign-up through an invitation and any other insert (service role
-- included). The advisory lock serializes concurrent joins to one organization,
-- so two of them cannot both take the last seat.
create function public.enforce_seat_limit()
returns trigger language plpgsql security definer set search_path = ''
as $$
declare
  used integer;
  seats integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('seats:' || new.organization_id::text, 0));
  select count(*)::integer into used from public.memberships m where m.organization_id = new.organization_id;
  seats := public.org_seat_limit(new.organization_id);
  if used >= seats then
    raise exception 'No free seat: % of % seats are used. Upgrade your plan or remove a member.', used, seats
      using errcode = 'SW402';
  end if;
  return new;
end;
$$;
create trigger memberships_seat_limit before insert on public.memberships
  for each row execute function public.enforce_seat_limit();

revoke execute on function public.org_seat_limit(uuid), public.enforce_seat_limit() from public, anon, authenticated;
grant execute on function public.org_seat_limit(uuid) to service_role;
revoke execute on function public.seat_usage(uuid) from public, anon;
grant execute on function public.seat_usage(uuid) to authenticated, service_role;

------------------------------------------------------------------------------
-- Triggers: updated_at, and billing changes into the audit log (actor null:
-- the webhook acts for Stripe, not for a user).
------------------------------------------------------------------------------
create trigger plans_touch before update on public.plans
  for each row execute function public.touch_updated_at();
create trigger billing_customers_touch before update on public.billing_customers
  for each row execute function public.touch_updated_at();
create trigger subscriptions_touch before update on public.subscriptions
  for each row execute function public.touch_updated_at();
create trigger orders_touch before update on public.orders
  for each row execute function public.touch_updated_at();

create trigger billing_customers_audit after insert or update or delete on public.billing_customers
  for each row execute function public.audit_row_change('billing_customer');
create trigger subscriptions_audit after insert or update or delete on public.subscriptions
  for each row execute function public.audit_row_change('subscription');
create trigger orders_audit after insert or update or delete on public.orders
  for each row execute function public.audit_row_change('order');

------------------------------------------------------------------------------
-- Grants and row-level security. The compat bootstrap (like Supabase) grants
-- ALL on new tables to anon and authenticated: revoke first, then grant reads.
------------------------------------------------------------------------------
revoke all on table
  public.plans, public.billing_customers, public.subscriptions, public.subscription_items,
  public.orders, public.order_items, public.stripe_events, public.notifications
from anon, authenticated;

-- Visitors see the pricing page: the only table anon may read.
grant select on public.plans to anon, authenticated;
grant select on
  public.billing_customers, public.subscriptions, public.subscription_items, public.orders, public.order_items
to authenticated;
grant select on public.notifications to authenticated;
grant update (read_at) on public.notifications to authenticated;

alter table public.plans enable row level security;
alter table public.plans force row level security;
alter table public.billing_customers enable row level security;
alter table public.billing_customers force row level security;
alter table public.subscriptions enable row level security;
alter table public.subscriptions force row level security;
alter table public.subscription_items enable row level security;
alter table public.subscription_items force row level security;
alter table public.orders enable row level security;
alter table public.orders force row level security;
alter table public.order_items enable row level security;
alter table public.order_items force row level security;
alter table public.stripe_events enable row level security;
alter table public.stripe_events force row level security;
alter table public.notifications enable row level security;
alter table public.notifications force row level security;

-- Signed-in users read every plan (an organization may sit on a retired one);
-- visitors only the plans on sale.
create policy plans_read on public.plans for select to authenticated using (true);
create policy plans_read_active on public.plans for select to anon using (is_active);

create policy billing_customers_read on public.billing_customers for select to authenticated
  using (organization_id in (select public.orgs_with_permission('billing.manage')));
create policy subscriptions_read on public.subscriptions for select to authenticated
  using (organization_id in (select public.orgs_with_permission('billing.manage')));
create policy subscription_items_read on public.subscription_items for select to authenticated
  using (organization_id in (select public.orgs_with_permission('billing.manage')));
create policy orders_read on public.orders for select to authenticated
  using (organization_id in (select public.orgs_with_permission('billing.manage')));
create policy order_items_read on public.order_items for select to authenticated
  using (organization_id in (select public.orgs_with_permission('billing.manage')));

-- stripe_events: no policy, no grant. Only the service role reaches it.

create policy notifications_read_own on public.notifications for select to authenticated
  using (user_id = (select auth.uid()) and organization_id in (select public.user_org_ids()));
create policy notifications_mark_read_own on public.notifications for update to authenticated
  using (user_id = (select auth.uid()) and organization_id in (select public.user_org_ids()))
  with check (user_id = (select auth.uid()) and organization_id in (select public.user_org_ids()));

-- Whether the organization behind an open invitation has a seat left: the
-- invitation page and sign-up check it before creating an account that could
-- not join. Keyed by the secret token, like invitation_preview().
create function public.invitation_has_free_seat(invite_token text)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select (select count(*) from public.memberships m where m.organization_id = i.organization_id)
         < public.org_seat_limit(i.organization_id)
  from public.invitations i
  where i.token_hash = encode(extensions.digest(invite_token, 'sha256'), 'hex')
$$;
revoke execute on function public.invitation_has_free_seat(text) from public;
grant execute on function public.invitation_has_free_seat(text) to anon, authenticated, service_role;
