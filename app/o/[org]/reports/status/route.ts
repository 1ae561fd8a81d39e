// GET /o/<org>/reports/status?ids=<id>,<id> — the status of the given reports
// (the page's poller refreshes the list when one changes). Reports the caller
// may not see are simply absent.
import { withUserDb } from "@/db/rls";
import { reportStatuses } from "@/db/queries/reports";
import { notFoundResponse, routeOrgContext } from "@/lib/tenancy/route-context";
import { reportIdsSchema } from "@/lib/validation/reports";

export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await routeOrgContext(org, "reports.export");
  if (!context) return notFoundResponse();
  const raw = new URL(request.url).searchParams.get("ids") ?? "";
  const ids = reportIdsSchema.safeParse(raw ? raw.split(",") : []);
  if (!ids.success) return Response.json({ error: "ids must be up to 100 report ids separated by commas" }, { status: 400 });
  const statuses = await withUserDb(context.claims, (tx) => reportStatuses(tx, context.organization.id, ids.data));
  return Response.json({ reports: statuses }, { headers: { "Cache-Control": "no-store" } });
}
