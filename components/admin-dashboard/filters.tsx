// The overview's filters: a plain GET form, so the range and cohort live in
// the URL (a link shares exactly this view, reload keeps it, no JavaScript
// needed), plus one-click presets. A filter the URL got wrong is explained.
import Link from "next/link";
import { CalendarRange } from "lucide-react";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { addDays, adminOverviewHref, type AdminFilters } from "@/lib/validation/dashboard-admin";
import { formatDate } from "@/lib/format";

const PRESETS = [7, 30, 90, 365] as const;
const control =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";

export function OverviewFilters({
  slug,
  filters,
  today,
  cohorts,
  problem,
  requested,
}: {
  slug: string;
  filters: AdminFilters;
  today: string;
  cohorts: { id: string; name: string }[];
  problem: string | null;
  requested: Record<string, string>;
}) {
  const presetActive = (days: number) => filters.to === today && filters.from === addDays(today, -(days - 1));
  return (
    <Card>
      {/* Keyed by the filters: a quick range or cohort link navigates on the client, and the
          uncontrolled fields must show the new values, not the ones they were mounted with. */}
      <form key={`${filters.from}|${filters.to}|${filters.cohortId ?? ""}|${problem ?? ""}`} method="get" action={`/o/${slug}/admin`} aria-label="Filter the overview" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[10rem_10rem_minmax(12rem,1fr)_auto] lg:items-end">
        <label className="block text-sm font-medium text-slate-700">
          From
          <input type="date" name="from" defaultValue={problem ? (requested.from ?? filters.from) : filters.from} max={today} className={control} />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          To
          <input type="date" name="to" defaultValue={problem ? (requested.to ?? filters.to) : filters.to} max={today} className={control} />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          Cohort
          <select name="cohort" defaultValue={filters.cohortId ?? ""} className={control}>
            <option value="">All learners</option>
            {cohorts.map((cohort) => (
              <option key={cohort.id} value={cohort.id}>
                {cohort.name}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit">Apply</Button>
      </form>
      <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
        <CalendarRange aria-hidden className="size-4 text-slate-500" />
        <span className="text-slate-600">Quick ranges:</span>
        {PRESETS.map((days) => (
          <Link
            key={days}
            href={adminOverviewHref(slug, { from: addDays(today, -(days - 1)), to: today, cohort: filters.cohortId })}
            aria-current={presetActive(days) ? "true" : undefined}
            className="rounded-full border border-slate-300 px-2.5 py-0.5 text-slate-700 hover:bg-slate-100 aria-[current=true]:border-brand-600 aria-[current=true]:bg-brand-50 aria-[current=true]:text-brand-800"
          >
            Last {days} days
          </Link>
        ))}
        <span className="text-slate-600 sm:ml-auto">
          Showing {formatDate(filters.from)} – {formatDate(filters.to)}
          {filters.cohortId ? ` · ${cohorts.find((c) => c.id === filters.cohortId)?.name ?? "one cohort"}` : " · all learners"}
        </span>
      </div>
      {problem ? (
        <div role="alert" className="mt-3 rounded-md border border-danger-200 bg-danger-50 px-3 py-2 text-sm text-danger-800">
          These filters cannot be applied: {problem}. Showing the last 30 days for all learners instead.{" "}
          <Link href={`/o/${slug}/admin`} className="font-medium underline">
            Clear the filters
          </Link>
        </div>
      ) : null}
    </Card>
  );
}
