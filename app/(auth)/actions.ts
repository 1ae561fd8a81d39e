"use server";
// Sign in, sign up and sign out. Sign-up without an invitation creates the
// user's organization (they become its owner); with one, it joins them to it.
import { redirect } from "next/navigation";
import { auth, requestContext } from "@/lib/auth";
import { failure, formToObject, validationFailure, type ActionState } from "@/lib/actions";
import { signInSchema, signUpSchema } from "@/lib/validation/auth";
import { badRequest } from "@/lib/errors";
import { withUserDb } from "@/db/rls";
import { acceptInvitation, previewInvitation } from "@/db/queries/invitations";
import { assertInvitationUsable } from "@/lib/tenancy/invitation-status";
import { createOrganizationWithFreeSlug } from "@/lib/tenancy/create-organization";
import { organizationNameSchema } from "@/lib/validation/tenancy";

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

export async function signUpAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = signUpSchema.safeParse(formToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  const { inviteToken, organizationName, ...account } = parsed.data;
  let destination: string;
  try {
    if (!inviteToken) {
      const name = organizationNameSchema.safeParse(organizationName ?? "");
      if (!name.success) {
        throw badRequest(name.error.issues[0].message, { organizationName: [name.error.issues[0].message] });
      }
      const claims = await auth().signUp(account, await requestContext());
      const org = await createOrganizationWithFreeSlug(claims, name.data);
      destination = `/o/${org.slug}`;
    } else {
      // Check the link before creating an account that could not use it.
      const invitation = await withUserDb(null, (tx) => previewInvitation(tx, inviteToken));
      assertInvitationUsable(invitation, account.email);
      const claims = await auth().signUp(account, await requestContext());
      const slug = await withUserDb(claims, (tx) => acceptInvitation(tx, inviteToken), await requestContext());
      destination = `/o/${slug}`;
    }
  } catch (error) {
    return failure(error);
  }
  redirect(destination);
}

export async function signOutAction() {
  await auth().signOut();
  redirect("/");
}
