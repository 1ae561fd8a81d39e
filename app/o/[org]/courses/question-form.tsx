"use client";
// Adds or edits one question; the fields follow its kind (choices with the
// correct ones starred, an expected number with a tolerance, or a rubric).
import { useState } from "react";
import type { ActionState } from "@/lib/actions";
import { QUESTION_KINDS, QUESTION_KIND_LABELS } from "@/lib/assessments/question-kinds";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/use-action-form";

type Kind = (typeof QUESTION_KINDS)[number];

export interface QuestionDraft {
  id?: string;
  kind: Kind;
  prompt: string;
  points: number;
  skillId: string | null;
  choices: string;
  value?: number;
  tolerance?: number;
  rubric: string;
}

export function QuestionForm({
  action,
  assessmentId,
  skills,
  draft,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  assessmentId: string;
  skills: { value: string; label: string }[];
  draft?: QuestionDraft;
}) {
  // A new question's form starts over once it is added; an edited one keeps what was saved.
  const { state, isPending: pending, form } = useActionForm(action, { resetOnSuccess: !draft?.id });
  const [kind, setKind] = useState<Kind>(draft?.kind ?? "single_choice");
  const suffix = draft?.id ? ` (${draft.prompt.slice(0, 30)})` : "";
  return (
    <form {...form} onReset={() => setKind("single_choice")} noValidate className="space-y-3" aria-label={draft?.id ? `Edit question${suffix}` : "Add a question"}>
      <input type="hidden" name="assessmentId" value={assessmentId} />
      {draft?.id ? <input type="hidden" name="questionId" value={draft.id} /> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Kind"
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as Kind)}
          options={QUESTION_KINDS.map((value) => ({ value, label: QUESTION_KIND_LABELS[value] }))}
        />
        <TextField label="Points" name="points" type="number" min={0.01} max={1000} step="0.01" defaultValue={draft?.points ?? 1} />
        <SelectField label="Skill" name="skillId" defaultValue={draft?.skillId ?? ""} options={[{ value: "", label: "None" }, ...skills]} />
      </div>
      <TextAreaField label="Question" name="prompt" rows={2} defaultValue={draft?.prompt} required />
      {kind === "single_choice" || kind === "multiple_choice" ? (
        <TextAreaField
          label="Options"
          name="choices"
          rows={4}
          defaultValue={draft?.choices}
          hint={kind === "single_choice" ? "One per line; start the correct one with *" : "One per line; start every correct one with *"}
        />
      ) : null}
      {kind === "numeric" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="Expected value" name="value" type="number" step="any" defaultValue={draft?.value} />
          <TextField label="Tolerance (±)" name="tolerance" type="number" min={0} step="any" defaultValue={draft?.tolerance ?? 0} />
        </div>
      ) : null}
      {kind === "free_text" ? (
        <TextAreaField label="Rubric for the trainer" name="rubric" rows={3} defaultValue={draft?.rubric} hint="What a full-marks answer contains" />
      ) : null}
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : draft?.id ? "Save question" : "Add question"}</Button>
      <FormMessage state={state} />
    </form>
  );
}
