// The colour a skill's mastery gets on every mastery chart (learner dashboard,
// trainer drill-down): mastered at or above the threshold, "getting there"
// from 40, a gap below. One rule, so the two views cannot disagree.
export type MasteryTone = "success" | "warning" | "danger";

export const GETTING_THERE_AT = 40;

export function masteryTone(mastery: number, masteredAt: number): MasteryTone {
  if (mastery >= masteredAt) return "success";
  return mastery >= GETTING_THERE_AT ? "warning" : "danger";
}
