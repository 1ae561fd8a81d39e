"use client";
import { changePasswordAction } from "./actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/use-action-form";

export function ChangePasswordForm() {
  const { state, isPending: pending, form } = useActionForm(changePasswordAction);
  return (
    <form {...form} className="space-y-4" noValidate>
      <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={state?.fieldErrors?.currentPassword} />
      <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" required errors={state?.fieldErrors?.newPassword} />
      <TextField label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" required errors={state?.fieldErrors?.confirmPassword} />
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</Button>
    </form>
  );
}
