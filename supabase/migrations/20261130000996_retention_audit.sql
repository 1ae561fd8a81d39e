-- The raw-event retention (organization_settings.raw_retention_days) decides
-- how long the organization's raw events are kept before the retention job
-- drops them, and which late events ingestion still accepts: a change, made
-- by an org admin from the admin overview (/o/<org>/admin), is recorded in
-- the audit log like the other settings, with the admin as actor
-- (public.audit_row_change takes auth.uid() and the request's address;
-- private.refine_audit_entry adds the actor's name and email) and the old and
-- new values. The first setting (the row's insert: the admin overview
-- upserts) is "organization_setting.created", each later change of the
-- value "organization_setting.updated"; a save that changes nothing (and
-- updated_at touches) is not logged.
create trigger organization_settings_audit after insert on public.organization_settings
  for each row execute function public.audit_row_change('organization_setting');
create trigger organization_settings_audit_change after update on public.organization_settings
  for each row when (old.raw_retention_days is distinct from new.raw_retention_days)
  execute function public.audit_row_change('organization_setting');
