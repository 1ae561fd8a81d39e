"use client";
// A form bound to a server action (already bound to the org slug), with the
// outcome announced under it. Keeps pages free of per-form client components.
import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function ActionForm({
  action,
  submit,
  pending = "Saving…",
  variant = "primary",
  className = "space-y-3",
  confirm,
  label,
  children,
}: {
  action: Action;
  submit: string;
  pending?: string;
  variant?: "primary" | "secondary" | "danger" | "ghost";
  className?: string;
  /** Asks before submitting (destructive actions). */
  confirm?: string;
  /** Accessible name of the form. */
  label?: string;
  children?: React.ReactNode;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      noValidate
      aria-label={label}
      className={className}
      onSubmit={confirm ? (event) => { if (!window.confirm(confirm)) event.preventDefault(); } : undefined}
    >
      {children}
      <div>
        <Button type="submit" variant={variant} disabled={isPending}>{isPending ? pending : submit}</Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}

/** A small inline form: hidden fields and one button, its message next to it. */
export function ActionButton({
  action,
  fields,
  submit,
  pending,
  variant = "secondary",
  confirm,
  ariaLabel,
}: {
  action: Action;
  fields: Record<string, string>;
  submit: string;
  pending?: string;
  variant?: "primary" | "secondary" | "danger" | "ghost";
  confirm?: string;
  ariaLabel?: string;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      className="inline-flex flex-col items-start gap-1"
      onSubmit={confirm ? (event) => { if (!window.confirm(confirm)) event.preventDefault(); } : undefined}
    >
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <Button type="submit" variant={variant} disabled={isPending} aria-label={ariaLabel}>{isPending && pending ? pending : submit}</Button>
      {state && !state.ok ? <FormMessage state={state} /> : null}
    </form>
  );
}
