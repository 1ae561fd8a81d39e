"use client";
import { signUpAction } from "../actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/use-action-form";

export function SignUpForm({ inviteToken, email }: { inviteToken?: string; email?: string }) {
  const { state, isPending: pending, form } = useActionForm(signUpAction);
  const errors = state?.fieldErrors ?? {};
  return (
    <form {...form} className="space-y-4" noValidate>
      {inviteToken ? <input type="hidden" name="inviteToken" value={inviteToken} /> : null}
      <TextField label="Name" name="fullName" autoComplete="name" required errors={errors.fullName} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={email}
        readOnly={Boolean(inviteToken && email)}
        required
        errors={errors.email}
      />
      <TextField label="Password" name="password" type="password" autoComplete="new-password" required minLength={8} errors={errors.password} />
      {inviteToken ? null : (
        <TextField label="Organization name" name="organizationName" autoComplete="organization" required errors={errors.organizationName} />
      )}
      <FormMessage state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your account…" : inviteToken ? "Create account and join" : "Create account"}
      </Button>
    </form>
  );
}
