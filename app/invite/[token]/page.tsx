import Link from "next/link";
import type { Metadata } from "next";
import { getSessionClaims } from "@/lib/auth";
import { withUserDb } from "@/db/rls";
import { previewInvitation } from "@/db/queries/invitations";
import { invitationBlockedMessage } from "@/lib/tenancy/invitation-status";
import { ROLE_LABELS } from "@/lib/validation/tenancy";
import { SignUpForm } from "@/app/(auth)/sign-up/sign-up-form";
import { shownError } from "@/lib/tenancy/sign-up";
import { AcceptInvitationForm } from "./accept-form";

export const metadata: Metadata = { title: "Invitation" };

// An invitee opens this link signed in or not. Signed out: sign up (email
// fixed to the invited address) or sign in and come back. Signed in: accept.
// `?error=` is why joining failed right after signing up on this page.
export default async function InvitationPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ error?: string | string[] }>;
}) {
  const { token } = await params;
  const error = shownError((await searchParams).error);
  const claims = await getSessionClaims();
  // Tokens are base64url; anything else (e.g. %00) cannot match an invitation.
  const invitation = /^[A-Za-z0-9_-]{1,200}$/.test(token)
    ? await withUserDb(claims, (tx) => previewInvitation(tx, token))
    : null;

  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 text-xl font-bold text-brand-900">SenseiiWyze</Link>
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {error && claims ? (
          <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            Your account is ready, but you have not joined yet: {error}
          </p>
        ) : null}
        {!invitation ? (
          <>
            <h1 className="mb-2 text-xl font-semibold">Invitation not found</h1>
            <p className="text-sm text-slate-600">This invitation link is not valid. It may have been replaced by a newer one; ask your admin to resend it.</p>
          </>
        ) : invitationBlockedMessage(invitation) ? (
          <>
            <h1 className="mb-2 text-xl font-semibold">Invitation to {invitation.organizationName}</h1>
            <p role="alert" className="text-sm text-red-700">{invitationBlockedMessage(invitation)}</p>
          </>
        ) : (
          <>
            <h1 className="mb-1 text-xl font-semibold">Join {invitation.organizationName}</h1>
            <p className="mb-6 text-sm text-slate-600">
              You are invited as <strong>{ROLE_LABELS[invitation.role]}</strong> ({invitation.email}).
            </p>
            {claims ? (
              <AcceptInvitationForm token={token} signedInAs={claims.email} invitedEmail={invitation.email} />
            ) : (
              <>
                <SignUpForm inviteToken={token} email={invitation.email} />
                <p className="mt-6 text-center text-sm text-slate-600">
                  Already have an account?{" "}
                  <Link href={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}&email=${encodeURIComponent(invitation.email)}`} className="font-medium text-brand-700 hover:underline">
                    Sign in to accept
                  </Link>
                </p>
              </>
            )}
          </>
        )}
      </div>
    </main>
  );
}
