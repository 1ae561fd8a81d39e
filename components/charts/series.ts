// Shared prop types of the chart components and the data table they derive.
import type { DataTable } from "./chart-card";
import type { LabelFormat, ValueFormat } from "./format";
import type { ChartTone } from "./palette";

/** One plotted number per row: `key` is the row field, `label` the legend/table name. */
export interface Series {
  key: string;
  label: string;
  tone?: ChartTone;
  /** Dashed line (targets, projections). TrendLine only. */
  dashed?: boolean;
  /** TrendLine only: draw this series as bars (counts per period) under the lines. */
  kind?: "line" | "bar";
}

/** A horizontal line across the chart ("target 80 %"). */
export interface ReferenceY {
  y: number;
  label: string;
  tone?: ChartTone;
}

export type Row = Record<string, string | number | null>;

export interface XYProps {
  data: Row[];
  /** The row field on the x axis (a category or a YYYY-MM-DD date). */
  x: string;
  xLabel?: string;
  xFormat?: LabelFormat;
  series: Series[];
  format?: ValueFormat;
  /** Fix the value axis, e.g. [0, 100] for percentages. */
  domain?: [number, number];
  height?: number;
  references?: ReferenceY[];
}

export function tableOf({ data, x, xLabel, xFormat, series, format }: XYProps): DataTable {
  return {
    columns: [{ key: x, label: xLabel ?? x, labelFormat: xFormat }, ...series.map((s) => ({ key: s.key, label: s.label, format }))],
    rows: data,
  };
}
