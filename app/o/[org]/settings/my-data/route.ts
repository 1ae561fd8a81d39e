// POST /o/<org>/settings/my-data — the member's own data in this organization
// as a JSON download (app.export_my_data: one transaction, recorded as a
// privacy request). POST, from the settings page's form, because it records
// the request; a cross-site form post is refused by its Origin.
import { withUserDb } from "@/db/rls";
import { exportMyData } from "@/db/queries/privacy";
import { requestContext } from "@/lib/auth";
import { notFoundResponse, routeOrgContext } from "@/lib/tenancy/route-context";

export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(request.url).origin && origin !== process.env.APP_URL?.replace(/\/$/, "")) {
    return Response.json({ error: "Download your data from the settings page" }, { status: 403 });
  }
  const context = await routeOrgContext(org, "learning.participate");
  if (!context) return notFoundResponse();
  const data = await withUserDb(context.claims, (tx) => exportMyData(tx, context.organization.id), await requestContext());
  const name = `${context.organization.slug}-my-data-${new Date().toISOString().slice(0, 10)}.json`;
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
