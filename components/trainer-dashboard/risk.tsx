// How a drop-off prediction reads everywhere on the trainer's pages: the risk
// level in words with its colour (red high, amber medium, green low), and the
// factors behind it, largest contribution first (analytics.predict_drop_off:
// risk = Σ weight · factor, each factor 0–1; see its migration comment).
import { AlertTriangle, ShieldCheck } from "lucide-react";
import { StatusPill } from "@/components/ui/badge";
import { formatNumber, formatPercent } from "@/lib/format";
import type { RiskFactor } from "@/db/schema/analytics";

const LEVEL = {
  high: { tone: "danger", label: "High risk" },
  medium: { tone: "warning", label: "Medium risk" },
  low: { tone: "success", label: "Low risk" },
} as const;

export function RiskPill({ level, risk }: { level: "low" | "medium" | "high" | null; risk?: number | null }) {
  if (!level) return <span className="text-slate-600">Not predicted</span>;
  const { tone, label } = LEVEL[level];
  return (
    <StatusPill tone={tone} icon={level === "low" ? ShieldCheck : AlertTriangle}>
      {label}
      {risk !== undefined && risk !== null ? ` · ${formatPercent(risk * 100)}` : ""}
    </StatusPill>
  );
}

/** A factor's raw value as a person reads it (days are days; the others are 0–1 shares). */
export function factorValue(factor: RiskFactor): string {
  return factor.factor === "days_inactive" ? `${formatNumber(factor.value)} d` : formatPercent(factor.value * 100);
}

/** The factors that add to the risk, largest first, each with its share of the risk in points. */
export function RiskFactors({ factors, limit = 4 }: { factors: RiskFactor[]; limit?: number }) {
  const adding = [...factors].filter((f) => f.contribution > 0).sort((a, b) => b.contribution - a.contribution).slice(0, limit);
  if (adding.length === 0) return <p className="text-xs text-slate-600">No factor adds to the risk.</p>;
  return (
    <ul className="space-y-0.5 text-xs text-slate-700">
      {adding.map((f) => (
        <li key={f.factor}>
          <span className="font-medium">{f.label}</span>: {factorValue(f)}{" "}
          <span className="text-slate-600">(+{formatNumber(f.contribution * 100)} pts of risk)</span>
        </li>
      ))}
    </ul>
  );
}
