"use server";
// A member's own privacy settings, and erasure from the organization. Every
// member may use them (learning.participate is held by every role).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { orgAction } from "@/lib/actions";
import { withOrgDb } from "@/lib/tenancy/org-context";
import { eraseMe, saveMyPreferences } from "@/db/queries/privacy";
import { eraseMeSchema, preferencesSchema } from "@/lib/validation/privacy";

export const savePreferencesAction = orgAction(preferencesSchema, "learning.participate", async (context, input) => {
  await withOrgDb(context, (tx) => saveMyPreferences(tx, { organizationId: context.organization.id, userId: context.claims.sub, ...input }));
  revalidatePath(`/o/${context.organization.slug}/settings`);
  return { ok: true, message: "Saved. Leaderboards and predictions use your choice from their next refresh." };
});

export const eraseMeAction = orgAction(eraseMeSchema, "learning.participate", async (context, input) => {
  if (input.confirmation !== context.organization.slug) {
    return { ok: false, message: `Type ${context.organization.slug} to confirm`, fieldErrors: { confirmation: [`Type ${context.organization.slug} to confirm`] } };
  }
  await withOrgDb(context, (tx) => eraseMe(tx, context.organization.id));
  // No longer a member: the organization's pages are gone for them.
  redirect("/o?erased=1");
});
