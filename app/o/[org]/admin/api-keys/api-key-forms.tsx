"use client";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { bindAction, useActionForm } from "@/components/use-action-form";

export function CreateApiKeyForm({ slug }: { slug: string }) {
  const { state, isPending: pending, form } = useActionForm(bindAction(createApiKeyAction, slug), { resetOnSuccess: true });
  return (
    <form {...form} noValidate>
      <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
        <TextField label="Name" name="name" placeholder="e.g. Moodle sync" maxLength={80} required errors={state?.fieldErrors?.name} />
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
      </div>
      <div className="mt-3"><FormMessage state={state} /></div>
      {state?.ok && state.secret ? (
        <label className="mt-3 block text-xs font-medium text-slate-600">
          API key (shown once)
          <input
            readOnly
            value={state.secret}
            aria-label="New API key"
            className="mt-1 block w-full rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs"
            onFocus={(event) => event.currentTarget.select()}
          />
        </label>
      ) : null}
    </form>
  );
}

export function RevokeApiKeyForm({ slug, apiKeyId, name }: { slug: string; apiKeyId: string; name: string }) {
  const { state, isPending: pending, form } = useActionForm(bindAction(revokeApiKeyAction, slug), {
    confirm: `Revoke "${name}"? Tools using it will be refused at once.`,
  });
  return (
    <form {...form}>
      <input type="hidden" name="apiKeyId" value={apiKeyId} />
      <Button variant="danger" type="submit" disabled={pending} aria-label={`Revoke ${name}`}>Revoke</Button>
      {state && !state.ok ? <div className="mt-1"><FormMessage state={state} /></div> : null}
    </form>
  );
}
