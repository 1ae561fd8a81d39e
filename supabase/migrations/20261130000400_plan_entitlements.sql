-- Plan entitlements: one list, per plan, of the product features it includes.
-- The pricing page renders it and every guard reads it (the page and action
-- guards through app.org_entitlements, the ingestion API and SQL through
-- private.org_has_feature), so what is sold and what is enforced cannot
-- disagree: changing a row here changes both at once.
--
-- Seats stay `plans.seat_limit`: seat enforcement (public.org_seat_limit) and
-- the pricing page already read that one column.

------------------------------------------------------------------------------
-- Features: the keys the code guards on (FEATURES in
-- lib/tenancy/entitlements.ts must equal this list; a test checks it) and
-- how the pricing page names them.
------------------------------------------------------------------------------
create table public.features (
  key text primary key check (key ~ '^[a-z][a-z0-9_]{1,40}$'),
  name text not null check (char_length(btrim(name)) between 1 and 80),
  description text not null default '',
  sort_order smallint not null default 0
);

insert into public.features (key, name, description, sort_order) values
  ('courses', 'Courses, cohorts and assessments', 'Author courses, run cohorts, assess and grade', 10),
  ('learner_dashboards', 'Learner and trainer dashboards', 'Each learner''s progress and each trainer''s cohorts', 20),
  ('analytics_dashboards', 'Organization analytics dashboards', 'Active users, velocity, engagement, mastery, skill demand', 30),
  ('kpi_tree', 'KPI tree', 'Turnover risk, burnout risk, productivity index, high-potential count', 40),
  ('report_exports', 'Reports export (CSV, XLSX, PDF)', 'Cohort and organization reports to download', 50),
  ('api_keys', 'API keys for learning-event ingestion', 'External learning tools post events with a key', 60),
  ('audit_log', 'Audit log', 'Who changed what, when and from where', 70),
  ('retention_settings', 'Data-retention settings', 'Choose how long raw learning events are kept', 80);

create table public.plan_entitlements (
  plan_id text not null references public.plans (id) on delete cascade,
  feature text not null references public.features (key) on delete cascade,
  -- A numeric allowance where the feature has one (e.g. exports a month); null: unlimited.
  limit_value integer check (limit_value >= 0),
  created_at timestamptz not null default now(),
  primary key (plan_id, feature)
);
-- "Which plans include this feature?" for the upgrade panel.
create index plan_entitlements_feature_idx on public.plan_entitlements (feature);

-- Free: learning and the learner/trainer views. Team adds organization
-- analytics, the KPI tree and report exports. Business adds API keys, the
-- audit log and retention settings.
insert into public.plan_entitlements (plan_id, feature)
select plan_id, feature
from (values
  ('free', array['courses', 'learner_dashboards']),
  ('team', array['courses', 'learner_dashboards', 'analytics_dashboards', 'kpi_tree', 'report_exports']),
  ('business', array['courses', 'learner_dashboards', 'analytics_dashboards', 'kpi_tree', 'report_exports',
                     'api_keys', 'audit_log', 'retention_settings'])
) as p(plan_id, features), unnest(p.features) as feature
where exists (select 1 from public.plans where id = p.plan_id);

-- The free-text bullets sold things no guard enforced ("Audit log" to
-- Business while every plan had it): the pricing page now lists
-- entitlements instead, and the column is left empty.
update public.plans set features = '{}';
comment on column public.plans.features is 'Unused: what a plan includes is public.plan_entitlements';

-- Reference data, like plans: visitors read it for the pricing page.
revoke all on table public.features, public.plan_entitlements from anon, authenticated;
grant select on public.features, public.plan_entitlements to anon, authenticated;
alter table public.features enable row level security;
alter table public.features force row level security;
alter table public.plan_entitlements enable row level security;
alter table public.plan_entitlements force row level security;
create policy features_read on public.features for select to authenticated using (true);
create policy features_read_anon on public.features for select to anon using (true);
create policy plan_entitlements_read on public.plan_entitlements for select to authenticated using (true);
create policy plan_entitlements_read_anon on public.plan_entitlements for select to anon using (true);

------------------------------------------------------------------------------
-- An organization's plan and features
------------------------------------------------------------------------------
-- The plan of the subscription that grants seats now (the same statuses as
-- public.org_seat_limit: active, trialing, past_due while Stripe retries;
-- latest period first); without one, or with a price no plan knows, 'free'.
create function private.org_plan(org uuid)
returns text
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select s.plan_id from public.subscriptions s
     where s.organization_id = org and s.status in ('active', 'trialing', 'past_due') and s.plan_id is not null
     order by s.current_period_end desc nulls last, s.created_at desc
     limit 1),
    'free')
$$;

-- The features of the organization's plan: the one list every guard reads.
create function private.org_features(org uuid)
returns setof text
language sql stable security definer set search_path = ''
as $$
  select e.feature from public.plan_entitlements e where e.plan_id = private.org_plan(org)
$$;

create function private.org_has_feature(org uuid, feature text)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from private.org_features(org) f where f = feature)
$$;

revoke execute on function private.org_plan(uuid), private.org_features(uuid), private.org_has_feature(uuid, text)
  from public, anon, authenticated;

-- For the app's page and action guards, as the signed-in member: their
-- organization's plan and features; no row for anyone else (a plan is not
-- disclosed outside the organization). Schema app is not exposed by the Data
-- API. The membership is checked inline rather than through an RLS helper, so
-- the function does not depend on where those helpers live.
create function app.org_entitlements(org uuid)
returns table (plan_id text, features text[])
language sql stable security definer set search_path = ''
as $$
  select private.org_plan(org), array(select private.org_features(org))
  where exists (
    select 1 from public.memberships m where m.organization_id = org and m.user_id = (select auth.uid()))
$$;
revoke execute on function app.org_entitlements(uuid) from public, anon;
grant execute on function app.org_entitlements(uuid) to authenticated, service_role;
