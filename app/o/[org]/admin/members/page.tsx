import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { listMembers } from "@/db/queries/members";
import { listInvitations } from "@/db/queries/invitations";
import { seatUsage } from "@/db/queries/billing";
import { Card } from "@/components/ui/card";
import { InviteForm, InvitationRow, MemberRow } from "./member-forms";
import { Table } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import { Page, PageHeader } from "@/components/ui/page-header";

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
    <Page>
      <PageHeader
        title="Members"
        description={
          <>
            {formatCount(members.length, "member")} in {context.organization.name}
            {seats ? ` · ${seats.used} of ${formatCount(seats.limit, "seat")} used` : ""}
            {seats && seats.used >= seats.limit ? " — no free seat: new invitations cannot be accepted until you add seats" : ""}
          </>
        }
      />

      <Card title="Invite a member">
        <InviteForm slug={org} />
      </Card>

      <Card title={`Invitations (${pending.length})`}>
        {pending.length === 0 ? (
          <p className="text-sm text-slate-600">No open invitations: invite someone with the form above.</p>
        ) : (
          <Table label="Invitations">
            <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
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
          </Table>
        )}
      </Card>

      <Card title="Members">
        <Table label="Members">
          <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
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
        </Table>
      </Card>
    </Page>
  );
}
