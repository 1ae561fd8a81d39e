"use client";
// Taking an attempt: every change of an answer is saved at once (text after a
// short pause), one save after the other, so a reload loses nothing. After
// the deadline the answers are locked and only submitting remains.
import { useRef, useState, useSyncExternalStore } from "react";
import type { AnswerResponse } from "@/lib/validation/learning";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { bindAction, useActionForm } from "@/components/use-action-form";
import { formatCount, formatPoints } from "@/lib/format";
import { saveAnswerAction, submitAttemptAction } from "../../actions";

interface Question {
  id: string;
  kind: "single_choice" | "multiple_choice" | "numeric" | "free_text";
  prompt: string;
  options: { id: string; label: string }[];
  points: number;
}

const TEXT_PAUSE_MS = 500;

// The clock, in whole seconds, as an external store: the server render and
// hydration read no clock at all (null), so both print the same thing; the
// countdown starts once the page runs in the browser. (Reading Date.now()
// during render made a reopened timed attempt fail to hydrate.)
function subscribeToSeconds(onTick: () => void) {
  const timer = window.setInterval(onTick, 1000);
  return () => window.clearInterval(timer);
}
const clientSeconds = () => Math.floor(Date.now() / 1000);
const serverSeconds = () => null;

function useCountdown(deadline: string | null, expiredOnServer: boolean) {
  const now = useSyncExternalStore(subscribeToSeconds, clientSeconds, serverSeconds);
  if (!deadline) return { over: false, left: null as string | null };
  if (now === null) return { over: expiredOnServer, left: expiredOnServer ? "0:00" : "…" };
  const seconds = Math.max(Math.ceil(new Date(deadline).getTime() / 1000 - now), 0);
  return { over: seconds <= 0, left: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}` };
}

/** Whether a saved response answers its question (an empty text or no option chosen does not). */
function isAnswered(response: AnswerResponse | undefined): boolean {
  if (!response) return false;
  if ("option" in response) return Boolean(response.option);
  if ("options" in response) return response.options.length > 0;
  if ("value" in response) return Number.isFinite(response.value);
  if ("text" in response) return response.text.trim() !== "";
  return false;
}

export function AttemptForm({
  slug,
  attemptId,
  questions,
  saved,
  deadline,
  expired = false,
}: {
  slug: string;
  attemptId: string;
  questions: Question[];
  saved: Record<string, AnswerResponse>;
  deadline: string | null;
  /** The deadline had passed when the server rendered the page. */
  expired?: boolean;
}) {
  const [responses, setResponses] = useState<Record<string, AnswerResponse>>(saved);
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const timers = useRef<Record<string, number>>({});
  const { over, left } = useCountdown(deadline, expired);
  const unanswered = questions.filter((question) => !isAnswered(responses[question.id])).map((question) => questions.indexOf(question) + 1);
  const { state: submitState, isPending: submitting, form: submitForm } = useActionForm(bindAction(submitAttemptAction, slug), {
    confirm: unanswered.length
      ? `${formatCount(unanswered.length, "question")} of ${questions.length} ${unanswered.length === 1 ? "is" : "are"} not answered (${unanswered.map((n) => `#${n}`).join(", ")}). Submit anyway? You cannot change your answers afterwards.`
      : "Submit your answers? You cannot change them afterwards.",
  });

  /** Saves in order; `counted` when the change was already counted as pending while it waited. */
  function save(questionId: string, response: AnswerResponse, counted = false) {
    if (!counted) setPending((n) => n + 1);
    queue.current = queue.current.then(async () => {
      try {
        const result = await saveAnswerAction(slug, { attemptId, questionId, response });
        setError(result?.ok ? null : (result?.message ?? "Your answer was not saved"));
      } catch {
        setError("Your answer was not saved: check your connection and try again");
      } finally {
        setPending((n) => n - 1);
      }
    });
  }

  function change(questionId: string, response: AnswerResponse, delay = 0) {
    setResponses((current) => ({ ...current, [questionId]: response }));
    const waiting = timers.current[questionId];
    if (waiting !== undefined) window.clearTimeout(waiting);
    if (!delay) {
      if (waiting !== undefined) setPending((n) => n - 1);
      delete timers.current[questionId];
      save(questionId, response);
      return;
    }
    // Typing counts as unsaved at once, so the submit button waits for the last keystroke's save.
    if (waiting === undefined) setPending((n) => n + 1);
    timers.current[questionId] = window.setTimeout(() => {
      delete timers.current[questionId];
      save(questionId, response, true);
    }, delay);
  }

  const locked = over || submitting;
  return (
    <div className="space-y-4">
      <div className="sticky top-0 z-10 flex flex-wrap items-center justify-between gap-3 rounded-md border border-slate-200 bg-white px-4 py-2 text-sm shadow-sm">
        <span role="status" aria-live="polite">
          {error ? <span className="text-danger-700">{error}</span> : pending > 0 ? "Saving…" : "All answers saved"}
        </span>
        {left !== null ? <span className={over ? "font-medium text-danger-700" : "text-slate-700"}>{over ? "Time is up" : `Time left ${left}`}</span> : null}
      </div>
      {over ? <p className="text-sm text-danger-700">Time is up: your saved answers are locked. Submit the attempt to see your score.</p> : null}
      <ol className="space-y-4">
        {questions.map((question, index) => {
          const response = responses[question.id] as Record<string, unknown> | undefined;
          const name = `q-${question.id}`;
          return (
            <li key={question.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <fieldset disabled={locked}>
                <legend className="mb-3 text-sm font-medium text-slate-900">
                  {index + 1}. {question.prompt} <span className="font-normal text-slate-600">({formatPoints(question.points)})</span>
                </legend>
                {question.kind === "single_choice"
                  ? question.options.map((option) => (
                      <label key={option.id} className="flex items-center gap-2 py-0.5 text-sm">
                        <input type="radio" name={name} checked={response?.option === option.id} onChange={() => change(question.id, { option: option.id })} />
                        {option.label}
                      </label>
                    ))
                  : null}
                {question.kind === "multiple_choice"
                  ? question.options.map((option) => {
                      const chosen = Array.isArray(response?.options) ? (response.options as string[]) : [];
                      return (
                        <label key={option.id} className="flex items-center gap-2 py-0.5 text-sm">
                          <input
                            type="checkbox"
                            checked={chosen.includes(option.id)}
                            onChange={(event) =>
                              change(question.id, { options: event.target.checked ? [...chosen, option.id] : chosen.filter((id) => id !== option.id) })
                            }
                          />
                          {option.label}
                        </label>
                      );
                    })
                  : null}
                {question.kind === "numeric" ? (
                  <NumericAnswer
                    label={`Answer to question ${index + 1}`}
                    initial={typeof response?.value === "number" ? String(response.value) : ""}
                    onValue={(value) => change(question.id, { value }, TEXT_PAUSE_MS)}
                  />
                ) : null}
                {question.kind === "free_text" ? (
                  <textarea
                    aria-label={`Answer to question ${index + 1}`}
                    className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
                    rows={5}
                    maxLength={20000}
                    value={typeof response?.text === "string" ? response.text : ""}
                    onChange={(event) => change(question.id, { text: event.target.value }, TEXT_PAUSE_MS)}
                  />
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <form {...submitForm} className="space-y-2">
        <input type="hidden" name="attemptId" value={attemptId} />
        {unanswered.length ? (
          <p className="rounded-md border border-warning-200 bg-warning-50 px-3 py-2 text-sm text-warning-800">
            {formatCount(unanswered.length, "question")} not answered yet: {unanswered.map((n) => `#${n}`).join(", ")}.
          </p>
        ) : null}
        <Button type="submit" disabled={submitting || pending > 0}>{submitting ? "Submitting…" : "Submit answers"}</Button>
        <FormMessage state={submitState} />
      </form>
    </div>
  );
}

/** A number field that saves only numbers (an empty or partial entry is not saved). */
function NumericAnswer({ label, initial, onValue }: { label: string; initial: string; onValue: (value: number) => void }) {
  const [text, setText] = useState(initial);
  return (
    <input
      type="number"
      step="any"
      aria-label={label}
      className="block w-48 rounded-md border border-slate-300 px-3 py-2 text-sm"
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        const value = event.target.valueAsNumber;
        if (Number.isFinite(value)) onValue(value);
      }}
    />
  );
}
