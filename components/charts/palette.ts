// Chart colours, one per meaning. The hex values mirror the tokens in
// app/globals.css (brand/success/warning/danger/info -600, slate for neutral):
// SVG attributes need concrete colours, and Tailwind only emits the CSS
// variables a page uses, so the values are repeated here — change both together.
//   brand   the learner's / the main series
//   success on track, mastered, low risk
//   warning behind, partial, medium risk
//   danger  off track, gap, high risk
//   info    a comparison (target, cohort median, peers)
//   neutral everything else (other learners, context)
export const CHART_COLORS = {
  brand: "#2459d6",
  success: "#059669",
  warning: "#d97706",
  danger: "#dc2626",
  info: "#0284c7",
  neutral: "#64748b",
} as const;

export type ChartTone = keyof typeof CHART_COLORS;

/** Grid lines and axis text. */
export const CHART_GRID = "#e2e8f0";
export const CHART_AXIS = "#475569";
