"use server";
// The overview's one write: how long raw events are kept
// (organization_settings.raw_retention_days), for holders of settings.manage
// (RLS on organization_settings enforces the same).
import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/actions";
import { withOrgDb } from "@/lib/tenancy/org-context";
import { requireFeature } from "@/lib/tenancy/entitlements";
import { setRawRetentionDays } from "@/db/queries/dashboard-admin";
import { retentionSchema } from "@/lib/validation/dashboard-admin";
import { formatCount } from "@/lib/format";

export const updateRetentionAction = orgAction(retentionSchema, "settings.manage", async (context, input) => {
  await requireFeature(context, "retention_settings");
  const days = await withOrgDb(context, (tx) => setRawRetentionDays(tx, { organizationId: context.organization.id, days: input.rawRetentionDays }));
  revalidatePath(`/o/${context.organization.slug}/admin`);
  return { ok: true, message: `Raw events are now kept for ${formatCount(days, "day")}.` };
});
