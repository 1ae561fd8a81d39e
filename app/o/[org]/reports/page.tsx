import type { Metadata } from "next";
import Link from "next/link";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { featureAccess } from "@/lib/tenancy/entitlements";
import { UpgradePanel } from "@/components/billing/upgrade-panel";
import { listReports, listReportSubjects, type ReportListItem } from "@/db/queries/reports";
import { defaultPeriod } from "@/lib/reports/document";
import { Badge, Card } from "@/components/ui/card";
import { RequestReportForm } from "@/components/reports/request-report-form";
import { ReportStatusPoller } from "@/components/reports/report-status-poller";
import { requestReportAction } from "./actions";

export const metadata: Metadata = { title: "Reports" };

const WAITING = new Set(["requested", "pending", "processing"]);
const STATUS_TONE = { requested: "slate", pending: "slate", processing: "brand", completed: "green", failed: "red", expired: "amber" } as const;
const TYPE_LABEL = { organization: "Organization report", cohort: "Cohort report", learner: "Learner report" } as const;

const when = (at: Date) => at.toISOString().replace("T", " ").slice(0, 16) + " UTC";
const size = (bytes: number | null) => (bytes === null ? "" : bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`);

export default async function ReportsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "reports.export");
  const access = await featureAccess(context, "report_exports");
  if (!access.allowed) {
    return (
      <div className="max-w-3xl space-y-6">
        <h1 className="text-2xl font-semibold">Reports</h1>
        <UpgradePanel access={access} slug={org} canManageBilling={can(context, "billing.manage")} />
      </div>
    );
  }
  const { reports, subjects } = await withOrgDb(context, async (tx) => ({
    reports: await listReports(tx, context.organization.id),
    subjects: await listReportSubjects(tx, context.organization.id),
  }));
  const types = [
    ...(can(context, "analytics.view_org") ? [{ value: "organization", label: "Organization: members, cohorts, completion, skills" }] : []),
    { value: "cohort", label: "Cohort: each learner's progress, scores, risk" },
    { value: "learner", label: "Learner: courses, scores, mastery" },
  ];
  const waiting = reports.filter((r) => WAITING.has(r.status)).map((r) => ({ id: r.id, status: r.status }));

  return (
    <div className="max-w-5xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Reports</h1>
        <p className="text-sm text-slate-500">
          Reports are generated in the background in a few seconds and can be downloaded for 7 days.
          {can(context, "cohorts.view_all") ? "" : " You can export the cohorts you teach and their learners."}
        </p>
      </header>

      <Card title="Request a report">
        {subjects.cohorts.length === 0 && !can(context, "analytics.view_org") ? (
          <p className="text-sm text-slate-500">
            There is nothing to report on yet: <Link className="text-brand-700 underline" href={`/o/${org}/cohorts`}>create a cohort</Link> and enroll learners first.
          </p>
        ) : (
          <RequestReportForm
            action={requestReportAction.bind(null, org)}
            types={types}
            cohorts={subjects.cohorts}
            learners={subjects.learners}
            defaultPeriod={defaultPeriod()}
          />
        )}
      </Card>

      <Card title="Your organization's reports" actions={<ReportStatusPoller slug={org} waiting={waiting} />}>
        {reports.length === 0 ? (
          <p className="text-sm text-slate-500">No reports yet. Request one above; it appears here while it is generated.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Reports">
            {reports.map((report) => <ReportRow key={report.id} org={org} report={report} />)}
          </ul>
        )}
      </Card>
    </div>
  );
}

function ReportRow({ org, report }: { org: string; report: ReportListItem }) {
  const title = `${TYPE_LABEL[report.reportType]}${report.subjectName ? `: ${report.subjectName}` : ""}`;
  return (
    <li className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 py-3 text-sm" data-report-id={report.id}>
      <div className="min-w-0 flex-1">
        <div className="font-medium text-slate-900">
          {title} <span className="font-mono text-xs uppercase text-slate-500">{report.format}</span>
        </div>
        <div className="text-xs text-slate-500">
          {report.parameters.from} to {report.parameters.to} · requested {when(report.createdAt)}
          {report.requestedByName ? ` by ${report.requestedByName}` : ""}
        </div>
        {report.status === "failed" ? (
          <p className="mt-1 text-xs text-red-700" role="note">Failed: {report.error}</p>
        ) : null}
        {report.status === "expired" && report.expiresAt ? (
          <p className="mt-1 text-xs text-slate-500">Expired {when(report.expiresAt)}; request it again to download.</p>
        ) : null}
      </div>
      <div className="flex items-center gap-3">
        <Badge tone={STATUS_TONE[report.status]}>{report.status}</Badge>
        {report.status === "completed" ? (
          <a
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
            href={`/o/${org}/reports/${report.id}/download`}
            download
            aria-label={`Download ${title} (${report.format.toUpperCase()})`}
          >
            Download <span className="text-xs text-slate-500">{size(report.byteSize)}</span>
          </a>
        ) : null}
        {report.status === "completed" && report.expiresAt ? (
          <span className="text-xs text-slate-500">until {report.expiresAt.toISOString().slice(0, 10)}</span>
        ) : null}
      </div>
    </li>
  );
}
