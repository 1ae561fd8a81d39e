"use client";
import { signInAction } from "../actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/use-action-form";

export function SignInForm({ next, email }: { next?: string; email?: string }) {
  const { state, isPending: pending, form } = useActionForm(signInAction);
  return (
    <form {...form} className="space-y-4" noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={email} required errors={state?.fieldErrors?.email} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={state?.fieldErrors?.password} />
      <FormMessage state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
