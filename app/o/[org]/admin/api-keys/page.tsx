import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { listApiKeys } from "@/db/queries/api-keys";
import { MAX_EVENTS_PER_BATCH } from "@/lib/events/ingest";
import { Badge, Card } from "@/components/ui/card";
import { CreateApiKeyForm, RevokeApiKeyForm } from "./api-key-forms";
import { Table } from "@/components/ui/table";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "API keys" };

const when = (at: Date | null) => (at ? at.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never");

export default async function ApiKeysPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "api_keys.manage");
  const keys = await withOrgDb(context, (tx) => listApiKeys(tx, context.organization.id));
  const active = keys.filter((key) => !key.revokedAt).length;

  return (
    <Page>
      <PageHeader
        title="API keys"
        description={
          <>
            External learning tools post events to <code className="font-mono">POST /api/v1/events</code> with{" "}
            <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>, up to {MAX_EVENTS_PER_BATCH} events per request.
            Only a hash of each key is stored: copy a new key when it is shown.
          </>
        }
      />

      <Card title="Create a key">
        <CreateApiKeyForm slug={org} />
      </Card>

      <Card title={`Keys (${active} active)`}>
        {keys.length === 0 ? (
          <p className="text-sm text-slate-600">No API keys yet.</p>
        ) : (
          <Table label="API keys">
            <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
              <tr><th className="py-2">Name</th><th>Key</th><th>Created</th><th>Last used</th><th>Status</th><th className="sr-only">Actions</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((key) => (
                <tr key={key.id}>
                  <td className="py-2 align-top">
                    {key.name}
                    <div className="text-xs text-slate-600">by {key.createdByName || key.createdByEmail || "a former member"}</div>
                  </td>
                  <td className="align-top font-mono text-xs">{key.keyPrefix}…</td>
                  <td className="align-top text-slate-600">{when(key.createdAt)}</td>
                  <td className="align-top text-slate-600">{when(key.lastUsedAt)}</td>
                  <td className="align-top">
                    {key.revokedAt ? <Badge tone="red">revoked {when(key.revokedAt).slice(0, 10)}</Badge> : <Badge tone="green">active</Badge>}
                  </td>
                  <td className="text-right align-top">
                    {key.revokedAt ? null : <RevokeApiKeyForm slug={org} apiKeyId={key.id} name={key.name} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </Page>
  );
}
