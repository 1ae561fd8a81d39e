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

/** Ids (validated uuids) as one uuid[] parameter, whatever their number: no statement grows with the list. */
const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/** Members of the organization among `userIds`; refuses any that is not (e.g. another tenant's user). */
async function requireMembers(tx: Tx, organizationId: string, userIds: readonly string[], what: "learner" | "trainer") {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return unique;
  const [row] = await tx
    .select({
      members: count(),
      teachers: sql<number>`count(*) filter (where ${inArray(memberships.role, TEACHING_ROLES)})::int`,
    })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), sql`${memberships.userId} = any(${uuidArray(unique)})`));
  if (row.members !== unique.length) throw badRequest(`One of the chosen ${what}s is not a member of this organization`);
  if (what === "trainer" && row.teachers !== unique.length) throw badRequest("Only trainers and org admins can teach a cohort");
  return unique;
}

/**
 * Enrolls the chosen members, and with `allLearners` every member with the
 * learner role, in one set-based statement; those already enrolled are left
 * as they are. Returns how many were chosen and how many were enrolled.
 */
async function insertEnrollments(
  tx: Tx,
  input: Org & { cohortId: string; courseId: string; userIds: readonly string[]; allLearners: boolean; dueOn: string | null },
) {
  const rows = await tx.execute<{ chosen: number; enrolled: number }>(sql`
    with chosen as (
      select m.user_id from public.memberships m
      where m.organization_id = ${input.organizationId}
        and (m.user_id = any(${uuidArray(input.userIds)}) or (${input.allLearners}::boolean and m.role = 'learner'))
    ), inserted as (
      insert into public.enrollments (organization_id, cohort_id, course_id, user_id, due_on)
      select ${input.organizationId}::uuid, ${input.cohortId}::uuid, ${input.courseId}::uuid, user_id, ${input.dueOn}::date from chosen
      on conflict (cohort_id, user_id) do nothing
      returning 1
    )
    select (select count(*) from chosen)::int as chosen, (select count(*) from inserted)::int as enrolled`);
  return rows[0];
}

export async function listCohorts(tx: Tx, organizationId: string) {
  // Only this organization's enrollments (enrollments_org_idx): without the
  // filter every page view aggregated every tenant's enrollments (npm run bench).
  const learnerStats = tx
    .select({
      cohortId: enrollments.cohortId,
      learners: count().as("learners"),
      avgProgress: avg(enrollments.progressPercent).as("avg_progress"),
      // Overdue (lib/learning/overdue.ts): past the due date (else the cohort's end), course not complete.
      overdue: sql<number>`count(*) filter (where ${enrollments.completedAt} is null and ${enrollments.progressPercent} < 100
        and coalesce(${enrollments.dueOn}, (select c.ends_on from public.cohorts c where c.id = ${enrollments.cohortId})) < current_date)`.as("overdue"),
    })
    .from(enrollments)
    .where(eq(enrollments.organizationId, organizationId))
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
      overdueLearners: sql<number>`coalesce(${learnerStats.overdue}, 0)::int`,
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
    /** Also enroll every member with the learner role. */
    allLearners?: boolean;
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
  const learners =
    learnerIds.length || input.allLearners
      ? await insertEnrollments(tx, {
          organizationId: input.organizationId,
          cohortId: cohort.id,
          courseId: course.id,
          userIds: learnerIds,
          allLearners: Boolean(input.allLearners),
          dueOn: input.endsOn,
        })
      : { enrolled: 0 };
  return { ...cohort, trainers: trainerIds.length, learners: learners.enrolled };
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

/**
 * Enrolls members (with `allLearners`, also every member with the learner
 * role); those already in the cohort are left as they are. Due date: the
 * given one or the cohort's end.
 */
export async function enrollLearners(tx: Tx, input: Org & { cohortId: string; userIds: string[]; allLearners?: boolean; dueOn?: string }) {
  const cohort = await requireCohort(tx, input.organizationId, input.cohortId);
  const userIds = await requireMembers(tx, input.organizationId, input.userIds, "learner");
  if (userIds.length === 0 && !input.allLearners) throw badRequest("Choose at least one learner", { userIds: ["Choose at least one learner"] });
  if (input.dueOn && input.dueOn < cohort.startsOn) throw badRequest("The due date must be on or after the cohort's start", { dueOn: ["Must be on or after the start date"] });
  const { chosen, enrolled } = await insertEnrollments(tx, {
    organizationId: input.organizationId,
    cohortId: cohort.id,
    courseId: cohort.courseId,
    userIds,
    allLearners: Boolean(input.allLearners),
    dueOn: input.dueOn ?? cohort.endsOn,
  });
  if (chosen === 0) throw badRequest("This organization has no learner to enroll yet", { userIds: ["No learner to enroll"] });
  return { enrolled, alreadyEnrolled: chosen - enrolled };
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
  const submissions = learners.length
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
        .where(
          and(
            eq(assessments.courseId, cohort.courseId),
            inArray(assessmentAttempts.userId, tx.select({ userId: enrollments.userId }).from(enrollments).where(eq(enrollments.cohortId, cohortId))),
          ),
        )
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
