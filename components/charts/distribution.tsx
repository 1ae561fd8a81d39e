"use client";
// Distribution — a histogram of many values (scores of a cohort, peers'
// weekly minutes) with an optional marker for one value ("You", "Median").
// Props: ChartFrameProps +
//   values   the raw numbers (already anonymous: no names reach the browser)
//   bins     number of equal-width bins (default 10) over `domain` or [min, max]
//   marker   { value, label } drawn as a vertical line; its bin is highlighted
//   format   how bin edges read (percent, minutes, …)
//
//   <Distribution title="How do you compare with your peers?" values={peerMinutes}
//     marker={{ value: myMinutes, label: "You" }} format="minutes" valueLabel="Minutes this week" />
import { Bar, BarChart as RBarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard, type ChartFrameProps } from "./chart-card";
import { formatValue, type ValueFormat } from "./format";
import { CHART_AXIS, CHART_COLORS, CHART_GRID } from "./palette";

export interface Bin {
  from: number;
  to: number;
  label: string;
  count: number;
}

/** Equal-width bins; the last bin includes its upper edge. Exported for tests. */
export function histogram(values: number[], bins: number, domain?: [number, number], format: ValueFormat = "number"): Bin[] {
  if (values.length === 0) return [];
  const lo = domain?.[0] ?? Math.min(...values);
  const hi = domain?.[1] ?? Math.max(...values);
  const n = hi > lo ? bins : 1;
  const width = hi > lo ? (hi - lo) / n : 1;
  const out: Bin[] = Array.from({ length: n }, (_, i) => {
    const from = lo + i * width;
    const to = i === n - 1 ? hi : lo + (i + 1) * width;
    return { from, to, label: `${formatValue(from, format)}–${formatValue(to, format)}`, count: 0 };
  });
  for (const v of values) {
    const i = Math.min(n - 1, Math.max(0, Math.floor((v - lo) / width)));
    out[i].count += 1;
  }
  return out;
}

export function Distribution(
  props: ChartFrameProps & {
    values: number[];
    bins?: number;
    domain?: [number, number];
    marker?: { value: number; label: string };
    format?: ValueFormat;
    valueLabel?: string;
    height?: number;
  },
) {
  const { values, bins = 10, domain, marker, format = "number", valueLabel = "Value", height = 220 } = props;
  const data = histogram(values, bins, domain ?? (marker && values.length ? [Math.min(marker.value, ...values), Math.max(marker.value, ...values)] : undefined), format);
  const markerBin = marker ? data.findIndex((b, i) => marker.value >= b.from && (marker.value < b.to || i === data.length - 1)) : -1;
  return (
    <ChartCard
      {...props}
      isEmpty={props.isEmpty ?? values.length === 0}
      table={{ columns: [{ key: "label", label: valueLabel }, { key: "count", label: "Count" }], rows: data.map((b) => ({ label: b.label, count: b.count })) }}
      footer={props.footer ?? (marker ? `${marker.label}: ${formatValue(marker.value, format)} (highlighted bar).` : undefined)}
    >
      <div style={{ height }} className="w-full">
        <ResponsiveContainer width="100%" height="100%">
          <RBarChart data={data} barCategoryGap={1} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={CHART_GRID} vertical={false} />
            <XAxis dataKey="label" tick={{ fill: CHART_AXIS, fontSize: 11 }} interval="preserveStartEnd" minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fill: CHART_AXIS, fontSize: 12 }} width={40} />
            <Tooltip formatter={(v) => [String(v), "Count"]} cursor={{ fill: "#f1f5f9" }} />
            <Bar dataKey="count" name="Count" isAnimationActive={false}>
              {data.map((_, i) => (
                <Cell key={i} fill={i === markerBin ? CHART_COLORS.brand : CHART_COLORS.neutral} fillOpacity={i === markerBin ? 1 : 0.45} />
              ))}
            </Bar>
          </RBarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
