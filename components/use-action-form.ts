"use client";
// Every form bound to a server action goes through this hook. React 19 resets
// a `<form action={fn}>` once its action completes, so a refused submission
// would erase what the user typed. Submitting from onSubmit instead
// (preventDefault, then dispatch in a transition) leaves the fields alone;
// forms that should start over after a success ask for `resetOnSuccess`.
// `action` stays on the form so it still posts before hydration.
import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { ActionState } from "@/lib/actions";

export type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function useActionForm(
  action: FormAction,
  { resetOnSuccess = false, confirm }: { resetOnSuccess?: boolean; /** Asks before submitting. */ confirm?: string } = {},
) {
  const [state, dispatch, isPending] = useActionState(action, null);
  const ref = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (resetOnSuccess && state?.ok) ref.current?.reset();
  }, [state, resetOnSuccess]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (confirm && !window.confirm(confirm)) return;
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(formData));
  }

  return { state, isPending, form: { ref, action: dispatch, onSubmit } };
}
