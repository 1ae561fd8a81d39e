// The trainer's home (/o/<org> for the trainer role): the work queue across
// the cohorts they teach, then each cohort's health. One RLS-scoped
// transaction; streamed behind TrainerHomeSkeleton so the page header shows at once.
import { Users } from "lucide-react";
import { withOrgDb, type OrgContext } from "@/lib/tenancy/org-context";
import { listCohortHealth, trainerWorkQueue } from "@/db/queries/dashboard-trainer";
import { DashboardQueryProvider } from "@/components/charts/query-provider";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { WorkQueue } from "./work-queue";
import { CohortHealthTable } from "./cohort-health";

export async function TrainerHome({ context }: { context: OrgContext }) {
  const organizationId = context.organization.id;
  const [queue, cohorts] = await withOrgDb(context, (tx) =>
    Promise.all([trainerWorkQueue(tx, { organizationId, userId: context.claims.sub }), listCohortHealth(tx, { organizationId })]),
  );
  const slug = context.organization.slug;
  return (
    <>
      {cohorts.length ? (
        <DashboardQueryProvider>
          <WorkQueue slug={slug} initial={queue} />
        </DashboardQueryProvider>
      ) : null}
      <Card title="Your cohorts" description="Health at a glance; open a cohort for its charts and learners." actions={<TextLink href={`/o/${slug}/cohorts`}>All cohorts</TextLink>}>
        {cohorts.length === 0 ? (
          <EmptyState icon={Users} action={{ href: `/o/${slug}/cohorts`, label: "Open cohorts" }}>
            You are not teaching a cohort yet: create one from a published course, or ask an org admin to add you to one. Its learners&apos; work
            will queue up here.
          </EmptyState>
        ) : (
          <CohortHealthTable slug={slug} cohorts={cohorts} label="Your cohorts" />
        )}
      </Card>
    </>
  );
}

/** What shows while TrainerHome's transaction runs. */
export function TrainerHomeSkeleton() {
  const block = "animate-pulse rounded-lg border border-slate-200 bg-white";
  return (
    <div className="space-y-4" aria-busy="true">
      <p className="sr-only" role="status">Loading your work queue…</p>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        {[0, 1, 2].map((i) => <div key={i} className={`${block} h-24`} />)}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        {[0, 1, 2].map((i) => <div key={i} className={`${block} h-56`} />)}
      </div>
      <div className={`${block} h-48`} />
    </div>
  );
}
