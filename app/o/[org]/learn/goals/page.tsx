import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { getVisionBoard } from "@/db/queries/goals";
import { listSkills } from "@/db/queries/courses";
import { ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { CheckboxList, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { GOAL_STATUSES, OBSTACLE_STATUSES } from "@/lib/validation/learning";
import { addObstacleAction, createGoalAction, updateGoalProgressAction, updateObstacleAction } from "../actions";

export const metadata: Metadata = { title: "Goals" };

const GOAL_LABELS: Record<(typeof GOAL_STATUSES)[number], string> = { active: "Active", achieved: "Achieved", abandoned: "Abandoned" };
const OBSTACLE_LABELS: Record<(typeof OBSTACLE_STATUSES)[number], string> = { open: "Open", in_progress: "Working on it", resolved: "Resolved" };

export default async function GoalsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "learning.participate");
  const me = { organizationId: context.organization.id, userId: context.claims.sub };
  const [goals, skills] = await withOrgDb(context, (tx) => Promise.all([getVisionBoard(tx, me), listSkills(tx, me.organizationId)]));

  return (
    <div className="max-w-4xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Vision board</h1>
        <p className="text-sm text-slate-500">Your goals and what stands in their way. Only you see them.</p>
      </header>

      {goals.length === 0 ? <Card><p className="text-sm text-slate-600">No goal yet: add your first one below.</p></Card> : null}
      {goals.map((goal) => (
        <Card
          key={goal.id}
          title={goal.title}
          actions={<Badge tone={goal.status === "achieved" ? "green" : goal.status === "abandoned" ? "slate" : "brand"}>{GOAL_LABELS[goal.status]}</Badge>}
        >
          <div className="space-y-4 text-sm">
            {goal.description ? <p className="text-slate-600">{goal.description}</p> : null}
            <p className="flex flex-wrap items-center gap-2 text-slate-500">
              {goal.targetDate ? <span>Target {goal.targetDate}</span> : null}
              {goal.skills.map((s) => <Badge key={s.id}>{s.name}</Badge>)}
            </p>
            <div className="flex items-center gap-2">
              <progress value={goal.progress} max={100} className="h-2 w-48" aria-label={`Progress of ${goal.title}`} /> {goal.progress} %
            </div>
            <ActionForm action={updateGoalProgressAction.bind(null, org)} submit="Update" variant="secondary" className="flex flex-wrap items-end gap-3" label={`Progress of ${goal.title}`}>
              <input type="hidden" name="goalId" value={goal.id} />
              <TextField label="Progress (%)" name="progress" type="number" min={0} max={100} defaultValue={goal.progress} />
              <SelectField label="Status" name="status" defaultValue={goal.status} options={GOAL_STATUSES.map((s) => ({ value: s, label: GOAL_LABELS[s] }))} />
            </ActionForm>
            <div>
              <h3 className="font-medium">Obstacles</h3>
              <ul className="mt-2 space-y-3">
                {goal.obstacles.map((obstacle) => (
                  <li key={obstacle.id} className="rounded-md border border-slate-200 p-3">
                    <p className="flex items-center justify-between gap-2">
                      {obstacle.title} <Badge tone={obstacle.status === "resolved" ? "green" : "amber"}>{OBSTACLE_LABELS[obstacle.status]}</Badge>
                    </p>
                    <ActionForm action={updateObstacleAction.bind(null, org)} submit="Save" variant="secondary" className="mt-2 grid items-end gap-2 sm:grid-cols-[10rem_1fr_auto]" label={`Obstacle ${obstacle.title}`}>
                      <input type="hidden" name="obstacleId" value={obstacle.id} />
                      <SelectField label="Status" name="status" defaultValue={obstacle.status} options={OBSTACLE_STATUSES.map((s) => ({ value: s, label: OBSTACLE_LABELS[s] }))} />
                      <TextField label="Resolution" name="resolution" defaultValue={obstacle.resolution ?? ""} maxLength={5000} />
                    </ActionForm>
                  </li>
                ))}
              </ul>
              <ActionForm action={addObstacleAction.bind(null, org)} submit="Add obstacle" variant="secondary" className="mt-2 flex flex-wrap items-end gap-2" label={`Add an obstacle to ${goal.title}`}>
                <input type="hidden" name="goalId" value={goal.id} />
                <TextField label="Obstacle" name="title" required maxLength={200} />
              </ActionForm>
            </div>
          </div>
        </Card>
      ))}

      <Card title="Add a goal">
        <ActionForm action={createGoalAction.bind(null, org)} submit="Add goal" label="Add a goal">
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField label="Goal" name="title" required maxLength={200} />
            <TextField label="Target date" name="targetDate" type="date" />
          </div>
          <TextAreaField label="Why it matters" name="description" rows={2} maxLength={5000} />
          <CheckboxList legend="Skills it needs" name="skillIds" options={skills.map((s) => ({ value: s.id, label: s.name }))} empty="Your organization has no skills defined yet." />
        </ActionForm>
      </Card>
    </div>
  );
}
