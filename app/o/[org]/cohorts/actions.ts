"use server";
// Cohorts: create a run of a course with trainers and learners, enroll more
// learners, add trainers, and grade free-text answers. RLS limits a trainer
// to the cohorts they teach; grading re-checks that under RLS before scoring.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { orgAction } from "@/lib/actions";
import { withOrgDb } from "@/lib/tenancy/org-context";
import { addCohortTrainer, createCohort, enrollLearners } from "@/db/queries/cohorts";
import { gradeAnswer } from "@/db/queries/attempts";
import { regradeAnswer } from "@/db/queries/regrade";
import { cohortSchema, cohortTrainerSchema, enrollSchema, gradeAnswerSchema } from "@/lib/validation/learning";

const cohortsPath = (slug: string) => `/o/${slug}/cohorts`;

export const createCohortAction = orgAction(cohortSchema, "cohorts.manage", async (context, input) => {
  const cohort = await withOrgDb(context, (tx) =>
    createCohort(tx, {
      ...input,
      organizationId: context.organization.id,
      createdBy: context.claims.sub,
      // Org admins see every cohort; anyone else who creates one teaches it (and so keeps seeing it).
      creatorTeaches: !context.permissions.has("cohorts.view_all"),
    }),
  );
  revalidatePath(cohortsPath(context.organization.slug), "layout");
  redirect(`${cohortsPath(context.organization.slug)}/${cohort.id}`);
});

export const enrollLearnersAction = orgAction(enrollSchema, "cohorts.view", async (context, input) => {
  const result = await withOrgDb(context, (tx) => enrollLearners(tx, { ...input, organizationId: context.organization.id }));
  revalidatePath(cohortsPath(context.organization.slug), "layout");
  const already = result.alreadyEnrolled ? ` (${result.alreadyEnrolled} already enrolled)` : "";
  return { ok: true, message: `Enrolled ${result.enrolled} learner${result.enrolled === 1 ? "" : "s"}${already}` };
});

export const addCohortTrainerAction = orgAction(cohortTrainerSchema, "cohorts.manage", async (context, input) => {
  const result = await withOrgDb(context, (tx) => addCohortTrainer(tx, { ...input, organizationId: context.organization.id }));
  revalidatePath(cohortsPath(context.organization.slug), "layout");
  return { ok: true, message: result.added ? "Trainer added" : "Already a trainer of this cohort" };
});

export const gradeAnswerAction = orgAction(gradeAnswerSchema, "cohorts.view", async (context, input) => {
  const result = await gradeAnswer(context.claims, { ...input, organizationId: context.organization.id });
  revalidatePath(cohortsPath(context.organization.slug), "layout");
  return {
    ok: true,
    message: result.status === "graded" ? `Graded. Final score: ${result.score} (${result.passed ? "passed" : "not passed"})` : "Graded. Other answers still wait for grading.",
  };
});

export const regradeAnswerAction = orgAction(gradeAnswerSchema, "cohorts.view", async (context, input) => {
  const result = await regradeAnswer(context.claims, { ...input, organizationId: context.organization.id });
  revalidatePath(cohortsPath(context.organization.slug), "layout");
  return {
    ok: true,
    message:
      result.status === "graded"
        ? `Grade corrected. Score: ${result.score} (${result.passed ? "passed" : "not passed"})${result.previousScore !== null && result.previousScore !== result.score ? `, was ${result.previousScore}` : ""}. The learner is notified.`
        : "Grade corrected. Other answers still wait for grading.",
  };
});
