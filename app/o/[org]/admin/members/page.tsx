import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { listMembers } from "@/db/queries/members";
import { listInvitations } from "@/db/queries/invitations";
import { seatUsage } from "@/db/queries/billing";
import { Card } from "@/components/ui/card";
import { InviteForm, InvitationRow, MemberRow } from "./member-forms";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "members.manage");
  const [members, invitations, seats] = await withOrgDb(context, (tx) =>
    Promise.all([
      listMembers(tx, context.organization.id),
      listInvitations(tx, context.organization.id),
      seatUsage(tx, context.organization.id),
    ]),
  );
  const pending = invitations.filter((invitation) => invitation.status === "open" || invitation.status === "expired");

  return (
    <div className="max-w-5xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Members</h1>
        <p className="text-sm text-slate-500">
          {members.length} members in {context.organization.name}
          {seats ? ` · ${seats.used} of ${seats.limit} seats used` : ""}
          {seats && seats.used >= seats.limit ? " — no free seat: new invitations cannot be accepted until you add seats" : ""}
        </p>
      </header>

      <Card title="Invite a member">
        <InviteForm slug={org} />
      </Card>

      <Card title={`Invitations (${pending.length})`}>
        {pending.length === 0 ? (
          <p className="text-sm text-slate-500">No open invitations.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2">Email</th><th>Role</th><th>Status</th><th>Expires</th><th className="sr-only">Actions</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {pending.map((invitation) => (
                <InvitationRow
                  key={invitation.id}
                  slug={org}
                  invitation={{
                    id: invitation.id,
                    email: invitation.email,
                    role: invitation.role,
                    status: invitation.status,
                    expiresAt: invitation.expiresAt.toISOString(),
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="Members">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr><th className="py-2">Name</th><th>Email</th><th>Role</th><th className="sr-only">Actions</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => (
              <MemberRow
                key={member.membershipId}
                slug={org}
                isSelf={member.userId === context.claims.sub}
                viewerIsOwner={context.isOwner}
                member={{
                  membershipId: member.membershipId,
                  fullName: member.fullName,
                  email: member.email,
                  role: member.role,
                  isOwner: member.isOwner,
                }}
              />
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
