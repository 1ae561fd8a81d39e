// Organizations and the caller's place in them. Run inside withUserDb: RLS
// limits every read to organizations the caller belongs to.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { memberships, organizations, rolePermissions } from "../schema";
import type { Organization } from "../schema";
import type { MemberRole } from "@/lib/validation/tenancy";

export interface OrgMembership {
  organization: Pick<Organization, "id" | "name" | "slug">;
  membershipId: string;
  role: MemberRole;
  isOwner: boolean;
}

export async function createOrganization(tx: Tx, input: { name: string; slug: string }) {
  const rows = await tx.execute<{ id: string; slug: string; name: string }>(
    sql`select id, slug, name from public.create_organization(${input.name}, ${input.slug})`,
  );
  return rows[0];
}

/** Every organization the caller belongs to, with their role in it. */
export async function listMyOrganizations(tx: Tx, userId: string): Promise<OrgMembership[]> {
  const rows = await tx
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      membershipId: memberships.id,
      role: memberships.role,
      isOwner: memberships.isOwner,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
  return rows.map(({ id, name, slug, ...m }) => ({
    organization: { id, name, slug },
    membershipId: m.membershipId,
    role: m.role as MemberRole,
    isOwner: m.isOwner,
  }));
}

/** The caller's membership in the organization with this slug, with its permissions; null when not a member. */
export async function findMyOrgBySlug(tx: Tx, userId: string, slug: string) {
  const [row] = await tx
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      membershipId: memberships.id,
      role: memberships.role,
      isOwner: memberships.isOwner,
      permissions: sql<string[]>`coalesce(array_agg(${rolePermissions.permission}) filter (where ${rolePermissions.permission} is not null), '{}')`,
    })
    .from(organizations)
    .innerJoin(memberships, and(eq(memberships.organizationId, organizations.id), eq(memberships.userId, userId)))
    .leftJoin(rolePermissions, eq(rolePermissions.role, memberships.role))
    .where(eq(organizations.slug, slug))
    .groupBy(organizations.id, memberships.id);
  if (!row) return null;
  return {
    organization: { id: row.id, name: row.name, slug: row.slug },
    membershipId: row.membershipId,
    role: row.role as MemberRole,
    isOwner: row.isOwner,
    permissions: new Set(row.permissions),
  };
}
