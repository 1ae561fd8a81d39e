// The learner's home: where to pick up, how they are doing (points, level,
// streaks, achievements, four charts), what to work on (skill gaps with the
// lesson that closes each), where they stand (leaderboard, peers), their goals,
// and every enrolled course. Guard → one RLS-scoped transaction → render; the
// route group keeps this page's loading skeleton off the lesson pages below /learn.
import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { learnerDashboard } from "@/db/queries/dashboard-learner";
import { listActivities } from "@/db/queries/tasks";
import { Card } from "@/components/ui/card";
import { Page, PageHeader } from "@/components/ui/page-header";
import { MyCourses } from "@/components/learning/my-courses";
import { TaskList } from "@/components/learning/task-list";
import { DashboardQueryProvider } from "@/components/charts/query-provider";
import { ContinueLearningCard, ProgressSummary } from "@/components/learner-dashboard/summary";
import { LearnerCharts } from "@/components/learner-dashboard/charts";
import { Goals, PeerComparison, SkillGaps } from "@/components/learner-dashboard/sections";
import { Leaderboard } from "@/components/learner-dashboard/leaderboard";
import { GettingStarted } from "@/components/learner-dashboard/getting-started";

export const metadata: Metadata = { title: "My learning" };

export default async function LearnerDashboardPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "learning.participate");
  const me = { organizationId: context.organization.id, userId: context.claims.sub };
  const [data, activities] = await withOrgDb(context, async (tx) => {
    const data = await learnerDashboard(tx, me);
    const activities = await listActivities(tx, { ...me, courseIds: [...new Set(data.enrollments.map((e) => e.courseId))], includeOrgWide: true });
    return [data, activities] as const;
  });
  const slug = context.organization.slug;

  return (
    <DashboardQueryProvider>
      <Page width="wide">
        <PageHeader title="My learning" description="Where to pick up, how you are progressing, and what to work on next." />
        {data.hasActivity ? (
          <>
            <div className="grid gap-6 lg:grid-cols-2">
              <ContinueLearningCard slug={slug} next={data.continueLearning} enrollments={data.enrollments} thisWeek={data.weeks.at(-1)} />
              <ProgressSummary points={data.points} achievements={data.achievements} />
            </div>
            <section id="analytics" aria-label="Your analytics" className="space-y-6">
              <LearnerCharts data={data} />
              <SkillGaps slug={slug} gaps={data.skillGaps} />
            </section>
          </>
        ) : (
          <GettingStarted slug={slug} data={data} />
        )}
        <div className="grid gap-6 lg:grid-cols-2">
          <Leaderboard slug={slug} initial={data.leaderboard} settingsHref={`/o/${slug}/settings`} />
          {data.hasActivity ? <PeerComparison peers={data.peers} /> : <Goals slug={slug} goals={data.goals} />}
        </div>
        {data.hasActivity ? <Goals slug={slug} goals={data.goals} /> : null}
        <Card id="courses" title="Your courses" description="Everything you are enrolled in, with the next lesson of each.">
          <MyCourses slug={slug} enrollments={data.enrollments} />
        </Card>
        {activities.length ? (
          <Card title="Micro-learning">
            <TaskList slug={slug} activities={activities} />
          </Card>
        ) : null}
      </Page>
    </DashboardQueryProvider>
  );
}
