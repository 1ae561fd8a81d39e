// Who the simulated learners are: a persona per learner, fixed by
// construction, and the behaviour each persona draws (ability on a logit
// scale and its drift, engagement, pace, what else it does). generator.ts
// simulates them day by day.
import type { Random } from "./prng";

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** What a learner is like, fixed by its slot in its primary cohort (see personaOf). */
export type Persona = "high_potential" | "at_risk" | "streaker" | "declining" | "regular";
const SPECIAL_PERSONAS: Persona[] = ["high_potential", "at_risk", "streaker", "declining"];

/**
 * The persona of learner `index` when there are `cohorts` cohorts: learners
 * are dealt to cohorts in turn (index mod cohorts), and their slot in that
 * cohort (index ÷ cohorts, mod 10) picks the persona — slots 0–3 the special
 * ones, 4–9 regular. So every persona is present by construction, in every
 * cohort of at least 4 learners.
 */
export function personaOf(index: number, cohorts: number): Persona {
  return SPECIAL_PERSONAS[Math.floor(index / Math.max(1, cohorts)) % 10] ?? "regular";
}

/** The behaviour a persona draws from (see the header for what each means). */
export function drawTraits(r: Random, persona: Persona, days: number) {
  const base = {
    high_potential: { ability: clamp(r.normal(1.6, 0.3), 1.1, 2.6), drift: 0.3, engagement: r.between(0.9, 0.98), weekend: 0.85, lessonsPerSession: 2, learnShare: 0.75, extraCohorts: 2 },
    at_risk: { ability: clamp(r.normal(-0.3, 0.4), -1.5, 0.5), drift: -1.2, engagement: r.between(0.3, 0.5), weekend: 0.35, lessonsPerSession: 1, learnShare: 0.4, extraCohorts: r.chance(0.3) ? 1 : 0 },
    streaker: { ability: clamp(r.normal(0.7, 0.5), -0.5, 2), drift: 0.3, engagement: r.between(0.5, 0.7), weekend: 0.35, lessonsPerSession: 1, learnShare: 0.5, extraCohorts: r.int(1, 2) },
    declining: { ability: clamp(r.normal(1, 0.4), 0, 2), drift: -3, engagement: r.between(0.55, 0.75), weekend: 0.35, lessonsPerSession: 1, learnShare: 0.55, extraCohorts: 1 },
    regular: { ability: clamp(r.normal(0.3, 0.8), -1.5, 2.2), drift: 0.3, engagement: r.between(0.2, 0.7), weekend: 0.35, lessonsPerSession: 1, learnShare: r.between(0.35, 0.7), extraCohorts: r.pick([0, 0, 0, 1, 1, 2]) },
  }[persona];
  return {
    ...base,
    /** P(a task, a goal update) in a session: varies engagement by activity type. */
    taskRate: r.between(0.1, 0.5),
    goalRate: r.between(0.03, 0.25),
    /** Day from which a regular learner drops off (20% of them), activity × 0.15 after. */
    dropDay: persona === "regular" && r.chance(0.2) ? r.int(Math.floor(days * 0.4), days - 5) : null,
    /** At risk: the last day with any activity, 15–28 days before the end's (at least two full weeks quiet; in a short history, not before its first third). */
    lastDay: persona === "at_risk" ? Math.max(days - 1 - r.int(15, 28), Math.floor(days / 3)) : days - 1,
    /** Streakers: the first day of the daily streak that runs to the end. */
    streakFrom: persona === "streaker" ? days - r.int(45, 120) : null,
  };
}
