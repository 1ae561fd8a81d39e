"use server";
// API keys for event ingestion, for holders of `api_keys.manage` (RLS
// enforces the same). A new key is returned once, to be shown once.
import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/actions";
import { withOrgDb } from "@/lib/tenancy/org-context";
import { requireFeature } from "@/lib/tenancy/entitlements";
import { createApiKey, revokeApiKey } from "@/db/queries/api-keys";
import { apiKeyIdSchema, createApiKeySchema } from "@/lib/validation/api-keys";

const apiKeysPath = (slug: string) => `/o/${slug}/admin/api-keys`;

export const createApiKeyAction = orgAction(createApiKeySchema, "api_keys.manage", async (context, input) => {
  await requireFeature(context, "api_keys");
  const created = await withOrgDb(context, (tx) =>
    createApiKey(tx, { organizationId: context.organization.id, name: input.name, createdBy: context.claims.sub }),
  );
  revalidatePath(apiKeysPath(context.organization.slug));
  return {
    ok: true,
    message: `Key "${created.name}" created. Copy it now: it is shown only this once.`,
    secret: created.key,
  };
});

// Revoking needs no plan: keys made before a downgrade must stay revocable.
export const revokeApiKeyAction = orgAction(apiKeyIdSchema, "api_keys.manage", async (context, input) => {
  const revoked = await withOrgDb(context, (tx) => revokeApiKey(tx, { organizationId: context.organization.id, apiKeyId: input.apiKeyId }));
  revalidatePath(apiKeysPath(context.organization.slug));
  return { ok: true, message: `Key "${revoked.name}" revoked: requests with it now get 401.` };
});
