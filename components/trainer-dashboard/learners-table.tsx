// A cohort's learners, one page at a time: sorting, filtering and paging
// happen in SQL (listCohortLearners), driven by the URL's search params, so a
// 400-learner cohort sends 50 rows and every view is a shareable link. Works
// without JavaScript: the filters are a GET form, the headers and pager links.
import Link from "next/link";
import { AlarmClock, ArrowDown, ArrowUp, CircleCheck } from "lucide-react";
import { StatusPill } from "@/components/ui/badge";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Table, TableBody } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatNumber, formatPercent } from "@/lib/format";
import { isLearnerOverdue } from "@/lib/learning/overdue";
import type { CohortLearnerRow } from "@/db/queries/analytics-cohort";
import type { CohortLearnersQuery } from "@/lib/validation/analytics";
import { topFactor } from "@/db/queries/dashboard-trainer";
import { factorValue, RiskPill } from "./risk";

type Sort = CohortLearnersQuery["sort"];

const COLUMNS: Array<{ label: string; sort?: Sort }> = [
  { label: "Learner", sort: "name" },
  { label: "Progress", sort: "progress" },
  { label: "Due" },
  { label: "Engagement", sort: "engagement" },
  { label: "Avg. score", sort: "score" },
  { label: "Last active", sort: "last_active" },
  { label: "Drop-off risk", sort: "risk" },
];

const inputClass = "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-600";

export function LearnersTable({
  basePath,
  query,
  total,
  rows,
  endsOn,
  problem,
}: {
  /** The cohort page's path, without search params. */
  basePath: string;
  query: CohortLearnersQuery;
  total: number;
  rows: CohortLearnerRow[];
  endsOn: string;
  /** Why the URL's parameters were not used, if they were not. */
  problem?: string | null;
}) {
  const href = (change: Partial<CohortLearnersQuery>) => {
    const next = { ...query, ...change };
    const params = new URLSearchParams();
    if (next.sort !== "risk") params.set("sort", next.sort);
    if (next.direction !== "desc") params.set("direction", next.direction);
    if (next.risk !== "any") params.set("risk", next.risk);
    if (next.search) params.set("search", next.search);
    if (next.page !== 1) params.set("page", String(next.page));
    if (next.pageSize !== 50) params.set("pageSize", String(next.pageSize));
    const qs = params.toString();
    return `${basePath}${qs ? `?${qs}` : ""}#learners`;
  };
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const from = total === 0 ? 0 : (query.page - 1) * query.pageSize + 1;
  const to = Math.min(total, query.page * query.pageSize);
  const filtered = query.search !== "" || query.risk !== "any";

  return (
    <div className="space-y-3">
      {problem ? (
        <p role="alert" className="rounded-md border border-danger-200 bg-danger-50 px-3 py-2 text-sm text-danger-800">
          {problem} Showing the default view instead.
        </p>
      ) : null}
      <form method="get" action={`${basePath}#learners`} role="search" aria-label="Filter learners" className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm font-medium text-slate-700 sm:max-w-xs">
          Name or email
          <input type="search" name="search" defaultValue={query.search} maxLength={100} className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          Risk
          <select name="risk" defaultValue={query.risk} className={inputClass}>
            <option value="any">Any</option>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
        </label>
        {query.sort !== "risk" ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.direction !== "desc" ? <input type="hidden" name="direction" value={query.direction} /> : null}
        {query.pageSize !== 50 ? <input type="hidden" name="pageSize" value={query.pageSize} /> : null}
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Apply
        </button>
        {filtered ? (
          <Link href={href({ search: "", risk: "any", page: 1 })} className="py-1.5 text-sm font-medium text-brand-700 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </form>

      {rows.length === 0 ? (
        <EmptyState>{filtered ? "No learner matches these filters." : query.page > 1 ? "This page is past the last learner." : "No learner enrolled yet: enroll learners below."}</EmptyState>
      ) : (
        <Table label="Learners">
          <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
            <tr>
              {COLUMNS.map((c) => {
                const active = c.sort === query.sort;
                const ariaSort = active ? (query.direction === "asc" ? "ascending" : "descending") : undefined;
                return (
                  <th key={c.label} scope="col" aria-sort={ariaSort} className="whitespace-nowrap">
                    {c.sort ? (
                      <Link
                        href={href({ sort: c.sort, direction: active && query.direction === "desc" ? "asc" : "desc", page: 1 })}
                        className={`inline-flex items-center gap-1 hover:text-slate-900 ${active ? "text-slate-900" : ""}`}
                      >
                        {c.label}
                        <span className="sr-only">{active ? `, sorted ${ariaSort}; sort the other way` : ", sort"}</span>
                        {active ? query.direction === "asc" ? <ArrowUp aria-hidden className="size-3.5" /> : <ArrowDown aria-hidden className="size-3.5" /> : null}
                      </Link>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <TableBody>
            {rows.map((r) => {
              const overdue = isLearnerOverdue({ dueOn: r.dueOn, endsOn, progressPercent: r.progressPercent });
              const top = topFactor(r.factors);
              return (
                <tr key={r.userId}>
                  <td className="min-w-44">
                    <Link href={`${basePath}/learners/${r.userId}`} className="font-medium text-brand-700 hover:underline">
                      {r.name}
                    </Link>
                    <span className="block text-xs text-slate-600">{r.email}</span>
                  </td>
                  <td>
                    <ProgressBar value={r.progressPercent} label={`Progress of ${r.name}`} className="w-16" />
                  </td>
                  <td className="whitespace-nowrap">
                    <span className="text-slate-700">{r.dueOn ?? endsOn}</span>
                    {r.progressPercent >= 100 ? (
                      <span className="block"><StatusPill tone="success" icon={CircleCheck}>Completed</StatusPill></span>
                    ) : overdue ? (
                      <span className="block"><StatusPill tone="danger" icon={AlarmClock}>Overdue</StatusPill></span>
                    ) : null}
                  </td>
                  <td className="tabular-nums">{r.engagementScore === null ? "—" : formatNumber(r.engagementScore)}</td>
                  <td className="tabular-nums">{formatPercent(r.avgScore)}</td>
                  <td className="whitespace-nowrap">{r.lastActive ? formatDate(r.lastActive) : "Never"}</td>
                  <td>
                    <RiskPill level={r.riskLevel} risk={r.dropOffRisk} />
                    {top && r.riskLevel !== "low" ? (
                      <span className="mt-0.5 block text-xs text-slate-600">
                        {top.label}: {factorValue(top)}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </TableBody>
        </Table>
      )}

      <nav aria-label="Learner pages" className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        <p aria-live="polite">
          {total === 0 ? "No learner" : `Learners ${formatNumber(from)}–${formatNumber(to)} of ${formatNumber(total)}`}
          {filtered ? " matching the filters" : ""}
        </p>
        {pages > 1 ? (
          <div className="flex items-center gap-3">
            {query.page > 1 ? (
              <Link href={href({ page: query.page - 1 })} className="font-medium text-brand-700 hover:underline" rel="prev">
                Previous
              </Link>
            ) : null}
            <span>
              Page {formatNumber(query.page)} of {formatNumber(pages)}
            </span>
            {query.page < pages ? (
              <Link href={href({ page: query.page + 1 })} className="font-medium text-brand-700 hover:underline" rel="next">
                Next
              </Link>
            ) : null}
          </div>
        ) : null}
      </nav>
    </div>
  );
}
