// Invitations to one organization. Run inside withUserDb: only holders of
// `members.manage` can see or change them (RLS). Tokens are 256 random bits;
// only their SHA-256 is stored, so a link can be shown once and never again.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "../client";
import { invitations, organizations, profiles } from "../schema";
import { conflict, notFound } from "@/lib/errors";
import type { MemberRole } from "@/lib/validation/tenancy";
import { findMemberByEmail } from "./members";

export const INVITATION_TTL_DAYS = 7;

export function newInvitationToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export type InvitationStatus = "open" | "expired" | "accepted" | "revoked";

export function invitationStatus(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "open";
}

export async function listInvitations(tx: Tx, organizationId: string) {
  const rows = await tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      lastSentAt: invitations.lastSentAt,
      sendCount: invitations.sendCount,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      invitedByName: profiles.fullName,
    })
    .from(invitations)
    .leftJoin(profiles, eq(profiles.id, invitations.invitedBy))
    .where(eq(invitations.organizationId, organizationId))
    .orderBy(desc(invitations.lastSentAt));
  return rows.map((row) => ({ ...row, role: row.role as MemberRole, status: invitationStatus(row) }));
}

const open = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

export async function createInvitation(
  tx: Tx,
  input: { organizationId: string; email: string; role: MemberRole; invitedBy: string },
) {
  if (await findMemberByEmail(tx, input.organizationId, input.email)) {
    throw conflict(`${input.email} is already a member of this organization`);
  }
  const [pending] = await tx
    .select({ id: invitations.id, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.organizationId, input.organizationId), eq(invitations.email, input.email), open));
  if (pending && pending.expiresAt > new Date()) {
    throw conflict(`${input.email} already has an open invitation; resend it instead`);
  }
  if (pending) {
    // An expired invitation does not block a new one.
    await tx.update(invitations).set({ revokedAt: sql`now()` }).where(eq(invitations.id, pending.id));
  }
  const { token, tokenHash } = newInvitationToken();
  const [row] = await tx
    .insert(invitations)
    .values({
      organizationId: input.organizationId,
      email: input.email,
      role: input.role,
      tokenHash,
      invitedBy: input.invitedBy,
      expiresAt: sql`now() + make_interval(days => ${INVITATION_TTL_DAYS})`,
    })
    .returning({ id: invitations.id, email: invitations.email, expiresAt: invitations.expiresAt });
  return { ...row, token };
}

/** A new token and a fresh 7-day expiry; the previous link stops working. */
export async function resendInvitation(tx: Tx, input: { organizationId: string; invitationId: string }) {
  const { token, tokenHash } = newInvitationToken();
  const [row] = await tx
    .update(invitations)
    .set({
      tokenHash,
      expiresAt: sql`now() + make_interval(days => ${INVITATION_TTL_DAYS})`,
      lastSentAt: sql`now()`,
      sendCount: sql`${invitations.sendCount} + 1`,
    })
    .where(and(eq(invitations.id, input.invitationId), eq(invitations.organizationId, input.organizationId), open))
    .returning({ id: invitations.id, email: invitations.email, expiresAt: invitations.expiresAt });
  if (!row) throw notFound("An open invitation with that id");
  return { ...row, token };
}

export async function revokeInvitation(tx: Tx, input: { organizationId: string; invitationId: string }) {
  const [row] = await tx
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.id, input.invitationId), eq(invitations.organizationId, input.organizationId), open))
    .returning({ id: invitations.id });
  if (!row) throw notFound("An open invitation with that id");
  return row;
}

export interface InvitationPreview {
  organizationName: string;
  organizationSlug: string;
  email: string;
  role: MemberRole;
  status: InvitationStatus;
  hasFreeSeat: boolean;
}

/** What the link shows; works for anonymous callers (security-definer function keyed by the token). */
export async function previewInvitation(tx: Tx, token: string): Promise<InvitationPreview | null> {
  const rows = await tx.execute<{
    organization_name: string;
    organization_slug: string;
    email: string;
    role: MemberRole;
    status: InvitationStatus;
    has_free_seat: boolean;
  }>(sql`select p.*, public.invitation_has_free_seat(${token}) as has_free_seat
         from public.invitation_preview(${token}) p`);
  const row = rows[0];
  return row
    ? {
        organizationName: row.organization_name,
        organizationSlug: row.organization_slug,
        email: row.email,
        role: row.role,
        status: row.status,
        hasFreeSeat: row.has_free_seat,
      }
    : null;
}

/** Joins the caller to the invitation's organization; returns its slug. */
export async function acceptInvitation(tx: Tx, token: string): Promise<string> {
  const [{ organization_id }] = await tx.execute<{ organization_id: string }>(
    sql`select public.accept_invitation(${token}) as organization_id`,
  );
  const [org] = await tx
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, organization_id));
  return org.slug;
}
