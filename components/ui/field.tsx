import type { InputHTMLAttributes, SelectHTMLAttributes } from "react";

const control =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-danger-600";

export function TextField({
  label,
  name,
  errors,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; errors?: string[] }) {
  const errorId = `${name}-error`;
  return (
    <label className="block text-sm font-medium text-slate-700">
      {label}
      <input
        name={name}
        className={control}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
        {...props}
      />
      {errors?.length ? (
        <span id={errorId} className="mt-1 block text-xs font-normal text-danger-700">
          {errors[0]}
        </span>
      ) : null}
    </label>
  );
}

export function SelectField({
  label,
  name,
  options,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; options: { value: string; label: string }[] }) {
  return (
    <label className="block text-sm font-medium text-slate-700">
      {label}
      <select name={name} className={control} {...props}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function TextAreaField({
  label,
  name,
  hint,
  ...props
}: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; hint?: string }) {
  return (
    <label className="block text-sm font-medium text-slate-700">
      {label}
      {hint ? <span className="block text-xs font-normal text-slate-500">{hint}</span> : null}
      <textarea name={name} className={`${control} font-mono`} rows={4} {...props} />
    </label>
  );
}

/**
 * A group of checkboxes sent as `name[]` (see formToFields). `all` adds one
 * checkbox sent as `all.name=1` that stands for a whole set the server
 * expands (e.g. every learner of the organization), however long the list.
 */
export function CheckboxList({
  legend,
  name,
  options,
  defaultChecked = [],
  empty = "Nothing to choose yet.",
  all,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  defaultChecked?: string[];
  empty?: string;
  all?: { name: string; label: string };
}) {
  return (
    <fieldset className="text-sm">
      <legend className="font-medium text-slate-700">{legend}</legend>
      <input type="hidden" name={`${name}[]`} value="" />
      {all ? (
        <label className="mt-1 flex items-center gap-1.5 font-medium text-slate-700">
          <input type="checkbox" name={all.name} value="1" />
          {all.label}
        </label>
      ) : null}
      {options.length === 0 ? <p className="mt-1 text-slate-500">{empty}</p> : null}
      <div className="mt-1 flex max-h-48 flex-wrap gap-x-4 gap-y-1 overflow-y-auto">
        {options.map((option) => (
          <label key={option.value} className="inline-flex items-center gap-1.5 text-slate-700">
            <input type="checkbox" name={`${name}[]`} value={option.value} defaultChecked={defaultChecked.includes(option.value)} />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
