"use client";
// The report request form: what about (organization / cohort / learner, as the
// member may export), which format, which period. The subject list follows
// the chosen type; the server validates everything again (zod + RLS).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm, type FormAction } from "@/components/use-action-form";

type Option = { id: string; name: string };

export function RequestReportForm({
  action,
  types,
  cohorts,
  learners,
  defaultPeriod,
}: {
  action: FormAction;
  types: { value: string; label: string }[];
  cohorts: Option[];
  learners: Option[];
  defaultPeriod: { from: string; to: string };
}) {
  const { state, isPending, form } = useActionForm(action);
  const [type, setType] = useState(types[0]?.value ?? "cohort");
  const errors = state?.fieldErrors ?? {};
  return (
    <form {...form} noValidate aria-label="Request a report" className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <SelectField label="Report" name="reportType" options={types} value={type} onChange={(event) => setType(event.target.value)} />
        {type === "cohort" ? (
          <SubjectField label="Cohort" name="cohortId" options={cohorts} empty="No cohorts yet" errors={errors.cohortId} />
        ) : null}
        {type === "learner" ? (
          <SubjectField label="Learner" name="learnerId" options={learners} empty="No enrolled learners yet" errors={errors.learnerId} />
        ) : null}
        <SelectField
          label="Format"
          name="format"
          options={[
            { value: "csv", label: "CSV (spreadsheet data)" },
            { value: "xlsx", label: "XLSX (Excel, one sheet per table)" },
            { value: "pdf", label: "PDF (printable tables)" },
          ]}
        />
        <TextField label="From" name="from" type="date" defaultValue={defaultPeriod.from} required errors={errors.from} />
        <TextField label="To" name="to" type="date" defaultValue={defaultPeriod.to} required errors={errors.to} />
      </div>
      <div>
        <Button type="submit" disabled={isPending}>{isPending ? "Requesting…" : "Request report"}</Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}

function SubjectField({ label, name, options, empty, errors }: { label: string; name: string; options: Option[]; empty: string; errors?: string[] }) {
  const errorId = `${name}-error`;
  return (
    <label className="block text-sm font-medium text-slate-700">
      {label}
      <select
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500"
      >
        <option value="">{options.length ? `Choose a ${label.toLowerCase()}` : empty}</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>{option.name}</option>
        ))}
      </select>
      {errors?.length ? <span id={errorId} className="mt-1 block text-xs font-normal text-red-600">{errors[0]}</span> : null}
    </label>
  );
}
