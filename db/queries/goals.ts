// The vision board: a learner's own goals (title, target date, linked skills,
// progress) and the obstacles in their way. Private to their owner (RLS);
// progress changes record goal_progressed in the same transaction.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { goalSkills, goals, obstacles, skills, visionBoards } from "../schema";
import { recordEvent } from "./events";
import { requireSkills } from "./courses";
import { notFound } from "@/lib/errors";

type Owner = { organizationId: string; userId: string };

/** The owner's board, created on first use. */
async function ensureBoard(tx: Tx, input: Owner) {
  await tx.insert(visionBoards).values(input).onConflictDoNothing({ target: [visionBoards.organizationId, visionBoards.userId] });
  const [board] = await tx
    .select()
    .from(visionBoards)
    .where(and(eq(visionBoards.organizationId, input.organizationId), eq(visionBoards.userId, input.userId)));
  return board;
}

export async function getVisionBoard(tx: Tx, input: Owner) {
  const goalRows = await tx
    .select()
    .from(goals)
    .where(and(eq(goals.organizationId, input.organizationId), eq(goals.userId, input.userId)))
    .orderBy(sql`${goals.status} <> 'active'`, sql`${goals.targetDate} nulls last`, desc(goals.createdAt));
  const goalIds = goalRows.map((goal) => goal.id);
  const [skillRows, obstacleRows] = goalIds.length
    ? await Promise.all([
        tx
          .select({ goalId: goalSkills.goalId, id: skills.id, name: skills.name })
          .from(goalSkills)
          .innerJoin(skills, eq(skills.id, goalSkills.skillId))
          .where(inArray(goalSkills.goalId, goalIds))
          .orderBy(asc(skills.name)),
        tx.select().from(obstacles).where(inArray(obstacles.goalId, goalIds)).orderBy(asc(obstacles.createdAt)),
      ])
    : [[], []];
  return goalRows.map((goal) => ({
    ...goal,
    skills: skillRows.filter((skill) => skill.goalId === goal.id),
    obstacles: obstacleRows.filter((obstacle) => obstacle.goalId === goal.id),
  }));
}

export async function createGoal(
  tx: Tx,
  input: Owner & { title: string; description: string; targetDate?: string; skillIds: string[] },
) {
  const skillIds = await requireSkills(tx, input.organizationId, input.skillIds);
  const board = await ensureBoard(tx, input);
  const [goal] = await tx
    .insert(goals)
    .values({
      organizationId: input.organizationId,
      visionBoardId: board.id,
      userId: input.userId,
      title: input.title,
      description: input.description,
      targetDate: input.targetDate ?? null,
    })
    .returning({ id: goals.id, title: goals.title });
  if (skillIds.length) {
    await tx.insert(goalSkills).values(skillIds.map((skillId) => ({ organizationId: input.organizationId, goalId: goal.id, skillId, userId: input.userId })));
  }
  return goal;
}

async function requireGoal(tx: Tx, input: Owner & { goalId: string }) {
  const [goal] = await tx
    .select()
    .from(goals)
    .where(and(eq(goals.id, input.goalId), eq(goals.organizationId, input.organizationId), eq(goals.userId, input.userId)));
  if (!goal) throw notFound("That goal");
  return goal;
}

/** Sets progress (0–100) and optionally the status; 100 % marks an active goal achieved. */
export async function updateGoalProgress(
  tx: Tx,
  input: Owner & { goalId: string; progress: number; status?: "active" | "achieved" | "abandoned" },
) {
  const goal = await requireGoal(tx, input);
  const status = input.status ?? (input.progress === 100 && goal.status === "active" ? "achieved" : goal.status);
  const [row] = await tx
    .update(goals)
    .set({ progress: input.progress, status })
    .where(eq(goals.id, goal.id))
    .returning({ id: goals.id, progress: goals.progress, status: goals.status });
  if (row.progress !== goal.progress) {
    await recordEvent(tx, {
      organizationId: input.organizationId,
      type: "goal_progressed",
      context: { goalId: goal.id, progress: row.progress },
    });
  }
  return row;
}

export async function addObstacle(tx: Tx, input: Owner & { goalId: string; title: string }) {
  const goal = await requireGoal(tx, input);
  const [row] = await tx
    .insert(obstacles)
    .values({ organizationId: input.organizationId, goalId: goal.id, userId: input.userId, title: input.title })
    .returning({ id: obstacles.id, title: obstacles.title });
  return row;
}

export async function updateObstacle(
  tx: Tx,
  input: Owner & { obstacleId: string; status: "open" | "in_progress" | "resolved"; resolution: string },
) {
  const [row] = await tx
    .update(obstacles)
    .set({
      status: input.status,
      resolution: input.resolution || null,
      resolvedAt: input.status === "resolved" ? sql`coalesce(${obstacles.resolvedAt}, now())` : null,
    })
    .where(and(eq(obstacles.id, input.obstacleId), eq(obstacles.organizationId, input.organizationId), eq(obstacles.userId, input.userId)))
    .returning({ id: obstacles.id, status: obstacles.status });
  if (!row) throw notFound("That obstacle");
  return row;
}
