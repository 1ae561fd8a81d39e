"use server";
// A learner's actions: lesson progress, assessment attempts, tasks and the
// vision board. Each runs in the learner's RLS-scoped transaction (scoring in
// a service transaction after an RLS check) and records its learning event
// in the same transaction as the change.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { orgAction, orgCommand } from "@/lib/actions";
import { withOrgDb } from "@/lib/tenancy/org-context";
import { completeLesson, recordLessonHeartbeat, startLesson } from "@/db/queries/progress";
import { saveAnswer, startAttempt, submitAttempt } from "@/db/queries/attempts";
import { completeTask } from "@/db/queries/tasks";
import { addObstacle, createGoal, updateGoalProgress, updateObstacle } from "@/db/queries/goals";
import {
  assessmentIdSchema,
  attemptIdSchema,
  goalProgressSchema,
  goalSchema,
  heartbeatSchema,
  lessonIdSchema,
  obstacleSchema,
  saveAnswerSchema,
  taskIdSchema,
  updateObstacleSchema,
} from "@/lib/validation/learning";

const learnPath = (slug: string) => `/o/${slug}/learn`;
/** Learning changes show on the home page and in "My learning". */
const refresh = (slug: string) => revalidatePath(`/o/${slug}`, "layout");

// The lesson page calls these from the browser: the first open, and reading time.
export const startLessonAction = orgCommand(lessonIdSchema, "learning.participate", async (context, input) => {
  const result = await withOrgDb(context, (tx) => startLesson(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  return { ok: true, message: result.started ? "started" : "already started" };
});

export const lessonHeartbeatAction = orgCommand(heartbeatSchema, "learning.participate", async (context, input) => {
  await withOrgDb(context, (tx) => recordLessonHeartbeat(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  return { ok: true };
});

export const completeLessonAction = orgAction(lessonIdSchema, "learning.participate", async (context, input) => {
  const result = await withOrgDb(context, (tx) => completeLesson(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  refresh(context.organization.slug);
  return {
    ok: true,
    message: result.courseCompleted ? "Lesson completed. You finished the course!" : `Lesson completed. Course progress: ${result.progressPercent} %`,
  };
});

export const startAttemptAction = orgAction(assessmentIdSchema, "learning.participate", async (context, input) => {
  const { attempt } = await withOrgDb(context, (tx) => startAttempt(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  refresh(context.organization.slug);
  redirect(`${learnPath(context.organization.slug)}/attempts/${attempt.id}`);
});

// Called on every change of an answer, so that a reload loses nothing.
export const saveAnswerAction = orgCommand(saveAnswerSchema, "learning.participate", async (context, input) => {
  await withOrgDb(context, (tx) => saveAnswer(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  return { ok: true, message: "Saved" };
});

export const submitAttemptAction = orgAction(attemptIdSchema, "learning.participate", async (context, input) => {
  const result = await submitAttempt(context.claims, { ...input, organizationId: context.organization.id });
  refresh(context.organization.slug);
  return {
    ok: true,
    message: result.status === "graded" ? `Submitted. Your score: ${result.score}` : "Submitted. A trainer will grade your written answers.",
  };
});

export const completeTaskAction = orgAction(taskIdSchema, "learning.participate", async (context, input) => {
  const result = await withOrgDb(context, (tx) => completeTask(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  refresh(context.organization.slug);
  return { ok: true, message: result.completed ? "Task completed" : "Already completed" };
});

export const createGoalAction = orgAction(goalSchema, "learning.participate", async (context, input) => {
  await withOrgDb(context, (tx) => createGoal(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  refresh(context.organization.slug);
  return { ok: true, message: "Goal added" };
});

export const updateGoalProgressAction = orgAction(goalProgressSchema, "learning.participate", async (context, input) => {
  const goal = await withOrgDb(context, (tx) => updateGoalProgress(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  refresh(context.organization.slug);
  return { ok: true, message: `Progress ${goal.progress} %${goal.status === "achieved" ? " — achieved!" : ""}` };
});

export const addObstacleAction = orgAction(obstacleSchema, "learning.participate", async (context, input) => {
  await withOrgDb(context, (tx) => addObstacle(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  refresh(context.organization.slug);
  return { ok: true, message: "Obstacle added" };
});

export const updateObstacleAction = orgAction(updateObstacleSchema, "learning.participate", async (context, input) => {
  await withOrgDb(context, (tx) => updateObstacle(tx, { ...input, organizationId: context.organization.id, userId: context.claims.sub }));
  refresh(context.organization.slug);
  return { ok: true, message: "Obstacle updated" };
});
