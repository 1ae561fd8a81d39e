import type { InputHTMLAttributes, SelectHTMLAttributes } from "react";

const control =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500";

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
        <span id={errorId} className="mt-1 block text-xs font-normal text-red-600">
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
