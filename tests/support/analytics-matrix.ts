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
import { runPipeline } from "./analytics-golden";

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
  // Scoped to the organization: this is the shared test database.
  await runPipeline(org.id, { scope: "organization" });
  await service((tx) => fillItemStats(tx, org, ids));
}

/**
 * The computed tables, filled by the analytics jobs from the learning
 * fixture's events, enrollments and progress. Item statistics need graded
 * attempts, which the matrix fixture does not have (its attempts stay open
 * for the answer-update probes): that row is written as the job would.
 */
async function fillItemStats(tx: Tx, org: TestOrg, ids: LearningIds) {
  await tx.execute(sql`
    insert into public.question_item_stats (organization_id, question_id, assessment_id, attempts, correct, difficulty)
    select ${org.id}, q.id, q.assessment_id, 2, 1, 0.5 from public.questions q where q.assessment_id = ${ids.publishedAssessment}`);
}
