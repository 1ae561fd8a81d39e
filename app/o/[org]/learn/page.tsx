import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { myLearning } from "@/db/queries/progress";
import { listActivities } from "@/db/queries/tasks";
import { Card } from "@/components/ui/card";
import { MyCourses } from "@/components/learning/my-courses";
import { TaskList } from "@/components/learning/task-list";

export const metadata: Metadata = { title: "My learning" };

export default async function MyLearningPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "learning.participate");
  const me = { organizationId: context.organization.id, userId: context.claims.sub };
  const [enrollments, activities] = await withOrgDb(context, async (tx) => {
    const enrollments = await myLearning(tx, me);
    const activities = await listActivities(tx, { ...me, courseIds: [...new Set(enrollments.map((e) => e.courseId))], includeOrgWide: true });
    return [enrollments, activities] as const;
  });

  return (
    <div className="max-w-4xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">My learning</h1>
        <p className="text-sm text-slate-500">Your courses, what comes next, and short practice tasks.</p>
      </header>
      <Card title="Your courses">
        <MyCourses slug={org} enrollments={enrollments} />
      </Card>
      {activities.length ? (
        <Card title="Micro-learning">
          <TaskList slug={org} activities={activities} />
        </Card>
      ) : null}
    </div>
  );
}
