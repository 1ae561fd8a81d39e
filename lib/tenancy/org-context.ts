// Who is asking, in which organization, with which permissions: resolved
// once per request from the verified session and the org slug in the URL.
import { cache } from "react";
import { notFound } from "next/navigation";
import { requireSession, requestContext } from "@/lib/auth";
import { withUserDb } from "@/db/rls";
import type { Tx } from "@/db/client";
import { findMyOrgBySlug, listMyOrganizations } from "@/db/queries/organizations";
import { orgSlugSchema } from "@/lib/validation/tenancy";

export type Permission =
  | "learning.participate"
  | "cohorts.view"
  | "cohorts.view_all"
  | "cohorts.manage"
  | "courses.manage"
  | "members.manage"
  | "billing.manage"
  | "reports.export"
  | "analytics.view_org"
  | "audit.view"
  | "settings.manage"
  | "api_keys.manage";

export const getOrgContext = cache(async (slug: string) => {
  // A URL segment that cannot be a slug (e.g. %00) is simply not found.
  if (!orgSlugSchema.safeParse(slug).success) notFound();
  const claims = await requireSession(`/o/${slug}`);
  const membership = await withUserDb(claims, (tx) => findMyOrgBySlug(tx, claims.sub, slug));
  // Not a member looks the same as no such organization: slugs are not disclosed.
  if (!membership) notFound();
  return { ...membership, claims };
});

export type OrgContext = Awaited<ReturnType<typeof getOrgContext>>;

export function can(context: Pick<OrgContext, "permissions">, permission: Permission): boolean {
  return context.permissions.has(permission);
}

export async function requirePermission(slug: string, permission: Permission): Promise<OrgContext> {
  const context = await getOrgContext(slug);
  if (!can(context, permission)) notFound();
  return context;
}

export const getMyOrganizations = cache(async () => {
  const claims = await requireSession();
  return withUserDb(claims, (tx) => listMyOrganizations(tx, claims.sub));
});

/** Runs `fn` in the caller's RLS-scoped transaction with the request's ip and user agent. */
export async function withOrgDb<T>(context: OrgContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withUserDb(context.claims, fn, await requestContext());
}
