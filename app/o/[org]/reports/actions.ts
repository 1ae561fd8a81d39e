"use server";
// Report requests, for holders of `reports.export` (RLS checks the scope: a
// trainer's cohorts). The request is recorded in the member's transaction;
// generation runs after the response (after()), off the request path.
import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { getDb } from "@/db/client";
import { requestReport } from "@/db/queries/reports";
import { orgAction } from "@/lib/actions";
import { runReportWorker } from "@/lib/reports/worker";
import { withOrgDb } from "@/lib/tenancy/org-context";
import { requireFeature } from "@/lib/tenancy/entitlements";
import { requestReportSchema } from "@/lib/validation/reports";

export const requestReportAction = orgAction(requestReportSchema, "reports.export", async (context, input) => {
  await requireFeature(context, "report_exports");
  await withOrgDb(context, (tx) => requestReport(tx, { organizationId: context.organization.id, ...input }));
  // Start generating as soon as the response is sent, so the member does not
  // wait for the scheduled worker; a failure here is left to the next run.
  after(() =>
    runReportWorker(getDb(), { limit: 5 }).catch((error: unknown) => console.error("[reports] worker run after a request failed", error)),
  );
  revalidatePath(`/o/${context.organization.slug}/reports`);
  return { ok: true, message: "Report requested: it appears below and is ready in a few seconds." };
});
