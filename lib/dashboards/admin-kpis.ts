// The KPI tree's definitions as the org admin overview shows them, one click
// from each number. `formula`, `limit` and `scope` are copied word for word
// from the comment above analytics.run_kpis in
// supabase/migrations/20261130000320_analytics_learner.sql (the function that
// computes them); tests/unit/admin-kpi-definitions.test.ts fails if the two
// stop agreeing. `inputs` names where each number's ingredients come from.

export type KpiKey = "turnoverRisk" | "burnoutRisk" | "productivityIndex" | "highPotentialCount";

export interface KpiDefinition {
  key: KpiKey;
  label: string;
  /** What a high number means for the organization, in one line. */
  question: string;
  unit: "score" | "count";
  /** Higher is worse (risk) or better (productivity, potential). */
  better: "lower" | "higher";
  formula: string;
  inputs: string;
  limit: string;
}

/** Which learners every KPI is computed over (the comment's header). */
export const KPI_SCOPE = "over that day's learner snapshots (the cohort's: its enrolled learners)";
export const KPI_SOURCE = "seed senseiiwyze-platform-architecture.md \"KPI Calculation Support\"";

export const ADMIN_KPIS: readonly KpiDefinition[] = [
  {
    key: "turnoverRisk",
    label: "Turnover risk",
    question: "How likely are learners to drop out?",
    unit: "score",
    better: "lower",
    formula: "turnover_risk (0–100) = 100 · mean drop-off risk of the learners with a prediction.",
    inputs: "Each learner's drop-off risk (predictive_analytics_cache: days inactive, slowing pace, falling scores, missed due dates).",
    limit:
      "Limit: a proxy from learning disengagement only — the product holds no HR data (tenure, pay, manager changes); opted-out learners are not in it.",
  },
  {
    key: "burnoutRisk",
    label: "Burnout risk",
    question: "How many learners are overloaded?",
    unit: "score",
    better: "lower",
    formula:
      "burnout_risk (0–100) = 100 · share of learners with ≥ 600 active minutes in the last 7 days, or active all 7 days with a declining performance trend.",
    inputs: "Active minutes and active days of the last 7 days and the performance trend of each learner's snapshot.",
    limit: "Limit: learning time only; no working hours or survey answers.",
  },
  {
    key: "productivityIndex",
    label: "Productivity index",
    question: "How well are learners learning?",
    unit: "score",
    better: "higher",
    formula:
      "productivity_index (0–100) = 0.5 · mean avg_score + 0.5 · mean mastery_avg, each mean over learners who have one (0 when nobody has).",
    inputs: "Each learner's average assessment score and mean skill mastery from their snapshot.",
    limit: "Limit: measures learning outcomes, not work output.",
  },
  {
    key: "highPotentialCount",
    label: "High potential",
    question: "Who is strong, engaged and on pace?",
    unit: "count",
    better: "higher",
    formula: "high_potential_count = learners with avg_score ≥ 85, engagement ≥ 70 and velocity not behind (ahead, on track, or every enrolled course finished).",
    inputs: "Each learner's average score, engagement score (0–100) and velocity status from their snapshot.",
    limit: "Limit: no leadership assessments exist; this names strong, engaged, on-pace learners.",
  },
];
