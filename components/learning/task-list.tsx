// Micro-learning activities with their tasks; a learner ticks tasks off.
import { ActionButton } from "@/components/action-form";
import { Badge } from "@/components/ui/card";
import { formatPoints } from "@/lib/format";
import { completeTaskAction } from "@/app/o/[org]/learn/actions";
import type { listActivities } from "@/db/queries/tasks";

type Activity = Awaited<ReturnType<typeof listActivities>>[number];

export function TaskList({ slug, activities }: { slug: string; activities: Activity[] }) {
  return (
    <div className="space-y-4">
      {activities.map((activity) => (
        <section key={activity.id} aria-label={`Activity ${activity.title}`}>
          <h3 className="font-medium">{activity.title}</h3>
          {activity.description ? <p className="text-sm text-slate-600">{activity.description}</p> : null}
          <ul className="mt-2 space-y-2 text-sm">
            {activity.tasks.map((task) => (
              <li key={task.id} className="flex items-center justify-between gap-3">
                <span>
                  {task.title} <span className="text-slate-600">· {task.estimatedMinutes} min · {formatPoints(task.points)}</span>
                </span>
                {task.completedAt ? (
                  <Badge tone="green">Done</Badge>
                ) : (
                  <ActionButton action={completeTaskAction.bind(null, slug)} fields={{ taskId: task.id }} submit="Mark done" ariaLabel={`Mark ${task.title} done`} />
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
