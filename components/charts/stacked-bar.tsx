"use client";
// StackedBar — parts of a whole per category (minutes by activity type per
// week, learners by risk band per cohort). Props: ChartFrameProps + XYProps;
// each series is one stacked segment, give each a tone that means something.
// `percent` stacks shares of 100 % instead of absolute values.
//
//   <StackedBar title="Where does your time go?" data={weeks} x="week" xFormat="week"
//     series={[{ key: "lessons", label: "Lessons", tone: "brand" }, { key: "assessments", label: "Assessments", tone: "info" }]}
//     format="minutes" />
import { Bar, BarChart as RBarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard, type ChartFrameProps } from "./chart-card";
import { formatLabel, formatValue } from "./format";
import { CHART_AXIS, CHART_COLORS, CHART_GRID } from "./palette";
import { SeriesLegend } from "./series-legend";
import { tableOf, type XYProps } from "./series";

const DEFAULT_TONES = ["brand", "info", "success", "warning", "danger", "neutral"] as const;

export function StackedBar(props: ChartFrameProps & XYProps & { percent?: boolean }) {
  const { data, x, xFormat, series, format, domain, height = 240, percent = false } = props;
  const colourOf = (i: number) => CHART_COLORS[series[i].tone ?? DEFAULT_TONES[i % DEFAULT_TONES.length]];
  return (
    <ChartCard {...props} isEmpty={props.isEmpty ?? data.length === 0} table={tableOf(props)}>
      <div style={{ height }} className="w-full">
        <ResponsiveContainer width="100%" height="100%">
          <RBarChart data={data} stackOffset={percent ? "expand" : undefined} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={CHART_GRID} vertical={false} />
            <XAxis dataKey={x} tickFormatter={(v) => formatLabel(v, xFormat)} tick={{ fill: CHART_AXIS, fontSize: 12 }} minTickGap={8} />
            <YAxis
              domain={domain ?? [0, "auto"]}
              tickFormatter={(v: number) => (percent ? formatValue(v * 100, "percent") : formatValue(v, format))}
              tick={{ fill: CHART_AXIS, fontSize: 12 }}
              width={56}
            />
            <Tooltip labelFormatter={(v) => formatLabel(v, xFormat)} formatter={(v) => formatValue(Number(v), format)} cursor={{ fill: "#f1f5f9" }} />
            {series.map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="stack" fill={colourOf(i)} maxBarSize={36} isAnimationActive={false} />
            ))}
          </RBarChart>
        </ResponsiveContainer>
      </div>
      <SeriesLegend items={series.map((s, i) => ({ label: s.label, colour: colourOf(i) }))} />
    </ChartCard>
  );
}
