"use client";
// A form bound to a server action (already bound to the org slug), with the
// outcome announced under it. Keeps pages free of per-form client components.
// A refused submission keeps what was typed; a successful one clears the form
// (to the values the page now shows), ready for the next entry.
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm, type FormAction as Action } from "@/components/use-action-form";

export function ActionForm({
  action,
  submit,
  pending = "Saving…",
  variant = "primary",
  className = "space-y-3",
  confirm,
  label,
  resetOnSuccess = true,
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
  /** Clear the fields after a success (default); edit forms then show the saved values. */
  resetOnSuccess?: boolean;
  children?: React.ReactNode;
}) {
  const { state, isPending, form } = useActionForm(action, { resetOnSuccess, confirm });
  return (
    <form {...form} noValidate aria-label={label} className={className}>
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
  const { state, isPending, form } = useActionForm(action, { confirm });
  return (
    <form {...form} className="inline-flex flex-col items-start gap-1">
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <Button type="submit" variant={variant} disabled={isPending} aria-label={ariaLabel}>{isPending && pending ? pending : submit}</Button>
      {state && !state.ok ? <FormMessage state={state} /> : null}
    </form>
  );
}
