// Reports: requests, the list, the file, and the worker's SQL steps
// (supabase/migrations/20261130000500_reports.sql). Members' functions run in
// their RLS-scoped transaction: a report they may not export is not there.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { notFound } from "@/lib/errors";
import { profiles, reportFiles, reports, type ReportFormat, type ReportParameters, type ReportType } from "../schema";

export interface ReportRequest {
  organizationId: string;
  reportType: ReportType;
  subjectId: string | null;
  format: ReportFormat;
  parameters: ReportParameters;
}

/** Records a request as the signed-in member (status requested); the worker does the rest. */
export async function requestReport(tx: Tx, input: ReportRequest): Promise<{ id: string }> {
  // Only the columns a member may choose (column grants): the status,
  // requester and timestamps take their defaults.
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into public.reports (organization_id, report_type, subject_id, format, parameters)
    values (${input.organizationId}, ${input.reportType}, ${input.subjectId}, ${input.format}, ${JSON.stringify(input.parameters)}::jsonb)
    returning id`);
  return row;
}

/** The organization's reports the caller may see, newest first, with a readable subject name. */
export async function listReports(tx: Tx, organizationId: string, limit = 50) {
  const rows = await tx.execute<{
    id: string;
    report_type: ReportType;
    format: ReportFormat;
    status: (typeof reports.$inferSelect)["status"];
    parameters: ReportParameters;
    error: string | null;
    file_name: string | null;
    byte_size: number | null;
    created_at: string;
    completed_at: string | null;
    expires_at: string | null;
    subject_name: string | null;
    requested_by_name: string | null;
  }>(sql`
    select r.id, r.report_type, r.format, r.status, r.parameters, r.error, r.file_name, r.byte_size,
      r.created_at, r.completed_at, r.expires_at,
      case r.report_type
        when 'cohort' then (select c.name from public.cohorts c where c.id = r.subject_id)
        when 'learner' then (select coalesce(nullif(p.full_name, ''), p.email) from public.profiles p where p.id = r.subject_id)
      end as subject_name,
      (select coalesce(nullif(p.full_name, ''), p.email) from public.profiles p where p.id = r.requested_by) as requested_by_name
    from public.reports r
    where r.organization_id = ${organizationId}
    order by r.created_at desc
    limit ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    reportType: r.report_type,
    format: r.format,
    status: r.status,
    parameters: r.parameters,
    error: r.error,
    fileName: r.file_name,
    byteSize: r.byte_size,
    createdAt: new Date(r.created_at),
    completedAt: r.completed_at ? new Date(r.completed_at) : null,
    expiresAt: r.expires_at ? new Date(r.expires_at) : null,
    subjectName: r.subject_name,
    requestedByName: r.requested_by_name,
  }));
}

export type ReportListItem = Awaited<ReturnType<typeof listReports>>[number];

/** Status of the given reports (the page's poller). */
export async function reportStatuses(tx: Tx, organizationId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: reports.id, status: reports.status })
    .from(reports)
    .where(and(eq(reports.organizationId, organizationId), sql`${reports.id} = any(${`{${ids.join(",")}}`}::uuid[])`));
}

/** A completed report's file; not found for anyone who may not see it, another organization's id, or an expired report. */
export async function getReportFile(tx: Tx, organizationId: string, reportId: string) {
  const [file] = await tx
    .select({ content: reportFiles.content, fileName: reports.fileName, contentType: reports.contentType, status: reports.status })
    .from(reports)
    .innerJoin(reportFiles, eq(reportFiles.reportId, reports.id))
    .where(and(eq(reports.id, reportId), eq(reports.organizationId, organizationId), eq(reports.status, "completed")))
    .limit(1);
  if (!file || !file.fileName || !file.contentType) throw notFound("The report");
  return { content: file.content, fileName: file.fileName, contentType: file.contentType };
}

/** What a report can be about, as the caller sees it: cohorts and learners (RLS limits trainers to their own). */
export async function listReportSubjects(tx: Tx, organizationId: string) {
  const cohorts = await tx.execute<{ id: string; name: string }>(sql`
    select c.id, c.name from public.cohorts c
    where c.organization_id = ${organizationId}
      and (c.id in (select authz.taught_cohort_ids())
           or ${organizationId}::uuid in (select authz.orgs_with_permission('cohorts.view_all')))
    order by c.starts_on desc, c.name`);
  const learners = await tx.execute<{ id: string; name: string }>(sql`
    select distinct p.id, coalesce(nullif(p.full_name, ''), p.email) as name
    from public.enrollments e join public.profiles p on p.id = e.user_id
    where e.organization_id = ${organizationId}
    order by 2`);
  return { cohorts: [...cohorts], learners: [...learners] };
}

// ---------------------------------------------------------------------------
// The worker's steps: service role only (the functions are not granted to users)
// ---------------------------------------------------------------------------
export type ClaimedReport = typeof reports.$inferSelect & { requesterEmail: string | null };

/** Claims the oldest waiting report (see private.claim_report), with the requester's email for their claims. */
export async function claimReport(tx: Tx, onlyOrganizationId: string | null = null): Promise<ClaimedReport | null> {
  const [claimed] = await tx.execute<{ id: string }>(sql`select id from private.claim_report(${onlyOrganizationId}::uuid)`);
  if (!claimed) return null;
  const [row] = await tx
    .select({ report: reports, requesterEmail: profiles.email })
    .from(reports)
    .leftJoin(profiles, eq(profiles.id, reports.requestedBy))
    .where(eq(reports.id, claimed.id));
  return { ...row.report, requesterEmail: row.requesterEmail };
}

export async function completeReport(tx: Tx, input: { reportId: string; content: Buffer; fileName: string; contentType: string }) {
  await tx.execute(sql`select private.complete_report(${input.reportId}, ${input.content}, ${input.fileName}, ${input.contentType})`);
}

export async function failReport(tx: Tx, input: { reportId: string; reason: string }) {
  await tx.execute(sql`select private.fail_report(${input.reportId}, ${input.reason})`);
}

/** The organization's latest reports, for tests and the jobs' logs. */
export function latestReports(tx: Tx, organizationId: string) {
  return tx.select().from(reports).where(eq(reports.organizationId, organizationId)).orderBy(desc(reports.createdAt));
}
