// Cohorts: a run of a published course with its trainers and enrolled
// learners. Run inside withUserDb: a trainer sees and changes only the cohorts
// they teach (or created), org admins (cohorts.view_all) all of them (RLS).
import { and, asc, avg, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { assessmentAttempts, assessments, cohortTrainers, cohorts, courses, enrollments, memberships, profiles } from "../schema";
import { badRequest, notFound } from "@/lib/errors";
import { requireCourse } from "./courses";

type Org = { organizationId: string };

const TEACHING_ROLES = ["trainer", "org_admin"];

/** Members of the organization among `userIds`; refuses any that is not (e.g. another tenant's user). */
async function requireMembers(tx: Tx, organizationId: string, userIds: readonly string[], what: "learner" | "trainer") {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return unique;
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, unique)));
  if (rows.length !== unique.length) throw badRequest(`One of the chosen ${what}s is not a member of this organization`);
  if (what === "trainer" && rows.some((row) => !TEACHING_ROLES.includes(row.role))) {
    throw badRequest("Only trainers and org admins can teach a cohort");
  }
  return unique;
}

export async function listCohorts(tx: Tx, organizationId: string) {
  const learnerStats = tx
    .select({
      cohortId: enrollments.cohortId,
      learners: count().as("learners"),
      avgProgress: avg(enrollments.progressPercent).as("avg_progress"),
    })
    .from(enrollments)
    .groupBy(enrollments.cohortId)
    .as("learner_stats");
  return tx
    .select({
      id: cohorts.id,
      name: cohorts.name,
      startsOn: cohorts.startsOn,
      endsOn: cohorts.endsOn,
      courseTitle: courses.title,
      learners: sql<number>`coalesce(${learnerStats.learners}, 0)::int`,
      avgProgress: sql<number>`coalesce(round(${learnerStats.avgProgress}, 1), 0)::float8`,
    })
    .from(cohorts)
    .innerJoin(courses, eq(courses.id, cohorts.courseId))
    .leftJoin(learnerStats, eq(learnerStats.cohortId, cohorts.id))
    .where(eq(cohorts.organizationId, organizationId))
    .orderBy(desc(cohorts.startsOn), asc(cohorts.name));
}

export async function createCohort(
  tx: Tx,
  input: Org & {
    createdBy: string;
    /** A creator who cannot see every cohort (a trainer) teaches the cohort they create. */
    creatorTeaches: boolean;
    courseId: string;
    name: string;
    startsOn: string;
    endsOn: string;
    trainerIds: string[];
    learnerIds: string[];
  },
) {
  if (input.endsOn < input.startsOn) throw badRequest("The end date must be on or after the start date", { endsOn: ["Must be on or after the start date"] });
  const course = await requireCourse(tx, input.organizationId, input.courseId);
  if (course.status !== "published") throw badRequest("Publish the course before creating a cohort for it");
  const trainerIds = await requireMembers(
    tx,
    input.organizationId,
    input.creatorTeaches ? [input.createdBy, ...input.trainerIds] : input.trainerIds,
    "trainer",
  );
  if (trainerIds.length === 0) throw badRequest("Choose at least one trainer", { trainerIds: ["Choose at least one trainer"] });
  const learnerIds = await requireMembers(tx, input.organizationId, input.learnerIds, "learner");

  const [cohort] = await tx
    .insert(cohorts)
    .values({
      organizationId: input.organizationId,
      courseId: course.id,
      name: input.name,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      createdBy: input.createdBy,
    })
    .returning({ id: cohorts.id, name: cohorts.name });
  await tx.insert(cohortTrainers).values(trainerIds.map((userId) => ({ organizationId: input.organizationId, cohortId: cohort.id, userId })));
  if (learnerIds.length) {
    await tx.insert(enrollments).values(
      learnerIds.map((userId) => ({ organizationId: input.organizationId, cohortId: cohort.id, courseId: course.id, userId, dueOn: input.endsOn })),
    );
  }
  return { ...cohort, trainers: trainerIds.length, learners: learnerIds.length };
}

export async function requireCohort(tx: Tx, organizationId: string, cohortId: string) {
  const [row] = await tx
    .select({
      id: cohorts.id,
      name: cohorts.name,
      courseId: cohorts.courseId,
      courseTitle: courses.title,
      startsOn: cohorts.startsOn,
      endsOn: cohorts.endsOn,
    })
    .from(cohorts)
    .innerJoin(courses, eq(courses.id, cohorts.courseId))
    .where(and(eq(cohorts.id, cohortId), eq(cohorts.organizationId, organizationId)));
  if (!row) throw notFound("That cohort");
  return row;
}

/** Enrolls members; those already in the cohort are left as they are. Due date: the given one or the cohort's end. */
export async function enrollLearners(tx: Tx, input: Org & { cohortId: string; userIds: string[]; dueOn?: string }) {
  const cohort = await requireCohort(tx, input.organizationId, input.cohortId);
  const userIds = await requireMembers(tx, input.organizationId, input.userIds, "learner");
  if (userIds.length === 0) throw badRequest("Choose at least one learner", { userIds: ["Choose at least one learner"] });
  if (input.dueOn && input.dueOn < cohort.startsOn) throw badRequest("The due date must be on or after the cohort's start", { dueOn: ["Must be on or after the start date"] });
  const rows = await tx
    .insert(enrollments)
    .values(
      userIds.map((userId) => ({
        organizationId: input.organizationId,
        cohortId: cohort.id,
        courseId: cohort.courseId,
        userId,
        dueOn: input.dueOn ?? cohort.endsOn,
      })),
    )
    .onConflictDoNothing({ target: [enrollments.cohortId, enrollments.userId] })
    .returning({ userId: enrollments.userId });
  return { enrolled: rows.length, alreadyEnrolled: userIds.length - rows.length };
}

export async function addCohortTrainer(tx: Tx, input: Org & { cohortId: string; userId: string }) {
  const cohort = await requireCohort(tx, input.organizationId, input.cohortId);
  await requireMembers(tx, input.organizationId, [input.userId], "trainer");
  const rows = await tx
    .insert(cohortTrainers)
    .values({ organizationId: input.organizationId, cohortId: cohort.id, userId: input.userId })
    .onConflictDoNothing()
    .returning({ userId: cohortTrainers.userId });
  return { added: rows.length };
}

/** A cohort with its trainers, each learner's progress, and their submissions to the course's assessments. */
export async function getCohortDetail(tx: Tx, organizationId: string, cohortId: string) {
  const cohort = await requireCohort(tx, organizationId, cohortId);
  const [trainers, learners] = await Promise.all([
    tx
      .select({ userId: profiles.id, fullName: profiles.fullName, email: profiles.email })
      .from(cohortTrainers)
      .innerJoin(profiles, eq(profiles.id, cohortTrainers.userId))
      .where(eq(cohortTrainers.cohortId, cohortId))
      .orderBy(asc(profiles.fullName)),
    tx
      .select({
        userId: profiles.id,
        fullName: profiles.fullName,
        email: profiles.email,
        progressPercent: enrollments.progressPercent,
        dueOn: enrollments.dueOn,
        completedAt: enrollments.completedAt,
      })
      .from(enrollments)
      .innerJoin(profiles, eq(profiles.id, enrollments.userId))
      .where(eq(enrollments.cohortId, cohortId))
      .orderBy(asc(profiles.fullName), asc(profiles.email)),
  ]);
  const learnerIds = learners.map((learner) => learner.userId);
  const submissions = learnerIds.length
    ? await tx
        .select({
          attemptId: assessmentAttempts.id,
          userId: assessmentAttempts.userId,
          assessmentTitle: assessments.title,
          attemptNumber: assessmentAttempts.attemptNumber,
          status: assessmentAttempts.status,
          score: assessmentAttempts.score,
          passed: assessmentAttempts.passed,
          submittedAt: assessmentAttempts.submittedAt,
        })
        .from(assessmentAttempts)
        .innerJoin(assessments, eq(assessments.id, assessmentAttempts.assessmentId))
        .where(and(eq(assessments.courseId, cohort.courseId), inArray(assessmentAttempts.userId, learnerIds)))
        .orderBy(desc(assessmentAttempts.startedAt))
    : [];
  return { cohort, trainers, learners, submissions };
}

/** Members who can be chosen as trainers or learners of a cohort. */
export function listCohortCandidates(tx: Tx, organizationId: string) {
  return tx
    .select({ userId: profiles.id, fullName: profiles.fullName, email: profiles.email, role: memberships.role })
    .from(memberships)
    .innerJoin(profiles, eq(profiles.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(profiles.fullName), asc(profiles.email));
}
