// The shared chart layer (issue 9). Import from "@/components/charts" in
// dashboard pages only — these are client components wrapping recharts, so
// they are split into the routes that draw them, not the shared layout.
//   ChartCard              frame: question title, subtitle, "Show data" table, empty state
//   TrendLine              series over time (lines, optional area, dashed targets)
//   BarChart               value per category (vertical/horizontal, colour per bar via toneKey)
//   StackedBar             parts of a whole per category (absolute or percent)
//   Distribution           histogram of many values with a "You" marker
//   DashboardQueryProvider one react-query client for a dashboard subtree
//   useDashboardWidget     refresh a widget through its route handler
// Colours: palette.ts (tone = meaning). Number formats: format.ts (names, not functions).
export { ChartCard, type ChartFrameProps, type DataTable, type DataColumn } from "./chart-card";
export { TrendLine } from "./trend-line";
export { BarChart } from "./bar-chart";
export { StackedBar } from "./stacked-bar";
export { Distribution, histogram } from "./distribution";
export { DashboardQueryProvider } from "./query-provider";
export { useDashboardWidget, WidgetError } from "./use-dashboard-widget";
export { CHART_COLORS, type ChartTone } from "./palette";
export { formatValue, formatLabel, type ValueFormat, type LabelFormat } from "./format";
export type { Series, ReferenceY, Row, XYProps } from "./series";
