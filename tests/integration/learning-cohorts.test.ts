// Cohorts: creating a run of a course with trainers and learners, enrolling,
// and who sees which cohort (a trainer only the ones they teach).
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createOrg, createUser } from "../support/db";
import { as, createLearningWorld, failure, service } from "../support/learning-world";
import { cohorts, enrollments } from "@/db/schema";
import { addCohortTrainer, createCohort, enrollLearners, getCohortDetail, listCohorts } from "@/db/queries/cohorts";
import { createCourse } from "@/db/queries/courses";
import { cohortSchema } from "@/lib/validation/learning";

const base = { startsOn: "2026-04-01", endsOn: "2026-05-31", trainerIds: [] as string[], learnerIds: [] as string[] };

describe("createCohort", () => {
  it("an admin creates a cohort with a trainer and learners; due dates default to the cohort's end", async () => {
    const world = await createLearningWorld();
    const { org, trainer, learner, otherLearner, courseId } = world;
    const cohort = await as(org.owner, (tx) =>
      createCohort(tx, {
        ...base,
        organizationId: org.id,
        createdBy: org.owner.sub,
        creatorTeaches: false,
        courseId,
        name: "Autumn",
        trainerIds: [trainer.sub],
        learnerIds: [learner.sub, otherLearner.sub, learner.sub],
      }),
    );
    expect(cohort).toMatchObject({ name: "Autumn", trainers: 1, learners: 2 });
    const detail = await as(trainer, (tx) => getCohortDetail(tx, org.id, cohort.id));
    expect(detail.trainers.map((t) => t.userId)).toEqual([trainer.sub]);
    expect(detail.learners.map((l) => [l.userId, l.dueOn, l.progressPercent]).sort()).toEqual(
      [
        [learner.sub, "2026-05-31", 0],
        [otherLearner.sub, "2026-05-31", 0],
      ].sort(),
    );
  });

  it("a trainer who creates a cohort teaches it", async () => {
    const world = await createLearningWorld();
    const detail = await as(world.trainer, (tx) => getCohortDetail(tx, world.org.id, world.cohortId));
    expect(detail.trainers.map((t) => t.userId)).toEqual([world.trainer.sub]);
    expect(detail.learners.map((l) => l.userId)).toEqual([world.learner.sub]);
  });

  it("refuses reversed dates, a draft course, no trainer, a learner as trainer, and outsiders — writing nothing", async () => {
    const world = await createLearningWorld();
    const { org, trainer, learner, courseId } = world;
    const outsider = await createUser("outsider");
    const other = await createOrg({ learner: "learner" });
    const draft = await as(trainer, (tx) => createCourse(tx, { organizationId: org.id, createdBy: trainer.sub, title: "Draft", description: "", skillIds: [] }));
    const admin = { organizationId: org.id, createdBy: org.owner.sub, creatorTeaches: false, courseId, name: "Bad" };
    const cases: [Parameters<typeof createCohort>[1], number, string][] = [
      [{ ...admin, ...base, startsOn: "2026-06-01", endsOn: "2026-05-01", trainerIds: [trainer.sub] }, 400, "The end date must be on or after the start date"],
      [{ ...admin, ...base, courseId: draft.id, trainerIds: [trainer.sub] }, 400, "Publish the course before creating a cohort for it"],
      [{ ...admin, ...base }, 400, "Choose at least one trainer"],
      [{ ...admin, ...base, trainerIds: [learner.sub] }, 400, "Only trainers and org admins can teach a cohort"],
      [{ ...admin, ...base, trainerIds: [trainer.sub], learnerIds: [outsider.sub] }, 400, "One of the chosen learners is not a member of this organization"],
      [{ ...admin, ...base, trainerIds: [trainer.sub], learnerIds: [other.members.learner.sub] }, 400, "One of the chosen learners is not a member of this organization"],
      [{ ...admin, ...base, trainerIds: [trainer.sub], courseId: crypto.randomUUID() }, 404, "That course was not found"],
    ];
    for (const [input, status, message] of cases) {
      expect(await failure(as(org.owner, (tx) => createCohort(tx, input)))).toMatchObject({ status, message });
    }
    expect(await service((tx) => tx.select().from(cohorts).where(eq(cohorts.name, "Bad")))).toEqual([]);
  });

  it("refuses another organization's course and a learner creating a cohort", async () => {
    const world = await createLearningWorld();
    const other = await createOrg({ trainer: "trainer" });
    const intruder = other.members.trainer;
    expect(
      await failure(as(intruder, (tx) => createCohort(tx, { ...base, organizationId: other.id, createdBy: intruder.sub, creatorTeaches: true, courseId: world.courseId, name: "Stolen" }))),
    ).toMatchObject({ status: 404 });
    expect(
      (
        await failure(
          as(world.learner, (tx) => createCohort(tx, { ...base, organizationId: world.org.id, createdBy: world.learner.sub, creatorTeaches: true, courseId: world.courseId, name: "Mine" })),
        )
      ).status,
    ).toBe(400);
  });

  it("the form schema refuses reversed dates and impossible dates", () => {
    const parse = (fields: Record<string, unknown>) =>
      cohortSchema.safeParse({ courseId: crypto.randomUUID(), name: "C", startsOn: "2026-01-10", endsOn: "2026-01-20", ...fields });
    expect(parse({}).success).toBe(true);
    expect(parse({ endsOn: "2026-01-09" }).error?.issues.map((i) => i.message)).toEqual(["The end date must be on or after the start date"]);
    expect(parse({ startsOn: "2026-02-30" }).error?.issues.map((i) => i.message)).toEqual(["Enter the start date as a real date"]);
  });
});

describe("who sees which cohort", () => {
  it("a trainer sees only the cohorts they teach; the admin sees all; a learner sees theirs", async () => {
    const world = await createLearningWorld();
    const { org, learner, otherLearner, courseId } = world;
    const second = await createUser("trainer2");
    await service((tx) => tx.execute(`insert into public.memberships (organization_id, user_id, role) values ('${org.id}', '${second.sub}', 'trainer')`));
    const theirs = await as(org.owner, (tx) =>
      createCohort(tx, { ...base, organizationId: org.id, createdBy: org.owner.sub, creatorTeaches: false, courseId, name: "Theirs", trainerIds: [second.sub], learnerIds: [otherLearner.sub] }),
    );
    expect((await as(world.trainer, (tx) => listCohorts(tx, org.id))).map((c) => c.name)).toEqual(["Spring"]);
    expect((await as(second, (tx) => listCohorts(tx, org.id))).map((c) => c.name)).toEqual(["Theirs"]);
    expect((await as(org.owner, (tx) => listCohorts(tx, org.id))).map((c) => c.name).sort()).toEqual(["Spring", "Theirs"]);
    expect((await as(learner, (tx) => listCohorts(tx, org.id))).map((c) => c.name)).toEqual(["Spring"]);
    expect((await failure(as(world.trainer, (tx) => getCohortDetail(tx, org.id, theirs.id)))).status).toBe(404);
  });
});

describe("enrollLearners and addCohortTrainer", () => {
  it("a cohort's trainer enrolls members; those already enrolled are left alone", async () => {
    const world = await createLearningWorld();
    const { org, trainer, learner, otherLearner, cohortId } = world;
    expect(await as(trainer, (tx) => enrollLearners(tx, { organizationId: org.id, cohortId, userIds: [learner.sub, otherLearner.sub], dueOn: "2026-04-15" }))).toEqual({
      enrolled: 1,
      alreadyEnrolled: 1,
    });
    const rows = await service((tx) => tx.select().from(enrollments).where(eq(enrollments.cohortId, cohortId)));
    expect(rows.map((r) => [r.userId, r.dueOn]).sort()).toEqual(
      [
        [learner.sub, "2026-06-30"],
        [otherLearner.sub, "2026-04-15"],
      ].sort(),
    );
  });

  it("refuses a trainer outside the cohort, outsiders, a due date before the start, and a learner as trainer", async () => {
    const world = await createLearningWorld();
    const { org, otherLearner, learner, cohortId } = world;
    const second = await createUser("trainer2");
    await service((tx) => tx.execute(`insert into public.memberships (organization_id, user_id, role) values ('${org.id}', '${second.sub}', 'trainer')`));
    const other = await createOrg({ learner: "learner" });

    expect((await failure(as(second, (tx) => enrollLearners(tx, { organizationId: org.id, cohortId, userIds: [otherLearner.sub] })))).status).toBe(404);
    expect(await failure(as(world.trainer, (tx) => enrollLearners(tx, { organizationId: org.id, cohortId, userIds: [other.members.learner.sub] })))).toMatchObject({
      status: 400,
      message: "One of the chosen learners is not a member of this organization",
    });
    expect(await failure(as(world.trainer, (tx) => enrollLearners(tx, { organizationId: org.id, cohortId, userIds: [otherLearner.sub], dueOn: "2026-01-01" })))).toMatchObject({
      status: 400,
      message: "The due date must be on or after the cohort's start",
    });
    expect(await failure(as(world.trainer, (tx) => addCohortTrainer(tx, { organizationId: org.id, cohortId, userId: learner.sub })))).toMatchObject({
      status: 400,
      message: "Only trainers and org admins can teach a cohort",
    });
    expect((await failure(as(other.owner, (tx) => enrollLearners(tx, { organizationId: other.id, cohortId, userIds: [other.members.learner.sub] })))).status).toBe(404);
    const rows = await service((tx) => tx.select().from(enrollments).where(eq(enrollments.cohortId, cohortId)));
    expect(rows.map((r) => r.userId)).toEqual([learner.sub]);

    expect(await as(world.trainer, (tx) => addCohortTrainer(tx, { organizationId: org.id, cohortId, userId: second.sub }))).toEqual({ added: 1 });
    expect((await as(second, (tx) => listCohorts(tx, org.id))).map((c) => c.id)).toEqual([cohortId]);
  });
});
