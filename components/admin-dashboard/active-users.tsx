"use client";
// Active users (day / week / month as of the range's end, and in the range)
// with the daily active learners of the range. First paint from the server;
// Refresh (and returning to the tab after a minute) refetches through
// /api/o/<org>/dashboards/admin/activity with the same filters.
import { RefreshCw, UserCheck } from "lucide-react";
import { TrendLine } from "@/components/charts/trend-line";
import { useDashboardWidget } from "@/components/charts/use-dashboard-widget";
import { Stat, StatGrid } from "@/components/ui/stat";
import { Button } from "@/components/ui/button";
import type { ActiveUsers, DailyPoint } from "@/db/queries/dashboard-admin";
import type { AdminFilters } from "@/lib/validation/dashboard-admin";

type Widget = { activeUsers: ActiveUsers; daily: DailyPoint[] };

export function ActiveUsersWidget({
  slug,
  filters,
  initial,
  learners,
  today,
}: {
  slug: string;
  filters: AdminFilters;
  initial: Widget;
  learners: number | null;
  today: string;
}) {
  const query = new URLSearchParams({ from: filters.from, to: filters.to, ...(filters.cohortId ? { cohort: filters.cohortId } : {}) });
  const { data, isFetching, error, refetch } = useDashboardWidget<Widget>(
    ["admin-activity", slug, filters.from, filters.to, filters.cohortId],
    `/api/o/${slug}/dashboards/admin/activity?${query}`,
    initial,
  );
  const { activeUsers, daily } = data ?? initial;
  const share = (n: number) => (learners ? `${Math.round((100 * n) / learners)} % of ${learners} learners` : undefined);
  return (
    <div className="space-y-3">
      <StatGrid columns={4}>
        <Stat label={filters.to === today ? "Today" : `On ${filters.to}`} value={activeUsers.day} hint={share(activeUsers.day) ?? "active that day"} icon={UserCheck} />
        <Stat label="Last 7 days" value={activeUsers.week} hint={share(activeUsers.week) ?? "weekly active"} />
        <Stat label="Last 30 days" value={activeUsers.month} hint={share(activeUsers.month) ?? "monthly active"} />
        <Stat label="In the range" value={activeUsers.inRange} hint="at least one active day" />
      </StatGrid>
      <TrendLine
        title="Who is learning each day?"
        subtitle="Learners with at least one event per day (UTC); the day / week / month figures above end on the range's last day."
        data={daily.map((d) => ({ day: d.day, active: d.activeLearners }))}
        x="day"
        xLabel="Day"
        xFormat="date"
        series={[{ key: "active", label: "Active learners" }]}
        area
        isEmpty={daily.every((d) => d.activeLearners === 0)}
        empty="Nobody was active in this range. Choose a longer range, or another cohort."
        actions={
          <Button type="button" variant="secondary" onClick={() => refetch()} disabled={isFetching} aria-label="Refresh active users">
            <RefreshCw aria-hidden className={`size-4 ${isFetching ? "animate-spin" : ""}`} />
            {isFetching ? "Refreshing…" : "Refresh"}
          </Button>
        }
        footer={error ? <span role="alert" className="text-danger-700">Could not refresh: {error.message} The numbers shown are from the last successful load.</span> : undefined}
      />
    </div>
  );
}
