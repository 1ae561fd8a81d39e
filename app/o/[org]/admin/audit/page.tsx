import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { listRecentAuditLogs } from "@/db/queries/audit-logs";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Audit log" };

function describeChange(oldValues: unknown, newValues: unknown): string {
  const before = (oldValues ?? {}) as Record<string, unknown>;
  const after = (newValues ?? {}) as Record<string, unknown>;
  const subject = after.email ?? before.email ?? after.user_id ?? before.user_id ?? "";
  const changed = Object.keys(after).filter(
    (key) => key in before && !["updated_at", "last_sent_at", "expires_at"].includes(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  const changes = changed.map((key) => `${key}: ${String(before[key])} → ${String(after[key])}`).join(", ");
  return [subject, changes].filter(Boolean).join(" · ");
}

export default async function AuditLogPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "audit.view");
  const entries = await withOrgDb(context, (tx) => listRecentAuditLogs(tx, context.organization.id));
  return (
    <div className="max-w-5xl space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <Card title="Latest 100 changes">
        {entries.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing has been recorded yet.</p>
        ) : (
          <div role="region" aria-label="Audit log entries" tabIndex={0} className="relative overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2">When</th><th>Action</th><th>By</th><th>Details</th><th>IP</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((entry) => (
                <tr key={`${entry.id}`}>
                  <td className="whitespace-nowrap py-2 text-slate-500">{entry.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td className="font-mono text-xs">{entry.action}</td>
                  <td>{entry.actorEmail ?? "system"}</td>
                  <td className="text-slate-600">{describeChange(entry.oldValues, entry.newValues)}</td>
                  <td className="text-slate-500">{entry.ipAddress ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </Card>
    </div>
  );
}
