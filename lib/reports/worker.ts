// The report worker: generation off the request path. Claims waiting
// reports one at a time (private.claim_report: `for update skip locked`, so
// any number of workers can run), reads the report's numbers AS THE MEMBER
// WHO ASKED (their RLS scope, in the report's organization: a report can hold
// nothing its requester could not read, and nothing of another tenant),
// renders the file and stores it, or marks the report failed with the reason.
//
// Who runs it: right after a request (`after()` in the request action, so the
// member does not wait for a timer), the dev scheduler every 10 seconds
// (lib/reports/dev-worker.ts, started by scripts/dev.ts), and in production POST /api/jobs/reports with
// REPORTS_JOB_SECRET, called by pg_cron (pg_net) or any external cron.
import type { Database } from "@/db/client";
import { withServiceDb, withUserDb } from "@/db/rls";
import { buildReportDocument } from "@/db/queries/report-data";
import { claimReport, completeReport, failReport, type ClaimedReport } from "@/db/queries/reports";
import { AppError } from "@/lib/errors";
import { defaultPeriod } from "./document";
import { renderReport } from "./render";

export interface WorkerRun {
  completed: string[];
  failed: { id: string; reason: string }[];
}

/** Why a report failed, in words for the member: our own refusals as they are, anything else without internals. */
export function failureReason(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const code = (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  if (typeof code === "string" && /^SW\d{3}$/.test(code)) {
    return (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
  }
  return "The report could not be generated because of an internal error; request it again, and tell support if it keeps failing";
}

async function generate(db: Database, report: ClaimedReport) {
  if (!report.requestedBy || !report.requesterEmail) throw new AppError(410, "The person who requested this report is gone");
  const claims = { sub: report.requestedBy, email: report.requesterEmail };
  const period = { ...defaultPeriod(), ...report.parameters } as { from: string; to: string };
  const document = await withUserDb(
    claims,
    (tx) => buildReportDocument(tx, { organizationId: report.organizationId, reportType: report.reportType, subjectId: report.subjectId, period }),
    {},
    db,
  );
  return renderReport(report.format, document);
}

/** Generates waiting reports until the queue is empty or `limit` were handled. */
export async function runReportWorker(db: Database, options: { limit?: number; log?: (message: string) => void; organizationId?: string } = {},
): Promise<WorkerRun> {
  const { limit = 20, log = () => {}, organizationId = null } = options;
  const run: WorkerRun = { completed: [], failed: [] };
  for (let handled = 0; handled < limit; handled++) {
    const report = await withServiceDb("report worker: claim the next report", (tx) => claimReport(tx, organizationId), db);
    if (!report) break;
    try {
      const file = await generate(db, report);
      await withServiceDb("report worker: store the file", (tx) => completeReport(tx, { reportId: report.id, ...file }), db);
      run.completed.push(report.id);
      log(`report ${report.id} (${report.reportType}, ${report.format}) completed: ${file.content.length} bytes`);
    } catch (error) {
      const reason = failureReason(error);
      if (!(error instanceof AppError)) log(`report ${report.id} failed: ${error instanceof Error ? error.stack : String(error)}`);
      await withServiceDb("report worker: record the failure", (tx) => failReport(tx, { reportId: report.id, reason }), db);
      run.failed.push({ id: report.id, reason });
    }
  }
  return run;
}
