// Members of one organization. Run inside withUserDb: RLS lets members read
// the member list and only `members.manage` holders change it; the
// memberships guard trigger keeps an owner and protects owners.
import { and, asc, count, desc, eq } from "drizzle-orm";
import type { Tx } from "../client";
import { memberships, profiles, roles } from "../schema";
import { notFound } from "@/lib/errors";
import type { MemberRole } from "@/lib/validation/tenancy";

export interface MemberRow {
  membershipId: string;
  userId: string;
  email: string;
  fullName: string;
  role: MemberRole;
  isOwner: boolean;
  joinedAt: Date;
}

export async function listMembers(tx: Tx, organizationId: string): Promise<MemberRow[]> {
  const rows = await tx
    .select({
      membershipId: memberships.id,
      userId: memberships.userId,
      email: profiles.email,
      fullName: profiles.fullName,
      role: memberships.role,
      isOwner: memberships.isOwner,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(profiles, eq(profiles.id, memberships.userId))
    .innerJoin(roles, eq(roles.name, memberships.role))
    .where(eq(memberships.organizationId, organizationId))
    // Owners, then admins, trainers, learners; by name within a role.
    .orderBy(desc(memberships.isOwner), desc(roles.rank), asc(profiles.fullName), asc(profiles.email));
  return rows.map((row) => ({ ...row, role: row.role as MemberRole }));
}

export async function countMembersByRole(tx: Tx, organizationId: string) {
  const rows = await tx
    .select({ role: memberships.role, n: count() })
    .from(memberships)
    .where(eq(memberships.organizationId, organizationId))
    .groupBy(memberships.role);
  return Object.fromEntries(rows.map((row) => [row.role, row.n])) as Partial<Record<MemberRole, number>>;
}

export async function findMemberByEmail(tx: Tx, organizationId: string, email: string) {
  const [row] = await tx
    .select({ membershipId: memberships.id })
    .from(memberships)
    .innerJoin(profiles, eq(profiles.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(profiles.email, email)));
  return row ?? null;
}

export async function changeMemberRole(
  tx: Tx,
  input: { organizationId: string; membershipId: string; role: MemberRole },
) {
  const [row] = await tx
    .update(memberships)
    .set({ role: input.role })
    .where(and(eq(memberships.id, input.membershipId), eq(memberships.organizationId, input.organizationId)))
    .returning({ id: memberships.id, role: memberships.role });
  if (!row) throw notFound("That member");
  return row;
}

export async function removeMember(tx: Tx, input: { organizationId: string; membershipId: string }) {
  const [row] = await tx
    .delete(memberships)
    .where(and(eq(memberships.id, input.membershipId), eq(memberships.organizationId, input.organizationId)))
    .returning({ id: memberships.id });
  if (!row) throw notFound("That member");
  return row;
}

/** Grants or withdraws ownership; the guard trigger lets only owners do it and keeps one owner. */
export async function setMemberOwnership(
  tx: Tx,
  input: { organizationId: string; membershipId: string; isOwner: boolean },
) {
  const [row] = await tx
    .update(memberships)
    .set({ isOwner: input.isOwner })
    .where(and(eq(memberships.id, input.membershipId), eq(memberships.organizationId, input.organizationId)))
    .returning({ id: memberships.id, isOwner: memberships.isOwner });
  if (!row) throw notFound("That member");
  return row;
}
