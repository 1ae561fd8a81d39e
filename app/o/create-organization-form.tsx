"use client";
import { useActionState } from "react";
import { createOrganizationAction } from "./actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function CreateOrganizationForm() {
  const [state, action, pending] = useActionState(createOrganizationAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <TextField label="Organization name" name="organizationName" required errors={state?.fieldErrors?.organizationName} />
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create organization"}</Button>
    </form>
  );
}
