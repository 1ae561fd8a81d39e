"use client";
// BarChart — one value per category (mastery per skill, score per assessment).
// Props: ChartFrameProps + XYProps, plus
//   horizontal  bars run left→right, categories down the side (long labels, many rows)
//   toneKey     a row field holding a ChartTone per bar ("success" mastered, "danger" gap),
//               so colour carries meaning; the first series' tone otherwise.
// Several series draw grouped bars.
//
//   <BarChart title="Which skills have you mastered?" data={skills} x="skill" horizontal
//     series={[{ key: "mastery", label: "Mastery" }]} toneKey="tone" format="percent" domain={[0, 100]}
//     references={[{ y: 80, label: "Mastered" }]} />
import { Bar, BarChart as RBarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard, type ChartFrameProps } from "./chart-card";
import { formatLabel, formatValue } from "./format";
import { CHART_AXIS, CHART_COLORS, CHART_GRID, type ChartTone } from "./palette";
import { SeriesLegend } from "./series-legend";
import { tableOf, type XYProps } from "./series";

export function BarChart(props: ChartFrameProps & XYProps & { horizontal?: boolean; toneKey?: string }) {
  const { data, x, xFormat, series, format, domain, references = [], horizontal = false, toneKey } = props;
  const height = props.height ?? (horizontal ? Math.max(120, data.length * 34 + 40) : 240);
  const valueAxis = {
    type: "number" as const,
    domain: domain ?? [0, "auto"],
    tickFormatter: (v: number) => formatValue(v, format),
    tick: { fill: CHART_AXIS, fontSize: 12 },
    allowDecimals: false,
  };
  const categoryAxis = {
    type: "category" as const,
    dataKey: x,
    // Long category names are cut on the axis; the tooltip and "Show data" keep them whole.
    tickFormatter: (v: unknown) => shorten(formatLabel(v, xFormat), horizontal ? 22 : 14),
    tick: { fill: CHART_AXIS, fontSize: 12 },
  };
  return (
    <ChartCard {...props} isEmpty={props.isEmpty ?? data.length === 0} table={tableOf(props)}>
      <div style={{ height }} className="w-full">
        <ResponsiveContainer width="100%" height="100%">
          <RBarChart data={data} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: horizontal && references.length ? 22 : 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={CHART_GRID} horizontal={!horizontal} vertical={horizontal} />
            {horizontal ? <XAxis {...valueAxis} /> : <XAxis {...categoryAxis} minTickGap={8} />}
            {horizontal ? <YAxis {...categoryAxis} width={150} /> : <YAxis {...valueAxis} width={56} />}
            <Tooltip labelFormatter={(v) => formatLabel(v, xFormat)} formatter={(v) => formatValue(Number(v), format)} cursor={{ fill: "#f1f5f9" }} />
            {references.map((r) =>
              horizontal ? (
                <ReferenceLine key={r.label} x={r.y} stroke={CHART_COLORS[r.tone ?? "info"]} strokeDasharray="4 4" label={{ value: r.label, position: "top", fill: CHART_AXIS, fontSize: 12 }} />
              ) : (
                <ReferenceLine key={r.label} y={r.y} stroke={CHART_COLORS[r.tone ?? "info"]} strokeDasharray="4 4" label={{ value: r.label, position: "insideTopLeft", fill: CHART_AXIS, fontSize: 12 }} />
              ),
            )}
            {series.map((s, i) => {
              const colour = CHART_COLORS[s.tone ?? (i === 0 ? "brand" : "info")];
              return (
                <Bar key={s.key} dataKey={s.key} name={s.label} fill={colour} radius={horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false}>
                  {toneKey && i === 0
                    ? data.map((row, j) => <Cell key={j} fill={CHART_COLORS[(row[toneKey] as ChartTone) ?? "brand"] ?? colour} />)
                    : null}
                </Bar>
              );
            })}
          </RBarChart>
        </ResponsiveContainer>
      </div>
      {series.length > 1 ? (
        <SeriesLegend items={series.map((s, i) => ({ label: s.label, colour: CHART_COLORS[s.tone ?? (i === 0 ? "brand" : "info")] }))} />
      ) : null}
    </ChartCard>
  );
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
