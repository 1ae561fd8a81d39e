// The KPI tree: one root (the learners the numbers cover) and its four
// branches, each with the number, its change over the range, a colour that
// means something (risk red/amber/green) and its definition one click away in
// a <details> disclosure (formula, inputs, limit) — the text of the SQL
// comment of analytics.run_kpis (lib/dashboards/admin-kpis.ts).
import { Info } from "lucide-react";
import { Card, StatusPill } from "@/components/ui/card";
import type { Tone } from "@/components/ui/badge";
import { ADMIN_KPIS, KPI_SCOPE, type KpiDefinition } from "@/lib/dashboards/admin-kpis";
import type { KpiPoint } from "@/db/queries/dashboard-admin";
import { formatCount, formatDate, formatNumber } from "@/lib/format";

function toneOf(kpi: KpiDefinition, value: number | null, learners: number): { tone: Tone; word: string } {
  if (value === null) return { tone: "neutral", word: "No data" };
  if (kpi.key === "highPotentialCount") return value > 0 ? { tone: "success", word: `${formatNumber((100 * value) / Math.max(learners, 1))} % of learners` } : { tone: "neutral", word: "None yet" };
  const high = kpi.better === "lower" ? value >= 40 : value < 40;
  const medium = kpi.better === "lower" ? value >= 20 : value < 60;
  return high ? { tone: "danger", word: kpi.better === "lower" ? "High" : "Low" } : medium ? { tone: "warning", word: "Watch" } : { tone: "success", word: kpi.better === "lower" ? "Low" : "Good" };
}

function change(kpi: KpiDefinition, latest: number | null, first: number | null) {
  if (latest === null || first === null || latest === first) return null;
  const delta = latest - first;
  const worse = kpi.better === "lower" ? delta > 0 : delta < 0;
  const text = `${delta > 0 ? "+" : "−"}${formatNumber(Math.abs(delta))}${kpi.unit === "score" ? " pts" : ""}`;
  return <span className={worse ? "text-danger-700" : "text-success-700"}>{text} over the range</span>;
}

export function KpiTree({ latest, first, scopeLabel }: { latest: KpiPoint | null; first: KpiPoint | null; scopeLabel: string }) {
  return (
    <Card
      id="kpis"
      title="How healthy is the workforce's learning?"
      description={
        latest
          ? `KPI tree of ${formatDate(latest.day)} over ${formatCount(latest.learners, "learner")} (${scopeLabel}). Open a number's definition to see how it is computed.`
          : "The KPI tree is computed by the nightly analytics job."
      }
    >
      {latest ? (
        <div>
          <div className="mx-auto w-fit rounded-md border border-slate-300 bg-slate-50 px-4 py-2 text-center text-sm">
            <p className="font-semibold text-slate-900">{formatCount(latest.learners, "learner")}</p>
            <p className="text-xs text-slate-600">
              {formatCount(latest.atRiskCount, "learner")} at high drop-off risk
              {latest.withPrediction !== null ? ` · ${formatNumber(latest.withPrediction)} with a prediction` : ""}
            </p>
          </div>
          <div aria-hidden className="mx-auto hidden h-4 w-px bg-slate-300 md:block" />
          <ul className="grid gap-3 md:grid-cols-4 md:border-t md:border-slate-300 md:pt-4" aria-label="Key performance indicators">
            {ADMIN_KPIS.map((kpi) => {
              const value = latest[kpi.key];
              const status = toneOf(kpi, value, latest.learners);
              return (
                <li key={kpi.key} className="flex min-w-0 flex-col rounded-md border border-slate-200 p-3">
                  <p className="text-xs font-medium uppercase tracking-wide text-slate-600">{kpi.label}</p>
                  <p className="mt-1 flex flex-wrap items-baseline gap-x-2 gap-y-1">
                    <span className="text-2xl font-semibold tabular-nums text-slate-900" data-testid={`kpi-${kpi.key}`}>
                      {value === null ? "—" : formatNumber(value)}
                    </span>
                    <span className="text-xs text-slate-600">{kpi.unit === "score" ? "of 100" : "learners"}</span>
                  </p>
                  <p className="mt-1"><StatusPill tone={status.tone}>{status.word}</StatusPill></p>
                  <p className="mt-1 text-xs text-slate-600">{kpi.question} {change(kpi, value, first?.[kpi.key] ?? null)}</p>
                  <details className="mt-2 text-sm">
                    <summary className="inline-flex cursor-pointer items-center gap-1 font-medium text-brand-700 hover:underline">
                      <Info aria-hidden className="size-3.5" />
                      Definition<span className="sr-only"> of {kpi.label}</span>
                    </summary>
                    <dl className="mt-2 space-y-1.5 text-xs text-slate-700">
                      <div>
                        <dt className="font-semibold">Formula</dt>
                        <dd className="font-mono text-[11px] leading-snug">{kpi.formula}</dd>
                      </div>
                      <div>
                        <dt className="font-semibold">Inputs</dt>
                        <dd>{kpi.inputs} Computed {KPI_SCOPE}.</dd>
                      </div>
                      <div>
                        <dt className="font-semibold">Limits</dt>
                        <dd>{kpi.limit.replace(/^Limit: /, "")}</dd>
                      </div>
                    </dl>
                  </details>
                </li>
              );
            })}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-slate-600">No KPI snapshot on or before the end of this range yet. Choose a range that ends later, or wait for tonight&apos;s run.</p>
      )}
    </Card>
  );
}
