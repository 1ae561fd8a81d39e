-- A notification can point at what it is about (a graded attempt, …), so the
-- learner goes there in one click. Stored as a path inside the organization
-- ("/learn/attempts/<id>"), never a full URL: the app prefixes /o/<slug>, so
-- a notification cannot send anyone to another site or to another tenant's URL.
alter table public.notifications
  add column link_path text
    check (link_path is null or (link_path ~ '^/[A-Za-z0-9/_-]*$' and char_length(link_path) <= 300));

comment on column public.notifications.link_path is
  'Path inside the organization (prefixed by /o/<slug> in the app) of what the notification is about; null when nothing to open.';
