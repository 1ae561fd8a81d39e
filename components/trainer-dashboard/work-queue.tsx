"use client";
// The trainer's home: what needs them today, across the cohorts they teach —
// submissions waiting for a grade (oldest first), overdue learners (longest
// first) and learners at risk (riskiest first), each one click from acting.
// First paint from the server (initial); react-query refetches through
// /api/o/<org>/dashboards/trainer/work-queue when the tab regains focus
// (after grading elsewhere) or on "Refresh".
import Link from "next/link";
import { AlarmClock, AlertTriangle, ClipboardCheck, RefreshCw } from "lucide-react";
import { useDashboardWidget } from "@/components/charts/use-dashboard-widget";
import { Card } from "@/components/ui/card";
import { Stat, StatGrid } from "@/components/ui/stat";
import { formatCount, formatDate, formatPercent } from "@/lib/format";
import type { TrainerWorkQueue } from "@/db/queries/dashboard-trainer";
import { RiskFactors, RiskPill } from "./risk";

export function WorkQueue({ slug, initial }: { slug: string; initial: TrainerWorkQueue }) {
  const { data, isFetching, error, refetch } = useDashboardWidget<TrainerWorkQueue>(["trainer-work-queue", slug], `/api/o/${slug}/dashboards/trainer/work-queue`, initial);
  const queue = data ?? initial;
  const { grading, overdue, atRisk } = queue;
  const learner = (cohortId: string, userId: string) => `/o/${slug}/cohorts/${cohortId}/learners/${userId}`;
  const nothing = grading.total + overdue.total + atRisk.total === 0;

  return (
    <section aria-labelledby="work-queue" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="work-queue" className="text-lg font-semibold text-slate-900">
          Your work queue
        </h2>
        <button
          type="button"
          onClick={() => refetch()}
          disabled={isFetching}
          className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:text-slate-500"
        >
          <RefreshCw aria-hidden className={`size-4 ${isFetching ? "animate-spin" : ""}`} />
          {isFetching ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-danger-200 bg-danger-50 px-3 py-2 text-sm text-danger-800">
          Could not refresh the queue: {error.message} Showing the last loaded numbers.
        </p>
      ) : null}
      <StatGrid columns={3}>
        <Stat label="To grade" value={grading.total} icon={ClipboardCheck} tone={grading.total ? "warning" : "success"} hint={grading.total ? "submissions waiting" : "nothing waiting"} />
        <Stat label="Overdue" value={overdue.total} icon={AlarmClock} tone={overdue.total ? "danger" : "success"} hint="learners past their due date" />
        <Stat label="At risk" value={atRisk.total} icon={AlertTriangle} tone={atRisk.total ? "warning" : "success"} hint="medium or high drop-off risk" />
      </StatGrid>
      {nothing ? (
        <p className="rounded-md border border-success-200 bg-success-50 px-3 py-2 text-sm text-success-800">
          All clear: nothing to grade, nobody overdue or at risk in your cohorts.
        </p>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Waiting for your grade" description="Oldest submission first.">
          <QueueList empty="No submission is waiting for a grade." total={grading.total} shown={grading.items.length}>
            {grading.items.map((item) => (
              <li key={item.attemptId} className="flex items-start justify-between gap-3 py-2.5">
                <div className="min-w-0">
                  <p className="truncate font-medium text-slate-900">{item.learnerName}</p>
                  <p className="text-xs text-slate-600">
                    {item.assessmentTitle} · try {item.attemptNumber} · {item.cohortName} · submitted {formatDate(item.submittedAt)}
                  </p>
                </div>
                <Link
                  href={`/o/${slug}/cohorts/${item.cohortId}/attempts/${item.attemptId}`}
                  className="shrink-0 rounded-md bg-brand-600 px-2.5 py-1 text-sm font-medium text-white hover:bg-brand-700"
                  aria-label={`Grade ${item.learnerName}'s ${item.assessmentTitle}`}
                >
                  Grade
                </Link>
              </li>
            ))}
          </QueueList>
        </Card>
        <Card title="Overdue learners" description="Longest overdue first.">
          <QueueList empty="Nobody is past their due date." total={overdue.total} shown={overdue.items.length}>
            {overdue.items.map((item) => (
              <li key={`${item.cohortId}:${item.userId}`} className="py-2.5">
                <Link href={learner(item.cohortId, item.userId)} className="font-medium text-brand-700 hover:underline">
                  {item.learnerName}
                </Link>
                <p className="text-xs text-slate-600">
                  {formatCount(item.daysOverdue, "day")} overdue (due {item.dueOn}) · {formatPercent(item.progressPercent)} done · {item.cohortName}
                </p>
              </li>
            ))}
          </QueueList>
        </Card>
        <Card title="Learners at risk" description="Riskiest first, with what drives it.">
          <QueueList empty="No learner is at medium or high risk of dropping off." total={atRisk.total} shown={atRisk.items.length}>
            {atRisk.items.map((item) => (
              <li key={item.userId} className="space-y-1 py-2.5">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <Link href={learner(item.cohortId, item.userId)} className="font-medium text-brand-700 hover:underline">
                    {item.learnerName}
                  </Link>
                  <RiskPill level={item.riskLevel} risk={item.dropOffRisk} />
                </div>
                <p className="text-xs text-slate-600">{item.cohortName}</p>
                <RiskFactors factors={item.factors} limit={2} />
              </li>
            ))}
          </QueueList>
        </Card>
      </div>
    </section>
  );
}

function QueueList({ children, empty, total, shown }: { children: React.ReactNode; empty: string; total: number; shown: number }) {
  if (total === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <>
      <ul className="-my-2.5 divide-y divide-slate-100 text-sm">{children}</ul>
      {total > shown ? <p className="mt-3 text-xs text-slate-600">{total - shown} more not shown: open the cohort to see them all.</p> : null}
    </>
  );
}
