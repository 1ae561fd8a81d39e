import { AppShell } from "@/components/app-shell";
import { getMyOrganizations, getOrgContext } from "@/lib/tenancy/org-context";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await getOrgContext(org);
  const organizations = await getMyOrganizations();
  return (
    <AppShell
      slug={context.organization.slug}
      orgName={context.organization.name}
      role={context.role}
      email={context.claims.email}
      permissions={context.permissions}
      organizations={organizations}
    >
      {children}
    </AppShell>
  );
}
