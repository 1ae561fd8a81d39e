// Analytics rows for the RLS attack matrix: each learner's preferences written
// by the learner through RLS, the org's point-rule override and achievement by
// its admin through RLS, and every computed table filled by the analytics jobs
// themselves (service role, as pg_cron runs them) from the learning fixture's
// events and attempts.
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { achievements, pointRules, userPreferences } from "@/db/schema";
import { testDb, withServiceDb, withUserDb, type TestOrg } from "./db";
import { learningPeople, type LearningIds } from "./learning-matrix";

const as = <T>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());
const service = <T>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test fixture", fn, testDb());

export async function seedAnalyticsRows(org: TestOrg, ids: LearningIds): Promise<void> {
  const people = learningPeople(org);
  await as(people.learner, (tx) =>
    tx.insert(userPreferences).values({ organizationId: org.id, userId: people.learner.sub, leaderboardVisibility: "anonymous" }),
  );
  await as(people.learner2, (tx) =>
    tx.insert(userPreferences).values({ organizationId: org.id, userId: people.learner2.sub, leaderboardVisibility: "public" }),
  );
  await as(people.admin, async (tx) => {
    await tx.insert(pointRules).values({ organizationId: org.id, eventType: "lesson_started", points: 3, description: "Our own rule" });
    await tx.insert(achievements).values({
      organizationId: org.id,
      key: "org-starter",
      name: "Started here",
      criteria: { metric: "lessons_started", gte: 1 },
    });
  });
  await service((tx) => fillComputedRows(tx, org, ids));
}

/**
 * Rows of the computed tables for the fixture's two learners and cohorts.
 * Written directly until the analytics jobs exist; the jobs' own output
 * replaces this (analytics tests run the real pipeline).
 */
async function fillComputedRows(tx: Tx, org: TestOrg, ids: LearningIds) {
  const { learner, learner2 } = learningPeople(org);
  const learners = [learner.sub, learner2.sub];
  const cohorts = [ids.cohort1, ids.cohort2];
  for (const [i, userId] of learners.entries()) {
    await tx.execute(sql`insert into public.learner_daily_rollups (organization_id, user_id, day, events, lessons_completed, points)
      values (${org.id}, ${userId}, current_date, 2, 1, 11)`);
    await tx.execute(sql`insert into public.point_transactions (organization_id, user_id, points, activity_type, source_key, occurred_at, day)
      values (${org.id}, ${userId}, 10, 'lesson_completed', ${`fixture:${userId}`}, now(), current_date)`);
    await tx.execute(sql`insert into public.user_points (organization_id, user_id, total_points, level, current_streak, longest_streak, last_active_day)
      values (${org.id}, ${userId}, 10, 1, 1, 1, current_date)`);
    await tx.execute(sql`insert into public.user_achievements (organization_id, user_id, achievement_id)
      select ${org.id}, ${userId}, a.id from public.achievements a where a.organization_id is null and a.key = 'first-lesson'`);
    await tx.execute(sql`insert into public.learner_analytics_snapshots (organization_id, user_id, snapshot_day, expires_at)
      values (${org.id}, ${userId}, current_date, now() + interval '7 days')`);
    await tx.execute(sql`insert into public.predictive_analytics_cache (organization_id, user_id, drop_off_risk, risk_level, expires_at)
      values (${org.id}, ${userId}, 0.2, 'low', now() + interval '48 hours')`);
    await tx.execute(sql`insert into public.cohort_daily_rollups (organization_id, cohort_id, day, active_learners)
      values (${org.id}, ${cohorts[i]}, current_date, 1)`);
    await tx.execute(sql`insert into public.kpi_snapshots (organization_id, cohort_id, snapshot_day, learners)
      values (${org.id}, ${cohorts[i]}, current_date, 1)`);
    await tx.execute(sql`insert into public.aggregated_analytics (organization_id, cohort_id, period, period_start, active_learners, expires_at)
      values (${org.id}, ${cohorts[i]}, 'month', date_trunc('month', now())::date, 1, now() + interval '7 years')`);
  }
  await tx.execute(sql`insert into public.org_daily_rollups (organization_id, day, active_learners) values (${org.id}, current_date, 2)`);
  await tx.execute(sql`insert into public.kpi_snapshots (organization_id, cohort_id, snapshot_day, learners) values (${org.id}, null, current_date, 2)`);
  await tx.execute(sql`insert into public.aggregated_analytics (organization_id, cohort_id, period, period_start, active_learners, expires_at)
    values (${org.id}, null, 'month', date_trunc('month', now())::date, 2, now() + interval '7 years')`);
  await tx.execute(sql`insert into public.question_item_stats (organization_id, question_id, assessment_id, attempts, correct, difficulty)
    select ${org.id}, q.id, q.assessment_id, 2, 1, 0.5 from public.questions q where q.assessment_id = ${ids.publishedAssessment}`);
}
