// A number worth a glance: label, value, an optional hint and a meaning colour.
// Render Stats inside <StatGrid> (a <dl>), which wraps to two columns on a phone.
import type { LucideIcon } from "lucide-react";
import { toneOf, type Tone } from "./badge";

const VALUE: Record<Tone, string> = {
  neutral: "text-slate-900",
  brand: "text-brand-700",
  success: "text-success-700",
  warning: "text-warning-700",
  danger: "text-danger-700",
  info: "text-info-700",
};

export function StatGrid({ children, columns = 4 }: { children: React.ReactNode; columns?: 2 | 3 | 4 | 5 }) {
  const cols = { 2: "sm:grid-cols-2", 3: "sm:grid-cols-3", 4: "sm:grid-cols-4", 5: "sm:grid-cols-3 lg:grid-cols-5" }[columns];
  return <dl className={`grid grid-cols-2 gap-3 ${cols}`}>{children}</dl>;
}

export function Stat({
  label,
  value,
  hint,
  tone = "neutral",
  icon: Icon,
}: {
  label: string;
  value: React.ReactNode;
  hint?: React.ReactNode;
  tone?: Tone;
  icon?: LucideIcon;
}) {
  return (
    <div className="min-w-0 rounded-md border border-slate-200 bg-white p-3 sm:p-4">
      <dt className="flex items-center gap-1.5 text-xs font-medium uppercase tracking-wide text-slate-600">
        {Icon ? <Icon aria-hidden className="size-3.5" /> : null}
        {label}
      </dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums ${VALUE[toneOf(tone)]}`}>{value}</dd>
      {hint ? <dd className="mt-0.5 text-xs text-slate-600">{hint}</dd> : null}
    </div>
  );
}
