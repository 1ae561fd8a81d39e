// The org guard for route handlers (file downloads, pollers): like
// requirePermission, but answers null instead of rendering a page, so the
// handler replies 404 — not a member, no such organization, and no
// permission all look the same.
import { getSessionClaims } from "@/lib/auth";
import { withUserDb } from "@/db/rls";
import { findMyOrgBySlug } from "@/db/queries/organizations";
import { orgSlugSchema } from "@/lib/validation/tenancy";
import type { Permission } from "./org-context";

export async function routeOrgContext(slug: string, permission: Permission) {
  if (!orgSlugSchema.safeParse(slug).success) return null;
  const claims = await getSessionClaims();
  if (!claims) return null;
  const membership = await withUserDb(claims, (tx) => findMyOrgBySlug(tx, claims.sub, slug));
  if (!membership || !membership.permissions.has(permission)) return null;
  return { ...membership, claims };
}

export const notFoundResponse = () => Response.json({ error: "Not found" }, { status: 404 });
