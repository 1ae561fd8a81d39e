"use server";
// The signed-in user's own account: password change and "sign out everywhere".
import { redirect } from "next/navigation";
import { auth, requestContext, requireSession } from "@/lib/auth";
import { failure, formToObject, validationFailure, type ActionState } from "@/lib/actions";
import { changePasswordSchema } from "@/lib/validation/auth";

export async function changePasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const claims = await requireSession("/account");
  const parsed = changePasswordSchema.safeParse(formToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  try {
    await auth().changePassword(claims, parsed.data.currentPassword, parsed.data.newPassword, await requestContext());
  } catch (error) {
    return failure(error);
  }
  return { ok: true, message: "Password changed. You were signed out on every other device." };
}

export async function signOutEverywhereAction() {
  await requireSession("/account");
  await auth().signOutEverywhere();
  redirect("/sign-in");
}
