// What a learner with no activity yet sees instead of empty charts: the one
// thing to do (start the first lesson), and what the dashboard will show once
// they do.
import { PlayCircle, Rocket } from "lucide-react";
import { Card } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { LearnerDashboard } from "@/db/queries/dashboard-learner";

export function GettingStarted({ slug, data }: { slug: string; data: LearnerDashboard }) {
  const next = data.continueLearning;
  return (
    <Card title="Welcome! Start here" description="Your dashboard fills in as you learn: weekly activity, pace, skill mastery, scores and points.">
      {next ? (
        <div className="flex flex-wrap items-center justify-between gap-4 rounded-md border border-brand-100 bg-brand-50 p-4">
          <div className="min-w-0">
            <p className="text-sm text-slate-600">{next.courseTitle}</p>
            <p className="font-medium text-slate-900">First lesson: {next.lesson.title}</p>
          </div>
          <ButtonLink href={`/o/${slug}/learn/lessons/${next.lesson.id}`}>
            <PlayCircle aria-hidden className="size-4" />
            Start the first lesson
          </ButtonLink>
        </div>
      ) : (
        <EmptyState icon={Rocket} action={{ href: `/o/${slug}/learn/goals`, label: "Set a goal meanwhile" }}>
          You are not enrolled in a course yet. Your trainer adds you to a cohort; its courses will appear here with the first lesson to start.
        </EmptyState>
      )}
      <ol className="mt-4 grid gap-3 text-sm text-slate-700 sm:grid-cols-3">
        <li className="rounded-md border border-slate-200 p-3"><span className="font-semibold">1. Complete a lesson</span> — earns points and starts your streak.</li>
        <li className="rounded-md border border-slate-200 p-3"><span className="font-semibold">2. Take an assessment</span> — measures your mastery per skill.</li>
        <li className="rounded-md border border-slate-200 p-3"><span className="font-semibold">3. Set a goal</span> — your vision board keeps you on course.</li>
      </ol>
    </Card>
  );
}
