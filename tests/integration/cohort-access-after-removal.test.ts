// A trainer's access to a cohort and its learners lasts only while they may
// still view cohorts in its organization. Removed from the organization, or
// demoted to learner, they read nothing of their old cohort (the cohort, its
// enrollments, its learners' progress) and change nothing of it; their
// cohort_trainers rows are deleted with the membership change. The policy
// helpers refuse such a trainer on their own too, which is checked with the
// clean-up trigger switched off.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { startLesson } from "@/db/queries/progress";
import { cohortTrainers, courseSections, courses, lessonProgress, lessons, memberships } from "@/db/schema";
import { createOrg, testDb, withServiceDb, withUserDb } from "../support/db";
import { attemptAs, attemptAsService, summarize } from "../support/attempt";
import { as, createLearningWorld, service, type LearningWorld } from "../support/learning-world";

/** What a trainer reaches of the world's cohort: rows read or deleted. */
function reach(world: LearningWorld) {
  return {
    cohorts: sql`select count(*)::int as n from public.cohorts where id = ${world.cohortId}::uuid`,
    enrollments: sql`select count(*)::int as n from public.enrollments where cohort_id = ${world.cohortId}::uuid`,
    lessonProgress: sql`select count(*)::int as n from public.lesson_progress where user_id = ${world.learner.sub}::uuid`,
    cohortTrainers: sql`select count(*)::int as n from public.cohort_trainers where cohort_id = ${world.cohortId}::uuid`,
    deleteEnrollments: sql`delete from public.enrollments where cohort_id = ${world.cohortId}::uuid`,
    updateCohort: sql`update public.cohorts set name = 'Renamed' where id = ${world.cohortId}::uuid`,
  } satisfies Record<string, SQL>;
}

async function runEach(claims: SessionClaims, statements: Record<string, SQL>) {
  const out: Record<string, string> = {};
  for (const [name, statement] of Object.entries(statements)) {
    out[name] = summarize(
      await attemptAs(claims, async (tx) => {
        const result = await tx.execute<{ n: number }>(statement);
        return { count: name.startsWith("delete") || name.startsWith("update") ? result.count : result[0].n };
      }),
    );
  }
  return out;
}

const NOTHING = { cohorts: "0 rows", enrollments: "0 rows", lessonProgress: "0 rows", cohortTrainers: "0 rows", deleteEnrollments: "0 rows", updateCohort: "0 rows" };
const TEACHING = { cohorts: "1 rows", enrollments: "1 rows", lessonProgress: "1 rows", cohortTrainers: "1 rows", deleteEnrollments: "1 rows", updateCohort: "1 rows" };

/** A world where the learner has started a lesson, and its trainer (who created and teaches the cohort) still reaches everything. */
async function teachingWorld() {
  const world = await createLearningWorld();
  await as(world.learner, (tx) => startLesson(tx, { organizationId: world.org.id, userId: world.learner.sub, lessonId: world.lessonIds[0] }));
  expect(await runEach(world.trainer, reach(world)), "before the change, the trainer reaches the cohort").toEqual(TEACHING);
  return world;
}

const trainerRows = (world: LearningWorld) =>
  service((tx) => tx.select().from(cohortTrainers).where(and(eq(cohortTrainers.organizationId, world.org.id), eq(cohortTrainers.userId, world.trainer.sub))));

describe("a trainer removed from the organization", () => {
  it("reads nothing of their old cohort and cannot delete its enrollments; their cohort_trainers rows are gone", async () => {
    const world = await teachingWorld();
    await as(world.org.owner, (tx) =>
      tx.delete(memberships).where(and(eq(memberships.organizationId, world.org.id), eq(memberships.userId, world.trainer.sub))),
    );
    expect(await runEach(world.trainer, reach(world))).toEqual(NOTHING);
    expect(await trainerRows(world)).toEqual([]);
  });

  it("who leaves on their own loses their cohorts the same way", async () => {
    const world = await teachingWorld();
    await as(world.trainer, (tx) => tx.delete(memberships).where(and(eq(memberships.organizationId, world.org.id), eq(memberships.userId, world.trainer.sub))));
    expect(await runEach(world.trainer, reach(world))).toEqual(NOTHING);
    expect(await trainerRows(world)).toEqual([]);
  });
});

describe("a trainer demoted to learner", () => {
  it("reads nothing of the cohort they taught and created, and cannot delete its enrollments; their cohort_trainers rows are gone", async () => {
    const world = await teachingWorld();
    await as(world.org.owner, (tx) =>
      tx.update(memberships).set({ role: "learner" }).where(and(eq(memberships.organizationId, world.org.id), eq(memberships.userId, world.trainer.sub))),
    );
    expect(await runEach(world.trainer, reach(world))).toEqual(NOTHING);
    expect(await trainerRows(world)).toEqual([]);
  });

  it("keeps teaching when the new role still views cohorts (trainer → org admin)", async () => {
    const world = await teachingWorld();
    await as(world.org.owner, (tx) =>
      tx.update(memberships).set({ role: "org_admin" }).where(and(eq(memberships.organizationId, world.org.id), eq(memberships.userId, world.trainer.sub))),
    );
    expect(await trainerRows(world)).toHaveLength(1);
  });
});

describe("the policy helpers on their own (clean-up trigger off)", () => {
  /** Changes the trainer's membership without triggers, then acts as the trainer, in one rolled-back transaction. */
  async function withStaleTeaching(world: LearningWorld, change: "remove" | "demote") {
    const statements = reach(world);
    const outcome = await attemptAsService(async (tx: Tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      const mine = and(eq(memberships.organizationId, world.org.id), eq(memberships.userId, world.trainer.sub));
      if (change === "remove") await tx.delete(memberships).where(mine);
      else await tx.update(memberships).set({ role: "learner" }).where(mine);
      await tx.execute(sql`set local session_replication_role = origin`);
      const [{ stale }] = await tx.execute<{ stale: number }>(sql`
        select count(*)::int as stale from public.cohort_trainers where user_id = ${world.trainer.sub}::uuid`);
      await tx.execute(sql`select
        set_config('request.jwt.claims', ${JSON.stringify({ sub: world.trainer.sub, email: world.trainer.email, role: "authenticated", aud: "authenticated" })}, true),
        set_config('role', 'authenticated', true)`);
      const seen: Record<string, number> = { stale };
      for (const [name, statement] of Object.entries(statements)) {
        const result = await tx.execute<{ n: number }>(statement);
        seen[name] = name.startsWith("delete") || name.startsWith("update") ? result.count : result[0].n;
      }
      return seen;
    });
    if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
    return outcome.value;
  }

  const none = { cohorts: 0, enrollments: 0, lessonProgress: 0, cohortTrainers: 0, deleteEnrollments: 0, updateCohort: 0 };

  it("refuse a trainer whose membership is gone, even with the cohort_trainers row left behind", async () => {
    const world = await teachingWorld();
    expect(await withStaleTeaching(world, "remove")).toEqual({ stale: 1, ...none });
  });

  it("refuse a trainer whose role lost cohorts.view, even with the cohort_trainers row left behind", async () => {
    const world = await teachingWorld();
    expect(await withStaleTeaching(world, "demote")).toEqual({ stale: 1, ...none });
  });
});

describe("teaching a learner in one organization", () => {
  let world: LearningWorld;
  let otherOrgId: string;

  beforeAll(async () => {
    world = await teachingWorld();
    // The learner is also a member of another organization, with progress there.
    const other = await createOrg();
    otherOrgId = other.id;
    await withServiceDb(
      "test fixture: the learner's progress in their other organization",
      async (tx) => {
        await tx.insert(memberships).values({ organizationId: other.id, userId: world.learner.sub, role: "learner" });
        const [course] = await tx.insert(courses).values({ organizationId: other.id, title: "Elsewhere", status: "published", publishedAt: new Date() }).returning({ id: courses.id });
        const [section] = await tx.insert(courseSections).values({ organizationId: other.id, courseId: course.id, title: "S" }).returning({ id: courseSections.id });
        const [lesson] = await tx.insert(lessons).values({ organizationId: other.id, courseId: course.id, sectionId: section.id, title: "L" }).returning({ id: lessons.id });
        await tx.insert(lessonProgress).values({ organizationId: other.id, userId: world.learner.sub, lessonId: lesson.id, courseId: course.id });
      },
      testDb(),
    );
  });

  it("opens nothing of theirs in another organization the trainer is not teaching them in", async () => {
    const count = (orgId: string) =>
      withUserDb(
        world.trainer,
        async (tx) =>
          (await tx.execute<{ n: number }>(sql`
            select count(*)::int as n from public.lesson_progress
            where user_id = ${world.learner.sub}::uuid and organization_id = ${orgId}::uuid`))[0].n,
        {},
        testDb(),
      );
    expect(await count(world.org.id)).toBe(1); // their progress in the cohort's organization
    expect(await count(otherOrgId)).toBe(0);
  });
});
