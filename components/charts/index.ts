// The shared chart layer (issue 9): a map of what is here. Pages import each
// piece from its own file ("@/components/charts/bar-chart"), not from this
// index: a server component importing an index gets a client reference for
// every "use client" module behind it, so one chart pulled react-query
// (10 kB gzip) into pages that never refresh a widget. The chart components
// are client components wrapping recharts, split into the routes that draw
// them, not the shared layout. react-query is deliberately not re-exported.
//   ChartCard              frame: question title, subtitle, "Show data" table, empty state
//   TrendLine              series over time (lines, optional area, dashed targets)
//   BarChart               value per category (vertical/horizontal, colour per bar via toneKey)
//   StackedBar             parts of a whole per category (absolute or percent)
//   Distribution           histogram of many values with a "You" marker
//   DashboardQueryProvider one react-query client for a dashboard subtree (./query-provider)
//   useDashboardWidget     refresh a widget through its route handler (./use-dashboard-widget)
// Colours: palette.ts (tone = meaning). Number formats: format.ts (names, not functions).
export { ChartCard, type ChartFrameProps, type DataTable, type DataColumn } from "./chart-card";
export { TrendLine } from "./trend-line";
export { BarChart } from "./bar-chart";
export { StackedBar } from "./stacked-bar";
export { Distribution, histogram } from "./distribution";
export { CHART_COLORS, type ChartTone } from "./palette";
export { formatValue, formatLabel, type ValueFormat, type LabelFormat } from "./format";
export type { Series, ReferenceY, Row, XYProps } from "./series";
