// The org admin's overview: who is learning (active users day / week / month),
// how (engagement, scores and mastery, velocity), what (skill demand with
// growth), the KPI tree with each definition one click away, cohorts side by
// side, and how long raw events are kept. Date range and cohort live in the URL
// (?from&to&cohort, validated; a bad one is explained). Guard
// (analytics.view_org) → one RLS-scoped transaction → render (the route group
// keeps this loading skeleton off the other admin pages). A new
// organization sees how to get data in instead of empty charts.
import type { Metadata } from "next";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { featureAccess, upgradeMessage } from "@/lib/tenancy/entitlements";
import { UpgradePanel } from "@/components/billing/upgrade-panel";
import { adminOverview, getRawRetentionDays } from "@/db/queries/dashboard-admin";
import { countMembersByRole } from "@/db/queries/members";
import { parseAdminFilters } from "@/lib/validation/dashboard-admin";
import { Page, PageHeader } from "@/components/ui/page-header";
import { DashboardQueryProvider } from "@/components/charts/query-provider";
import { OverviewFilters } from "@/components/admin-dashboard/filters";
import { ActiveUsersWidget } from "@/components/admin-dashboard/active-users";
import { KpiTree } from "@/components/admin-dashboard/kpi-tree";
import { CohortComparison, SkillDemandChart, TrendCharts } from "@/components/admin-dashboard/charts";
import { RetentionSetting } from "@/components/admin-dashboard/retention";
import { GettingStarted } from "@/components/admin-dashboard/getting-started";

export const metadata: Metadata = { title: "Organization overview" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AdminOverviewPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const { org } = await params;
  const context = await requirePermission(org, "analytics.view_org");
  // Plan entitlements (one list in the database, the pricing page's): the
  // overview itself, the KPI tree and the retention setting are each sold.
  const [analyticsAccess, kpiAccess, retentionAccess] = await Promise.all([
    featureAccess(context, "analytics_dashboards"),
    featureAccess(context, "kpi_tree"),
    featureAccess(context, "retention_settings"),
  ]);
  const retentionLock = retentionAccess.allowed ? undefined : upgradeMessage(retentionAccess);
  if (!analyticsAccess.allowed) {
    const retentionDays = await withOrgDb(context, (tx) => getRawRetentionDays(tx, { organizationId: context.organization.id }));
    return (
      <Page>
        <PageHeader eyebrow={context.organization.name} title="Organization overview" />
        <UpgradePanel access={analyticsAccess} slug={org} canManageBilling={can(context, "billing.manage")} />
        <GettingStarted slug={org} />
        <RetentionSetting slug={org} days={retentionDays} canManage={false} lockedBy={retentionLock} />
      </Page>
    );
  }
  const today = new Date().toISOString().slice(0, 10);
  const parsed = parseAdminFilters(await searchParams, today);
  const organizationId = context.organization.id;

  const [data, roles] = await withOrgDb(context, async (tx) => {
    let { filters, problem } = parsed;
    let overview = await adminOverview(tx, { organizationId, ...filters });
    // A cohort id of another organization (or a deleted cohort) is a filter problem too.
    if (filters.cohortId && !overview.cohorts.some((c) => c.id === filters.cohortId)) {
      problem = "that cohort does not exist in this organization";
      filters = { ...filters, cohortId: null };
      overview = await adminOverview(tx, { organizationId, ...filters });
    }
    return [{ overview, filters, problem }, await countMembersByRole(tx, organizationId)] as const;
  });
  const { overview, filters, problem } = data;
  const slug = context.organization.slug;
  const cohortName = filters.cohortId ? overview.cohorts.find((c) => c.id === filters.cohortId)?.name : null;
  const learners = overview.hasActivity
    ? filters.cohortId
      ? (overview.cohortComparison.find((c) => c.cohortId === filters.cohortId)?.learners ?? null)
      : (roles.learner ?? null)
    : null;

  return (
    <DashboardQueryProvider>
      <Page width="wide">
        <PageHeader
          eyebrow={context.organization.name}
          title="Organization overview"
          description="Who is learning, how well and how fast, which skills are in demand, and where risk is building — for the range and cohort you choose."
        />
        {overview.hasActivity ? (
          <>
            <OverviewFilters slug={slug} filters={filters} today={today} cohorts={overview.cohorts} problem={problem} requested={parsed.requested} />
            <section aria-labelledby="active-users-heading" className="space-y-3">
              <h2 id="active-users-heading" className="text-lg font-semibold text-slate-900">Active users</h2>
              <ActiveUsersWidget slug={slug} filters={filters} initial={{ activeUsers: overview.activeUsers, daily: overview.daily }} learners={learners} today={today} />
            </section>
            {kpiAccess.allowed ? (
              <KpiTree latest={overview.kpis.latest} first={overview.kpis.history[0] ?? null} scopeLabel={cohortName ?? "the whole organization"} />
            ) : (
              <UpgradePanel access={kpiAccess} slug={slug} canManageBilling={can(context, "billing.manage")} />
            )}
            <div className="grid gap-6 lg:grid-cols-2">
              <TrendCharts weekly={overview.weekly} kpis={overview.kpis.history} latest={overview.kpis.latest} />
              <SkillDemandChart month={overview.skillDemand.month} rows={overview.skillDemand.rows} cohortFiltered={Boolean(filters.cohortId)} />
            </div>
            <CohortComparison slug={slug} rows={overview.cohortComparison} filters={filters} />
          </>
        ) : (
          <GettingStarted slug={slug} />
        )}
        <RetentionSetting slug={slug} days={overview.retentionDays} canManage={can(context, "settings.manage")} lockedBy={retentionLock} />
      </Page>
    </DashboardQueryProvider>
  );
}
