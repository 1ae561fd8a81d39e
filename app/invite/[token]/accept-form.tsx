"use client";
import { acceptInvitationAction } from "./actions";
import { signOutAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { bindAction, useActionForm } from "@/components/use-action-form";

export function AcceptInvitationForm({ token, signedInAs, invitedEmail }: { token: string; signedInAs: string; invitedEmail: string }) {
  const { state, isPending: pending, form } = useActionForm(bindAction(acceptInvitationAction, token));
  const sameEmail = signedInAs.toLowerCase() === invitedEmail;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">Signed in as {signedInAs}.</p>
      {sameEmail ? null : (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          This invitation is for {invitedEmail}. Sign out and sign in with that email to accept it.
        </p>
      )}
      <form {...form}>
        <Button type="submit" className="w-full" disabled={pending || !sameEmail}>
          {pending ? "Joining…" : "Accept invitation"}
        </Button>
      </form>
      <FormMessage state={state} />
      <form action={signOutAction}>
        <button type="submit" className="text-sm text-brand-700 hover:underline">Sign out</button>
      </form>
    </div>
  );
}
