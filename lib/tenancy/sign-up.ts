// Sign-up has two steps that cannot share a transaction: the account (made by
// the auth backend, which also opens the session) and then the organization it
// creates or the invitation it accepts. Everything that can be checked is
// checked before the account exists. After that the person never goes back to
// the sign-up form — a retry there would only say the account exists — but to
// where the second step can be finished (/o creates an organization, the
// invitation page accepts), with the reason it failed.
import type { SessionClaims } from "@/db/rls";
import type { InvitationPreview } from "@/db/queries/invitations";
import { failure, type ActionState } from "@/lib/actions";
import { badRequest, toAppError } from "@/lib/errors";
import { assertInvitationUsable } from "@/lib/tenancy/invitation-status";
import type { SignUpInput } from "@/lib/validation/auth";
import { organizationNameSchema } from "@/lib/validation/tenancy";

export interface SignUpSteps {
  /** Creates the account and opens its session. */
  createAccount(account: { email: string; password: string; fullName: string }): Promise<SessionClaims>;
  createOrganization(claims: SessionClaims, name: string): Promise<{ slug: string }>;
  previewInvitation(token: string): Promise<InvitationPreview | null>;
  /** Returns the slug of the organization joined. */
  acceptInvitation(claims: SessionClaims, token: string): Promise<string>;
}

/** Either the form shows a message (nothing was created), or the browser goes to `redirectTo`. */
export type SignUpOutcome = { state: ActionState } | { redirectTo: string };

/** Longest `?error=` message a page shows: it comes from the URL, so anyone can write one. */
export const MAX_SHOWN_ERROR_LENGTH = 300;

export async function signUpAndJoin(input: SignUpInput, steps: SignUpSteps): Promise<SignUpOutcome> {
  const { inviteToken, organizationName, ...account } = input;
  let claims: SessionClaims;
  let name = "";
  try {
    if (inviteToken) {
      // Check the link before creating an account that could not use it.
      assertInvitationUsable(await steps.previewInvitation(inviteToken), account.email);
    } else {
      const parsed = organizationNameSchema.safeParse(organizationName ?? "");
      if (!parsed.success) {
        const message = parsed.error.issues[0].message;
        throw badRequest(message, { organizationName: [message] });
      }
      name = parsed.data;
    }
    claims = await steps.createAccount(account);
  } catch (error) {
    return { state: failure(error) };
  }

  // The account exists and its session is open: from here on, only redirects.
  const retry = inviteToken ? `/invite/${encodeURIComponent(inviteToken)}` : "/o";
  try {
    const slug = inviteToken ? await steps.acceptInvitation(claims, inviteToken) : (await steps.createOrganization(claims, name)).slug;
    return { redirectTo: `/o/${slug}` };
  } catch (error) {
    return { redirectTo: `${retry}?error=${encodeURIComponent(messageFor(error))}` };
  }
}

/** A message for the person: ours for expected failures, nothing internal otherwise. */
function messageFor(error: unknown): string {
  try {
    return toAppError(error).message;
  } catch {
    console.error("sign-up: the step after creating the account failed", error);
    return "Something went wrong on our side";
  }
}

/** The `?error=` of a page, as plain text of bounded length, or null. */
export function shownError(value: string | string[] | undefined): string | null {
  const text = typeof value === "string" ? value.trim() : "";
  return text ? text.slice(0, MAX_SHOWN_ERROR_LENGTH) : null;
}
