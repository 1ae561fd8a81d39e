import { AppShell } from "@/components/app-shell";
import { PastDueBanner } from "@/components/billing/past-due-banner";
import { getMyOrganizations, getOrgContext, withOrgDb } from "@/lib/tenancy/org-context";
import { countUnreadNotifications } from "@/db/queries/notifications";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await getOrgContext(org);
  const organizations = await getMyOrganizations();
  const unreadNotifications = await withOrgDb(context, (tx) =>
    countUnreadNotifications(tx, { organizationId: context.organization.id, userId: context.claims.sub }),
  );
  return (
    <AppShell
      slug={context.organization.slug}
      orgName={context.organization.name}
      role={context.role}
      email={context.claims.email}
      permissions={context.permissions}
      organizations={organizations}
      unreadNotifications={unreadNotifications}
    >
      <PastDueBanner context={context} />
      {children}
    </AppShell>
  );
}
