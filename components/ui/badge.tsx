// Small labels. Tone = meaning (see the colour tokens in app/globals.css);
// the older tone names (slate, green, amber, red) remain as aliases.
import type { LucideIcon } from "lucide-react";

export type Tone = "neutral" | "brand" | "success" | "warning" | "danger" | "info";
type LegacyTone = "slate" | "green" | "amber" | "red";

const ALIASES: Record<LegacyTone, Tone> = { slate: "neutral", green: "success", amber: "warning", red: "danger" };

export function toneOf(tone: Tone | LegacyTone): Tone {
  return tone in ALIASES ? ALIASES[tone as LegacyTone] : (tone as Tone);
}

const BADGE: Record<Tone, string> = {
  neutral: "bg-slate-100 text-slate-700",
  brand: "bg-brand-100 text-brand-900",
  success: "bg-success-100 text-success-800",
  warning: "bg-warning-100 text-warning-800",
  danger: "bg-danger-100 text-danger-800",
  info: "bg-info-100 text-info-800",
};

const DOT: Record<Tone, string> = {
  neutral: "bg-slate-500",
  brand: "bg-brand-600",
  success: "bg-success-600",
  warning: "bg-warning-600",
  danger: "bg-danger-600",
  info: "bg-info-600",
};

export function Badge({ children, tone = "neutral" }: { children: React.ReactNode; tone?: Tone | LegacyTone }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${BADGE[toneOf(tone)]}`}>
      {children}
    </span>
  );
}

/**
 * A status said in words, with a coloured dot or icon so it is not told by
 * colour alone ("Overdue", "Needs grading", "Active").
 */
export function StatusPill({ tone, icon: Icon, children }: { tone: Tone | LegacyTone; icon?: LucideIcon; children: React.ReactNode }) {
  const t = toneOf(tone);
  return (
    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ${BADGE[t]}`}>
      {Icon ? <Icon aria-hidden className="size-3.5" /> : <span aria-hidden className={`size-1.5 rounded-full ${DOT[t]}`} />}
      {children}
    </span>
  );
}
