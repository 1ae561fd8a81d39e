import { formatPercent } from "@/lib/format";

/** A 0–100 progress bar with its value in words next to it. */
export function ProgressBar({ value, label, className = "w-32" }: { value: number; label: string; className?: string }) {
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap">
      <progress value={value} max={100} aria-label={label} className={`h-2 ${className} [&::-webkit-progress-bar]:rounded-full [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:rounded-full [&::-webkit-progress-value]:bg-brand-600`} />
      <span className="tabular-nums">{formatPercent(value)}</span>
    </span>
  );
}
