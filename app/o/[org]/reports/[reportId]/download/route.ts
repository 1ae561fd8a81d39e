// GET /o/<org>/reports/<id>/download — a completed report's file, to holders
// of reports.export who may see that report (RLS). Anything else — another
// organization's id, someone else's cohort, an expired or unfinished report,
// a malformed id — is a plain 404.
import { z } from "zod";
import { withUserDb } from "@/db/rls";
import { getReportFile } from "@/db/queries/reports";
import { AppError } from "@/lib/errors";
import { notFoundResponse, routeOrgContext } from "@/lib/tenancy/route-context";

export async function GET(_request: Request, { params }: { params: Promise<{ org: string; reportId: string }> }) {
  const { org, reportId } = await params;
  if (!z.uuid().safeParse(reportId).success) return notFoundResponse();
  const context = await routeOrgContext(org, "reports.export");
  if (!context) return notFoundResponse();
  try {
    const file = await withUserDb(context.claims, (tx) => getReportFile(tx, context.organization.id, reportId));
    const body = new Uint8Array(file.content);
    return new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(body);
          controller.close();
        },
      }),
      {
        headers: {
          "Content-Type": file.contentType,
          "Content-Length": String(body.byteLength),
          "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          "Cache-Control": "private, no-store",
          "X-Content-Type-Options": "nosniff",
        },
      },
    );
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return notFoundResponse();
    throw error;
  }
}
