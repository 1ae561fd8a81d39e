"use client";
import { useActionState } from "react";
import { signInAction } from "../actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function SignInForm({ next, email }: { next?: string; email?: string }) {
  const [state, action, pending] = useActionState(signInAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
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
