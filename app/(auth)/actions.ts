"use server";
// Sign in, sign up and sign out. Sign-up without an invitation creates the
// user's organization (they become its owner); with one, it joins them to it.
import { redirect } from "next/navigation";
import { auth, requestContext } from "@/lib/auth";
import { failure, formToObject, validationFailure, type ActionState } from "@/lib/actions";
import { signInSchema, signUpSchema } from "@/lib/validation/auth";
import { withUserDb } from "@/db/rls";
import { acceptInvitation, previewInvitation } from "@/db/queries/invitations";
import { createOrganizationWithFreeSlug } from "@/lib/tenancy/create-organization";
import { signUpAndJoin, type SignUpSteps } from "@/lib/tenancy/sign-up";

/** Only same-site paths: never redirect to another host after sign-in. */
function safeNext(next: unknown): string | null {
  return typeof next === "string" && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : null;
}

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const form = formToObject(formData);
  const parsed = signInSchema.safeParse(form);
  if (!parsed.success) return validationFailure(parsed.error);
  try {
    await auth().signIn(parsed.data.email, parsed.data.password, await requestContext());
  } catch (error) {
    return failure(error);
  }
  redirect(safeNext(form.next) ?? "/o");
}

const signUpSteps: SignUpSteps = {
  createAccount: async (account) => auth().signUp(account, await requestContext()),
  createOrganization: createOrganizationWithFreeSlug,
  previewInvitation: (token) => withUserDb(null, (tx) => previewInvitation(tx, token)),
  acceptInvitation: async (claims, token) => withUserDb(claims, (tx) => acceptInvitation(tx, token), await requestContext()),
};

export async function signUpAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = signUpSchema.safeParse(formToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  const outcome = await signUpAndJoin(parsed.data, signUpSteps);
  if ("state" in outcome) return outcome.state;
  redirect(outcome.redirectTo);
}

export async function signOutAction() {
  await auth().signOut();
  redirect("/");
}
