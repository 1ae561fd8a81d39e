import type { ActionState } from "@/lib/actions";

/** The outcome of a form's last submission, announced to screen readers. */
export function FormMessage({ state, success }: { state: ActionState; success?: string }) {
  if (!state) return null;
  if (!state.ok) {
    return (
      <p role="alert" className="rounded-md border border-danger-200 bg-danger-50 px-3 py-2 text-sm text-danger-800">
        {state.message}
      </p>
    );
  }
  const text = state.message ?? success;
  return text ? (
    <p role="status" className="rounded-md border border-success-200 bg-success-50 px-3 py-2 text-sm text-success-800">
      {text}
    </p>
  ) : null;
}
