"use server";
import { redirect } from "next/navigation";
import { requireSession } from "@/lib/auth";
import { failure, formToObject, validationFailure, type ActionState } from "@/lib/actions";
import { createOrganizationWithFreeSlug } from "@/lib/tenancy/create-organization";
import { organizationNameSchema } from "@/lib/validation/tenancy";
import { z } from "zod";

const schema = z.object({ organizationName: organizationNameSchema });

export async function createOrganizationAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const claims = await requireSession();
  const parsed = schema.safeParse(formToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  let slug: string;
  try {
    slug = (await createOrganizationWithFreeSlug(claims, parsed.data.organizationName)).slug;
  } catch (error) {
    return failure(error);
  }
  redirect(`/o/${slug}`);
}
