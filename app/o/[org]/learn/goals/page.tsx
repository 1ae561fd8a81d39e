import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { getVisionBoard } from "@/db/queries/goals";
import { listSkills } from "@/db/queries/courses";
import { ActionForm } from "@/components/action-form";
import { Badge, Card, StatusPill } from "@/components/ui/card";
import { CheckboxList, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { GOAL_STATUSES, OBSTACLE_STATUSES, goalTargetDateRange } from "@/lib/validation/learning";
import { addObstacleAction, createGoalAction, updateGoalProgressAction, updateObstacleAction } from "../actions";
import { AlarmClock, Target } from "lucide-react";
import { isGoalOverdue } from "@/lib/learning/overdue";
import { ProgressBar } from "@/components/ui/progress-bar";
import { EmptyState } from "@/components/ui/empty-state";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Goals" };

const GOAL_LABELS: Record<(typeof GOAL_STATUSES)[number], string> = { active: "Active", achieved: "Achieved", abandoned: "Abandoned" };
const OBSTACLE_LABELS: Record<(typeof OBSTACLE_STATUSES)[number], string> = { open: "Open", in_progress: "Working on it", resolved: "Resolved" };

export default async function GoalsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "learning.participate");
  const me = { organizationId: context.organization.id, userId: context.claims.sub };
  const range = goalTargetDateRange();
  const [goals, skills] = await withOrgDb(context, (tx) => Promise.all([getVisionBoard(tx, me), listSkills(tx, me.organizationId)]));

  return (
    <Page width="narrow">
      <PageHeader title="Vision board" description="Your goals and what stands in their way. Only you see them." />

      {goals.length === 0 ? (
        <Card>
          <EmptyState icon={Target} action={{ href: "#add-goal", label: "Add a goal" }}>No goal yet: add your first one and the skills it needs.</EmptyState>
        </Card>
      ) : null}
      {goals.map((goal) => (
        <Card
          key={goal.id}
          title={goal.title}
          actions={
            <>
              {isGoalOverdue(goal) ? <StatusPill tone="danger" icon={AlarmClock}>Overdue</StatusPill> : null}
              <StatusPill tone={goal.status === "achieved" ? "success" : goal.status === "abandoned" ? "neutral" : "brand"}>{GOAL_LABELS[goal.status]}</StatusPill>
            </>
          }
        >
          <div className="space-y-4 text-sm">
            {goal.description ? <p className="text-slate-600">{goal.description}</p> : null}
            <p className="flex flex-wrap items-center gap-2 text-slate-600">
              {goal.targetDate ? <span className={isGoalOverdue(goal) ? "font-medium text-danger-700" : undefined}>Target {goal.targetDate}{isGoalOverdue(goal) ? " (passed)" : ""}</span> : null}
              {goal.skills.map((s) => <Badge key={s.id}>{s.name}</Badge>)}
            </p>
            <div className="flex items-center gap-2">
              <ProgressBar value={goal.progress} label={`Progress of ${goal.title}`} className="w-48 max-w-[50vw]" />
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
                      {obstacle.title} <StatusPill tone={obstacle.status === "resolved" ? "success" : "warning"}>{OBSTACLE_LABELS[obstacle.status]}</StatusPill>
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

      <Card title="Add a goal" id="add-goal">
        <ActionForm action={createGoalAction.bind(null, org)} submit="Add goal" label="Add a goal">
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField label="Goal" name="title" required maxLength={200} />
            <TextField label="Target date" name="targetDate" type="date" min={range.min} max={range.max} />
          </div>
          <TextAreaField label="Why it matters" name="description" rows={2} maxLength={5000} />
          <CheckboxList legend="Skills it needs" name="skillIds" options={skills.map((s) => ({ value: s.id, label: s.name }))} empty="Your organization has no skills defined yet." />
        </ActionForm>
      </Card>
    </Page>
  );
}
