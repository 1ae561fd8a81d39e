// A trainer of a large organization builds a cohort of 400 learners: chosen
// one by one in the form, or with "All learners of the organization", in one
// action — the way the form sends them (`learnerIds[]` fields).
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { as, createLearningWorld, failure, service, type LearningWorld } from "../support/learning-world";
import { givePaidSeats } from "../support/billing";
import { uniqueSuffix } from "../support/db";
import { authUsers, enrollments, memberships } from "@/db/schema";
import { createCohort, enrollLearners, getCohortDetail } from "@/db/queries/cohorts";
import { formToFields } from "@/lib/actions";
import { cohortSchema, enrollSchema, MAX_CHOSEN_IDS } from "@/lib/validation/learning";

const LEARNERS = 400;

let world: LearningWorld;
let crowd: string[];

/** `count` learners of the organization, created in bulk with the service role (no password: they never sign in). */
async function addLearners(organizationId: string, count: number): Promise<string[]> {
  const suffix = uniqueSuffix();
  return service(async (tx) => {
    const users = await tx
      .insert(authUsers)
      .values(Array.from({ length: count }, (_, i) => ({ email: `crowd-${suffix}-${i}@example.test`, aud: "authenticated", role: "authenticated", rawUserMetaData: { full_name: `Learner ${i}` } })))
      .returning({ id: authUsers.id });
    await tx.insert(memberships).values(users.map((user) => ({ organizationId, userId: user.id, role: "learner" as const })));
    return users.map((user) => user.id);
  });
}

/** The form's fields as the browser sends them: one `name[]` entry per ticked box, after the empty marker. */
function formOf(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const item of ["", ...value]) form.append(`${name}[]`, item);
    else form.append(name, value);
  }
  return form;
}

beforeAll(async () => {
  world = await createLearningWorld();
  // The free plan has 10 seats: 400 more members need paid ones.
  await givePaidSeats(world.org.id, LEARNERS + 10);
  crowd = await addLearners(world.org.id, LEARNERS);
}, 60_000);

describe("a cohort of 400 learners", () => {
  it("the form's 400 ticked learners pass validation and are enrolled in one call", async () => {
    const input = enrollSchema.parse(formToFields(formOf({ cohortId: world.cohortId, userIds: crowd, dueOn: "" })));
    expect(input.userIds).toHaveLength(LEARNERS);

    const result = await as(world.trainer, (tx) => enrollLearners(tx, { ...input, organizationId: world.org.id }));

    expect(result).toEqual({ enrolled: LEARNERS, alreadyEnrolled: 0 });
    const rows = await service((tx) => tx.select({ userId: enrollments.userId, dueOn: enrollments.dueOn }).from(enrollments).where(eq(enrollments.cohortId, world.cohortId)));
    expect(rows).toHaveLength(LEARNERS + 1);
    expect(new Set(rows.map((row) => row.dueOn))).toEqual(new Set(["2026-06-30"]));
    const detail = await as(world.trainer, (tx) => getCohortDetail(tx, world.org.id, world.cohortId));
    expect(detail.learners).toHaveLength(LEARNERS + 1);
  });

  it("'All learners of the organization' creates a cohort with every learner, and no trainer or admin as a learner", async () => {
    const input = cohortSchema.parse(
      formToFields(formOf({ courseId: world.courseId, name: "Everyone", startsOn: "2026-09-01", endsOn: "2026-12-01", trainerIds: [], learnerIds: [], allLearners: "1" })),
    );
    expect(input.allLearners).toBe(true);

    const cohort = await as(world.trainer, (tx) =>
      createCohort(tx, { ...input, organizationId: world.org.id, createdBy: world.trainer.sub, creatorTeaches: true }),
    );

    const everyLearner = [world.learner.sub, world.otherLearner.sub, ...crowd];
    expect(cohort.learners).toBe(everyLearner.length);
    const rows = await service((tx) => tx.select({ userId: enrollments.userId }).from(enrollments).where(eq(enrollments.cohortId, cohort.id)));
    expect(rows.map((row) => row.userId).sort()).toEqual(everyLearner.sort());
  });

  it("'All learners' on a cohort's enroll form adds those not yet in it and says how many already were", async () => {
    const cohort = await as(world.trainer, (tx) =>
      createCohort(tx, {
        organizationId: world.org.id,
        createdBy: world.trainer.sub,
        creatorTeaches: true,
        courseId: world.courseId,
        name: "Late joiners",
        startsOn: "2026-09-01",
        endsOn: "2026-12-01",
        trainerIds: [],
        learnerIds: crowd.slice(0, 50),
      }),
    );
    const input = enrollSchema.parse(formToFields(formOf({ cohortId: cohort.id, userIds: [], allLearners: "1", dueOn: "2026-11-01" })));

    const result = await as(world.trainer, (tx) => enrollLearners(tx, { ...input, organizationId: world.org.id }));

    expect(result).toEqual({ enrolled: LEARNERS + 2 - 50, alreadyEnrolled: 50 });
  });

  it("still refuses an outsider hidden among 400 chosen learners, enrolling none of them", async () => {
    const other = await createLearningWorld();
    const cohort = await as(world.trainer, (tx) =>
      createCohort(tx, { organizationId: world.org.id, createdBy: world.trainer.sub, creatorTeaches: true, courseId: world.courseId, name: "Guarded", startsOn: "2026-09-01", endsOn: "2026-12-01", trainerIds: [], learnerIds: [] }),
    );
    expect(
      await failure(as(world.trainer, (tx) => enrollLearners(tx, { organizationId: world.org.id, cohortId: cohort.id, userIds: [...crowd.slice(0, 399), other.learner.sub] }))),
    ).toMatchObject({ status: 400, message: "One of the chosen learners is not a member of this organization" });
    expect(await service((tx) => tx.select().from(enrollments).where(eq(enrollments.cohortId, cohort.id)))).toEqual([]);
  });
});

describe("how many learners a form may choose", () => {
  const id = () => crypto.randomUUID();

  it(`takes up to ${MAX_CHOSEN_IDS.toLocaleString("en-US")} learners, and says so beyond`, () => {
    const cohortId = id();
    expect(enrollSchema.safeParse({ cohortId, userIds: Array.from({ length: MAX_CHOSEN_IDS }, id) }).success).toBe(true);
    expect(enrollSchema.safeParse({ cohortId, userIds: Array.from({ length: MAX_CHOSEN_IDS + 1 }, id) }).error?.issues[0].message).toBe(
      "Choose at most 5,000 learners",
    );
  });

  it("needs a learner or 'All learners'", () => {
    const cohortId = id();
    expect(enrollSchema.safeParse({ cohortId, userIds: [] }).error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [["userIds"], "Choose at least one learner"],
    ]);
    expect(enrollSchema.parse({ cohortId, userIds: [], allLearners: "1" })).toMatchObject({ allLearners: true, userIds: [] });
  });
});
