// Micro-learning: activities (of a course, or org-wide when without one) made
// of short tasks that learners complete. Authoring needs courses.manage (RLS);
// a completion is the learner's own row and records task_completed with it.
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { activities, taskCompletions, tasks } from "../schema";
import { recordEvent } from "./events";
import { isEnrolled } from "./progress";
import { requireCourse } from "./courses";
import { forbidden, notFound } from "@/lib/errors";

type Org = { organizationId: string };

export async function createActivity(tx: Tx, input: Org & { courseId: string; title: string; description: string; createdBy: string }) {
  await requireCourse(tx, input.organizationId, input.courseId);
  const [row] = await tx.insert(activities).values(input).returning({ id: activities.id, title: activities.title });
  return row;
}

export async function createTask(tx: Tx, input: Org & { activityId: string; title: string; estimatedMinutes: number; points: number }) {
  const [activity] = await tx
    .select({ id: activities.id })
    .from(activities)
    .where(and(eq(activities.id, input.activityId), eq(activities.organizationId, input.organizationId)));
  if (!activity) throw notFound("That activity");
  const [{ last }] = await tx.select({ last: sql<number | null>`max(${tasks.position})` }).from(tasks).where(eq(tasks.activityId, activity.id));
  const [row] = await tx
    .insert(tasks)
    .values({ ...input, position: (last ?? -1) + 1 })
    .returning({ id: tasks.id, title: tasks.title });
  return row;
}

export async function deleteTask(tx: Tx, input: Org & { taskId: string }) {
  const [row] = await tx
    .delete(tasks)
    .where(and(eq(tasks.id, input.taskId), eq(tasks.organizationId, input.organizationId)))
    .returning({ id: tasks.id });
  if (!row) throw notFound("That task");
  return row;
}

/**
 * Activities with their tasks, and which of them `userId` completed: those of
 * the given courses, plus the organization-wide ones (no course) when asked.
 */
export async function listActivities(tx: Tx, input: Org & { courseIds: string[]; userId: string; includeOrgWide?: boolean }) {
  const scope = [
    input.courseIds.length ? inArray(activities.courseId, input.courseIds) : undefined,
    input.includeOrgWide ? isNull(activities.courseId) : undefined,
  ].filter((condition) => condition !== undefined);
  if (scope.length === 0) return [];
  const activityRows = await tx
    .select()
    .from(activities)
    .where(and(eq(activities.organizationId, input.organizationId), or(...scope)))
    .orderBy(asc(activities.createdAt));
  if (activityRows.length === 0) return [];
  const taskRows = await tx
    .select({
      id: tasks.id,
      activityId: tasks.activityId,
      title: tasks.title,
      estimatedMinutes: tasks.estimatedMinutes,
      points: tasks.points,
      completedAt: taskCompletions.completedAt,
    })
    .from(tasks)
    .leftJoin(taskCompletions, and(eq(taskCompletions.taskId, tasks.id), eq(taskCompletions.userId, input.userId)))
    .where(
      inArray(
        tasks.activityId,
        activityRows.map((activity) => activity.id),
      ),
    )
    .orderBy(asc(tasks.position), asc(tasks.id));
  return activityRows.map((activity) => ({ ...activity, tasks: taskRows.filter((task) => task.activityId === activity.id) }));
}

/** Completes a task once; a task of a course needs an enrollment in it. */
export async function completeTask(tx: Tx, input: Org & { taskId: string; userId: string }) {
  const [task] = await tx
    .select({ id: tasks.id, courseId: activities.courseId })
    .from(tasks)
    .innerJoin(activities, eq(activities.id, tasks.activityId))
    .where(and(eq(tasks.id, input.taskId), eq(tasks.organizationId, input.organizationId)));
  if (!task) throw notFound("That task");
  if (task.courseId && !(await isEnrolled(tx, input.userId, task.courseId))) throw forbidden("Enroll in this course to complete its tasks");
  const inserted = await tx
    .insert(taskCompletions)
    .values({ organizationId: input.organizationId, taskId: task.id, userId: input.userId })
    .onConflictDoNothing()
    .returning({ completedAt: taskCompletions.completedAt });
  if (inserted.length) {
    await recordEvent(tx, {
      organizationId: input.organizationId,
      type: "task_completed",
      idempotencyKey: `task_completed:${input.userId}:${task.id}`,
      taskId: task.id,
      courseId: task.courseId ?? undefined,
    });
  }
  return { completed: inserted.length > 0 };
}
