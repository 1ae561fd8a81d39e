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

const boundActions = new WeakMap<object, Map<string, FormAction>>();

/**
 * `action.bind(null, arg)` for a client component, made once per action and
 * argument. Each call of `bind` on a server reference makes a new reference
 * whose bound arguments React encodes asynchronously for the no-JavaScript
 * form post (a promise cached per reference). Binding during render thus gave
 * useActionState a new pending promise on every render: server rendering after
 * a no-JS post suspended, retried, bound again... and never finished (the
 * members and API-key forms hung for minutes under `next dev`; Next.js issue
 * #57867). One reference per (action, argument) lets that promise settle.
 */
export function bindAction<A extends string>(action: (arg: A, state: ActionState, formData: FormData) => Promise<ActionState>, arg: A): FormAction {
  let byArg = boundActions.get(action);
  if (!byArg) boundActions.set(action, (byArg = new Map()));
  let bound = byArg.get(arg);
  if (!bound) byArg.set(arg, (bound = action.bind(null, arg)));
  return bound;
}

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
