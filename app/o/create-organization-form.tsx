"use client";
import { createOrganizationAction } from "./actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/use-action-form";

export function CreateOrganizationForm() {
  const { state, isPending: pending, form } = useActionForm(createOrganizationAction);
  return (
    <form {...form} className="space-y-4" noValidate>
      <TextField label="Organization name" name="organizationName" required errors={state?.fieldErrors?.organizationName} />
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create organization"}</Button>
    </form>
  );
}
