"use client";
// TrendLine — one or more series over time (engagement per week, cumulative
// progress vs target). Props: ChartFrameProps (title = the question, subtitle,
// empty, isEmpty, actions, footer) + XYProps (data rows, x field, series,
// format, domain, references). `area` fills under the first series; a series
// with kind "bar" is drawn as bars (e.g. lessons per week under a target line).
//
//   <TrendLine title="Are you keeping pace with your target?" data={rows} x="week"
//     xFormat="week" series={[{ key: "done", label: "Completed" }, { key: "target", label: "Target", tone: "info", dashed: true }]}
//     format="percent" domain={[0, 100]} empty="Start your first lesson to see your pace." />
import { Area, Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard, type ChartFrameProps } from "./chart-card";
import { formatLabel, formatValue } from "./format";
import { CHART_AXIS, CHART_COLORS, CHART_GRID } from "./palette";
import { SeriesLegend } from "./series-legend";
import { tableOf, type XYProps } from "./series";

export function TrendLine(props: ChartFrameProps & XYProps & { area?: boolean }) {
  const { data, x, xFormat, series, format, domain, height = 240, references = [], area = false } = props;
  const colourOf = (i: number) => CHART_COLORS[series[i].tone ?? (i === 0 ? "brand" : "info")];
  return (
    <ChartCard {...props} isEmpty={props.isEmpty ?? data.length === 0} table={tableOf(props)}>
      <div style={{ height }} className="w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={CHART_GRID} vertical={false} />
            <XAxis dataKey={x} tickFormatter={(v) => formatLabel(v, xFormat)} tick={{ fill: CHART_AXIS, fontSize: 12 }} minTickGap={16} />
            <YAxis
              domain={domain ?? [0, "auto"]}
              tickFormatter={(v: number) => formatValue(v, format)}
              tick={{ fill: CHART_AXIS, fontSize: 12 }}
              width={56}
              allowDecimals={false}
            />
            <Tooltip labelFormatter={(v) => formatLabel(v, xFormat)} formatter={(v) => formatValue(Number(v), format)} />
            {references.map((r) => (
              <ReferenceLine key={r.label} y={r.y} stroke={CHART_COLORS[r.tone ?? "info"]} strokeDasharray="4 4" label={{ value: r.label, position: "insideTopLeft", fill: CHART_AXIS, fontSize: 12 }} />
            ))}
            {series.map((s, i) => {
              const colour = colourOf(i);
              if (s.kind === "bar") {
                return <Bar key={s.key} dataKey={s.key} name={s.label} fill={colour} radius={[3, 3, 0, 0]} maxBarSize={24} isAnimationActive={false} />;
              }
              return area && i === 0 ? (
                <Area key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={colour} fill={colour} fillOpacity={0.12} strokeWidth={2} connectNulls isAnimationActive={false} />
              ) : (
                <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={colour} strokeWidth={2} strokeDasharray={s.dashed ? "6 4" : undefined} dot={false} connectNulls isAnimationActive={false} />
              );
            })}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {series.length > 1 ? (
        <SeriesLegend
          items={series.map((s, i) => ({ label: s.label, colour: colourOf(i), mark: s.kind === "bar" || (area && i === 0) ? "block" : s.dashed ? "dashed" : "line" }))}
        />
      ) : null}
    </ChartCard>
  );
}
