import { AppShell } from "@/components/app-shell";
import { PastDueBanner } from "@/components/billing/past-due-banner";
import { can, getOrgContext, withOrgDb } from "@/lib/tenancy/org-context";
import { appShellData } from "@/db/queries/app-shell";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  // Cached for the request: the page below reuses it.
  const context = await getOrgContext(org);
  const shell = await withOrgDb(context, (tx) =>
    appShellData(tx, { organizationId: context.organization.id, userId: context.claims.sub, billingManager: can(context, "billing.manage") }),
  );
  return (
    <AppShell
      slug={context.organization.slug}
      orgName={context.organization.name}
      role={context.role}
      email={context.claims.email}
      permissions={context.permissions}
      organizations={shell.organizations}
      unreadNotifications={shell.unreadNotifications}
    >
      {shell.paymentPastDue ? <PastDueBanner slug={context.organization.slug} /> : null}
      {children}
    </AppShell>
  );
}
