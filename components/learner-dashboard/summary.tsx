// The top of the learner dashboard: where to pick up (continue learning) and
// the gamification numbers — points, level with progress to the next, current
// and longest streak — with the latest achievements.
import Link from "next/link";
import { Award, Flame, PlayCircle, Star, Trophy } from "lucide-react";
import { Card, Badge } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Stat, StatGrid } from "@/components/ui/stat";
import { formatCount, formatDate, formatNumber, formatPoints } from "@/lib/format";
import type { LearnerDashboard } from "@/db/queries/dashboard-learner";

type Enrollment = LearnerDashboard["enrollments"][number];

export function ContinueLearningCard({
  slug,
  next,
  enrollments,
  thisWeek,
}: {
  slug: string;
  next: LearnerDashboard["continueLearning"];
  enrollments: Enrollment[];
  thisWeek: LearnerDashboard["weeks"][number] | undefined;
}) {
  // The other unfinished courses, due first, so the card also answers "what else is open?".
  const others = enrollments.filter((e) => !e.completedAt && e.nextLesson && e.courseId !== next?.courseId).slice(0, 3);
  if (!next) {
    return (
      <Card title="Continue learning">
        <p className="text-sm text-slate-600">You have finished every lesson of your courses. New courses your trainer assigns will appear here.</p>
      </Card>
    );
  }
  return (
    <Card title={next.firstLesson ? "Start learning" : "Continue learning"} description={next.courseTitle}>
      <p className="text-sm text-slate-600">
        Next lesson: <span className="font-medium text-slate-900">{next.lesson.title}</span>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
        <ProgressBar value={next.progressPercent} label={`Progress in ${next.courseTitle}`} className="w-40" />
        <span>
          {next.completedLessons} of {formatCount(next.lessons, "lesson")}
          {next.dueOn ? ` · due ${formatDate(next.dueOn)}` : ""}
        </span>
      </div>
      <ButtonLink href={`/o/${slug}/learn/lessons/${next.lesson.id}`} className="mt-4">
        <PlayCircle aria-hidden className="size-4" />
        {next.firstLesson ? "Start the first lesson" : "Resume lesson"}
      </ButtonLink>
      {thisWeek ? (
        <div className="mt-5 border-t border-slate-100 pt-4">
          <h3 className="text-sm font-medium text-slate-900">This week so far</h3>
          <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
            {[
              ["Active", `${formatNumber(thisWeek.activeMinutes)} min`],
              ["Lessons", formatNumber(thisWeek.lessonsCompleted)],
              ["Points", formatNumber(thisWeek.points)],
            ].map(([label, value]) => (
              <div key={label} className="rounded-md bg-slate-50 px-3 py-2">
                <dt className="text-xs text-slate-600">{label}</dt>
                <dd className="font-semibold tabular-nums text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
      {others.length ? (
        <div className="mt-5 border-t border-slate-100 pt-4">
          <h3 className="text-sm font-medium text-slate-900">Also in progress</h3>
          <ul className="mt-2 space-y-2">
            {others.map((e) => (
              <li key={e.enrollmentId} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 text-sm">
                <Link href={`/o/${slug}/learn/lessons/${e.nextLesson!.id}`} className="min-w-0 font-medium text-brand-700 hover:underline">
                  {e.courseTitle}
                </Link>
                <span className="text-slate-600">
                  {e.completedLessons}/{e.lessons} lessons{e.dueOn ? ` · due ${formatDate(e.dueOn)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}

export function ProgressSummary({ points, achievements }: Pick<LearnerDashboard, "points" | "achievements">) {
  return (
    <Card title="Your progress" description={points.lastActiveDay ? `Last active ${formatDate(points.lastActiveDay)}` : "Points and streaks start with your first lesson."}>
      <StatGrid columns={2}>
        <Stat label="Points" icon={Star} value={formatNumber(points.totalPoints)} tone="brand" />
        <Stat
          label="Level"
          icon={Trophy}
          value={points.level}
          hint={
            <span className="block">
              <ProgressBar value={points.levelProgressPercent} label={`Progress to level ${points.level + 1}`} className="w-20" />
              <span className="block">{formatPoints(points.pointsToNextLevel)} to level {points.level + 1}</span>
            </span>
          }
        />
        <Stat label="Current streak" icon={Flame} value={formatCount(points.currentStreak, "day")} tone={points.currentStreak > 0 ? "success" : "neutral"} />
        <Stat label="Longest streak" icon={Flame} value={formatCount(points.longestStreak, "day")} />
      </StatGrid>
      <h3 className="mt-4 text-sm font-medium text-slate-900">Recent achievements</h3>
      {achievements.length ? (
        <ul className="mt-2 flex flex-wrap gap-2">
          {achievements.map((a) => (
            <li key={a.id} title={a.description}>
              <Badge tone="brand">
                <Award aria-hidden className="size-3.5" />
                {a.name} · {formatDate(a.earnedAt)}
              </Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600">None yet — complete your first lesson to earn one.</p>
      )}
    </Card>
  );
}
