import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { myLearning } from "@/db/queries/progress";
import { listActivities } from "@/db/queries/tasks";
import { Card } from "@/components/ui/card";
import { MyCourses } from "@/components/learning/my-courses";
import { TaskList } from "@/components/learning/task-list";
import { Page, PageHeader } from "@/components/ui/page-header";

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
    <Page>
      <PageHeader title="My learning" description="Your courses, what comes next, and short practice tasks." />
      <Card title="Your courses">
        <MyCourses slug={org} enrollments={enrollments} />
      </Card>
      {activities.length ? (
        <Card title="Micro-learning">
          <TaskList slug={org} activities={activities} />
        </Card>
      ) : null}
    </Page>
  );
}
