"use client";
import {
  changeRoleAction,
  inviteMemberAction,
  makeOwnerAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "./actions";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { bindAction, useActionForm } from "@/components/use-action-form";
import { Badge } from "@/components/ui/card";
import { MEMBER_ROLES, ROLE_LABELS, type MemberRole } from "@/lib/tenancy/roles";
import type { ActionState } from "@/lib/actions";

const roleOptions = MEMBER_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

function ShareLink({ state }: { state: ActionState }) {
  if (!state?.ok || !state.secret) return null;
  return (
    <div className="mt-3">
      <label className="block text-xs font-medium text-slate-600">
        Invitation link
        <input readOnly value={state.secret} aria-label="Invitation link" className="mt-1 block w-full rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
      </label>
    </div>
  );
}

export function InviteForm({ slug }: { slug: string }) {
  // A refused invitation keeps the address to correct; a sent one clears the form for the next.
  const { state, isPending: pending, form } = useActionForm(bindAction(inviteMemberAction, slug), { resetOnSuccess: true });
  return (
    <form {...form} noValidate>
      <div className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
        <TextField label="Email" name="email" type="email" placeholder="name@company.com" required errors={state?.fieldErrors?.email} />
        <SelectField label="Role" name="role" options={roleOptions} defaultValue="learner" />
        <Button type="submit" disabled={pending}>{pending ? "Inviting…" : "Send invitation"}</Button>
      </div>
      <div className="mt-3"><FormMessage state={state} /></div>
      <ShareLink state={state} />
    </form>
  );
}

interface InvitationView {
  id: string;
  email: string;
  role: MemberRole;
  status: string;
  expiresAt: string;
}

export function InvitationRow({ slug, invitation }: { slug: string; invitation: InvitationView }) {
  const { state: resendState, isPending: resending, form: resendForm } = useActionForm(bindAction(resendInvitationAction, slug));
  const { state: revokeState, isPending: revoking, form: revokeForm } = useActionForm(bindAction(revokeInvitationAction, slug));
  return (
    <tr>
      <td className="py-2 align-top">
        {invitation.email}
        <FormMessage state={resendState?.ok ? null : resendState} />
        <ShareLink state={resendState} />
        <FormMessage state={revokeState?.ok ? null : revokeState} />
      </td>
      <td className="align-top">{ROLE_LABELS[invitation.role]}</td>
      <td className="align-top">
        <Badge tone={invitation.status === "open" ? "brand" : "amber"}>{invitation.status}</Badge>
      </td>
      <td className="align-top text-slate-500">{invitation.expiresAt.slice(0, 10)}</td>
      <td className="space-x-2 text-right align-top">
        <form {...resendForm} className="inline">
          <input type="hidden" name="invitationId" value={invitation.id} />
          <Button variant="secondary" type="submit" disabled={resending}>Resend</Button>
        </form>
        <form {...revokeForm} className="inline">
          <input type="hidden" name="invitationId" value={invitation.id} />
          <Button variant="danger" type="submit" disabled={revoking}>Revoke</Button>
        </form>
      </td>
    </tr>
  );
}

interface MemberView {
  membershipId: string;
  fullName: string;
  email: string;
  role: MemberRole;
  isOwner: boolean;
}

export function MemberRow({
  slug,
  member,
  isSelf,
  viewerIsOwner,
}: {
  slug: string;
  member: MemberView;
  isSelf: boolean;
  viewerIsOwner: boolean;
}) {
  const label = member.fullName || member.email;
  const { state: roleState, isPending: changing, form: roleForm } = useActionForm(bindAction(changeRoleAction, slug));
  const { state: ownerState, isPending: promoting, form: ownerForm } = useActionForm(bindAction(makeOwnerAction, slug));
  const { state: removeState, isPending: removing, form: removeForm } = useActionForm(bindAction(removeMemberAction, slug), {
    confirm: `Remove ${label} from the organization?`,
  });
  return (
    <tr>
      <td className="py-2 align-top">
        {label} {member.isOwner ? <Badge tone="green">Owner</Badge> : null} {isSelf ? <Badge>You</Badge> : null}
      </td>
      <td className="align-top text-slate-600">{member.email}</td>
      <td className="align-top">
        <form {...roleForm} className="flex items-center gap-2">
          <input type="hidden" name="membershipId" value={member.membershipId} />
          <select name="role" defaultValue={member.role} aria-label={`Role of ${label}`} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
            {roleOptions.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
          </select>
          <Button variant="secondary" type="submit" disabled={changing}>Save</Button>
        </form>
        <div className="mt-1"><FormMessage state={roleState} /></div>
      </td>
      <td className="space-y-1 text-right align-top">
        {viewerIsOwner && !member.isOwner && member.role === "org_admin" ? (
          <form {...ownerForm}>
            <input type="hidden" name="membershipId" value={member.membershipId} />
            <Button variant="secondary" type="submit" disabled={promoting} aria-label={`Make ${label} an owner`}>Make owner</Button>
            <FormMessage state={ownerState} />
          </form>
        ) : null}
        <form {...removeForm}>
          <input type="hidden" name="membershipId" value={member.membershipId} />
          <Button variant="danger" type="submit" disabled={removing} aria-label={`Remove ${label}`}>Remove</Button>
        </form>
        <div className="mt-1"><FormMessage state={removeState} /></div>
      </td>
    </tr>
  );
}
