import type { Metadata } from "next";
import Link from "next/link";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { featureAccess } from "@/lib/tenancy/entitlements";
import { auditFilterOptions, listAuditLogs, type AuditEntry } from "@/db/queries/audit-logs";
import { auditSearchInput, auditSearchSchema } from "@/lib/validation/audit";
import { Card } from "@/components/ui/card";
import { UpgradePanel } from "@/components/billing/upgrade-panel";
import { actorLabel, describeChange } from "@/components/audit/format";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;

const when = (at: Date) => at.toISOString().replace("T", " ").slice(0, 19) + " UTC";

/** The page's URL with the filters kept and the cursor replaced. */
function pageHref(slug: string, filters: Record<string, string | undefined>, cursor: { before?: string; after?: string }) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...cursor })) if (value) query.set(key, value);
  const text = query.toString();
  return `/o/${slug}/admin/audit${text ? `?${text}` : ""}`;
}

// Guard (audit.view, and the plan's audit_log feature) → one RLS-scoped
// transaction → render. Filters and the page cursor live in the URL.
export default async function AuditLogPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const { org } = await params;
  const context = await requirePermission(org, "audit.view");
  const access = await featureAccess(context, "audit_log");
  if (!access.allowed) {
    return (
      <div className="max-w-3xl space-y-6">
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <UpgradePanel access={access} slug={org} canManageBilling={can(context, "billing.manage")} />
      </div>
    );
  }

  const search = auditSearchSchema.safeParse(auditSearchInput(await searchParams));
  const problem = search.success ? null : search.error.issues.map((issue) => `${issue.path.join(".") || "filter"} ${issue.message}`).join("; ");
  const { before, after, ...filters } = search.success ? search.data : {};
  const [page, options] = await withOrgDb(context, (tx) =>
    Promise.all([
      search.success ? listAuditLogs(tx, context.organization.id, { filters, before, after }) : Promise.resolve({ entries: [] as AuditEntry[], newer: null, older: null }),
      auditFilterOptions(tx, context.organization.id),
    ]),
  );
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="max-w-6xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600">
          Changes to members, invitations, API keys, course publishing, grading and billing, with who made them and from where.
        </p>
      </header>

      <Card title="Filter">
        <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the audit log">
          <label className="flex flex-col gap-1">
            <span className="text-slate-600">Who</span>
            <select name="actor" defaultValue={filters.actor ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5">
              <option value="">Anyone</option>
              {options.actors.map((actor) => (
                <option key={actor.id} value={actor.id}>
                  {actor.name ? `${actor.name} (${actor.email})` : (actor.email ?? "A deleted user")}
                </option>
              ))}
              {options.hasSystem ? <option value="system">Stripe or system</option> : null}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-slate-600">Action</span>
            <select name="action" defaultValue={filters.action ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5">
              <option value="">Any action</option>
              {options.actions.map((action) => <option key={action} value={action}>{action}</option>)}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-slate-600">From</span>
            <input type="date" name="from" defaultValue={filters.from ?? ""} className="rounded-md border border-slate-300 px-2 py-1" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-slate-600">To</span>
            <input type="date" name="to" defaultValue={filters.to ?? ""} className="rounded-md border border-slate-300 px-2 py-1" />
          </label>
          <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">Apply</button>
          {filtered || problem ? <Link href={`/o/${org}/admin/audit`} className="py-1.5 text-slate-600 underline">Clear filters</Link> : null}
        </form>
        {problem ? (
          <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            This filter cannot be applied: {problem}.
          </p>
        ) : null}
      </Card>

      <Card title={filtered ? "Matching changes, newest first" : "Changes, newest first"}>
        {page.entries.length === 0 ? (
          <p className="text-sm text-slate-600">{filtered ? "No change matches these filters." : problem ? "Fix the filter above." : "Nothing has been recorded yet."}</p>
        ) : (
          <div role="region" aria-label="Audit log entries" tabIndex={0} className="relative overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="text-xs uppercase text-slate-600">
                <tr><th className="py-2">When</th><th>Action</th><th>By</th><th>About</th><th>Details</th><th>IP</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.entries.map((entry) => {
                  const actor = actorLabel(entry);
                  return (
                    <tr key={entry.cursor} className="align-top">
                      <td className="whitespace-nowrap py-2 text-slate-600">{when(entry.createdAt)}</td>
                      <td className="whitespace-nowrap font-mono text-xs">{entry.action}</td>
                      <td>
                        {actor.name}
                        {actor.email ? <div className="text-xs text-slate-600">{actor.email}</div> : null}
                      </td>
                      <td>{entry.subject ?? ""}</td>
                      <td className="text-slate-600">{describeChange(entry.oldValues, entry.newValues)}</td>
                      <td className="text-slate-600">{entry.ipAddress ?? ""}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Audit log pages" className="mt-4 flex justify-between text-sm">
          {page.newer ? <Link href={pageHref(org, filters, { after: page.newer })} className="text-brand-700 underline">← Newer</Link> : <span />}
          {page.older ? <Link href={pageHref(org, filters, { before: page.older })} className="text-brand-700 underline">Older →</Link> : <span />}
        </nav>
      </Card>
    </div>
  );
}
