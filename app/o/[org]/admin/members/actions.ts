"use server";
// Member management for holders of `members.manage`. RLS and the memberships
// guard trigger enforce the same rules in the database.
import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/actions";
import { withOrgDb } from "@/lib/tenancy/org-context";
import { appUrl } from "@/lib/app-url";
import { createInvitation, resendInvitation, revokeInvitation } from "@/db/queries/invitations";
import { changeMemberRole, removeMember, setMemberOwnership } from "@/db/queries/members";
import {
  changeRoleSchema,
  invitationIdSchema,
  inviteMemberSchema,
  membershipIdSchema,
  ROLE_LABELS,
} from "@/lib/validation/tenancy";

const membersPath = (slug: string) => `/o/${slug}/admin/members`;

export const inviteMemberAction = orgAction(inviteMemberSchema, "members.manage", async (context, input) => {
  const invitation = await withOrgDb(context, (tx) =>
    createInvitation(tx, { ...input, organizationId: context.organization.id, invitedBy: context.claims.sub }),
  );
  revalidatePath(membersPath(context.organization.slug));
  return {
    ok: true,
    message: `Invited ${invitation.email} as ${ROLE_LABELS[input.role]}. No mail server runs here: share this link (shown once, valid 7 days).`,
    secret: await appUrl(`/invite/${invitation.token}`),
  };
});

export const resendInvitationAction = orgAction(invitationIdSchema, "members.manage", async (context, input) => {
  const invitation = await withOrgDb(context, (tx) =>
    resendInvitation(tx, { organizationId: context.organization.id, invitationId: input.invitationId }),
  );
  revalidatePath(membersPath(context.organization.slug));
  return {
    ok: true,
    message: `New link for ${invitation.email}; the previous one no longer works.`,
    secret: await appUrl(`/invite/${invitation.token}`),
  };
});

export const revokeInvitationAction = orgAction(invitationIdSchema, "members.manage", async (context, input) => {
  await withOrgDb(context, (tx) => revokeInvitation(tx, { organizationId: context.organization.id, invitationId: input.invitationId }));
  revalidatePath(membersPath(context.organization.slug));
  return { ok: true, message: "Invitation revoked" };
});

export const changeRoleAction = orgAction(changeRoleSchema, "members.manage", async (context, input) => {
  await withOrgDb(context, (tx) => changeMemberRole(tx, { ...input, organizationId: context.organization.id }));
  revalidatePath(membersPath(context.organization.slug));
  return { ok: true, message: `Role changed to ${ROLE_LABELS[input.role]}` };
});

export const removeMemberAction = orgAction(membershipIdSchema, "members.manage", async (context, input) => {
  await withOrgDb(context, (tx) => removeMember(tx, { ...input, organizationId: context.organization.id }));
  revalidatePath(membersPath(context.organization.slug));
  return { ok: true, message: "Member removed" };
});

export const makeOwnerAction = orgAction(membershipIdSchema, "members.manage", async (context, input) => {
  await withOrgDb(context, (tx) =>
    setMemberOwnership(tx, { organizationId: context.organization.id, membershipId: input.membershipId, isOwner: true }),
  );
  revalidatePath(membersPath(context.organization.slug));
  return { ok: true, message: "They are now an owner too" };
});
