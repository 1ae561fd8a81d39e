// The learner's enrolled courses with progress, due date and the next lesson
// (used by "My learning" and the learner's home). Overdue courses are flagged.
import { AlarmClock, BookOpen, CircleCheck } from "lucide-react";
import { StatusPill } from "@/components/ui/badge";
import { ButtonLink, TextLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import { isLearnerOverdue } from "@/lib/learning/overdue";
import type { myLearning } from "@/db/queries/progress";

type Enrollment = Awaited<ReturnType<typeof myLearning>>[number];

export function MyCourses({ slug, enrollments }: { slug: string; enrollments: Enrollment[] }) {
  if (enrollments.length === 0) {
    return (
      <EmptyState icon={BookOpen} action={{ href: `/o/${slug}/learn/goals`, label: "Set a learning goal" }}>
        Nothing is assigned to you yet: courses you are enrolled in will appear here with your progress and the next lesson.
      </EmptyState>
    );
  }
  return (
    <ul className="-my-3 divide-y divide-slate-100">
      {enrollments.map((e) => {
        const overdue = isLearnerOverdue({ dueOn: e.dueOn, endsOn: e.cohortEndsOn, progressPercent: e.progressPercent, completedAt: e.completedAt });
        return (
          <li key={e.enrollmentId} className="flex flex-wrap items-center justify-between gap-3 py-3" aria-label={e.courseTitle}>
            <div className="min-w-0">
              <TextLink href={`/o/${slug}/learn/courses/${e.courseId}`}>{e.courseTitle}</TextLink>
              <p className="text-xs text-slate-600">
                {e.cohortName} · {e.completedLessons}/{e.lessons} lessons · due {e.dueOn ?? e.cohortEndsOn}
              </p>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
                <ProgressBar value={e.progressPercent} label={`Progress in ${e.courseTitle}`} />
                {e.completedAt ? <StatusPill tone="success" icon={CircleCheck}>Completed</StatusPill> : null}
                {overdue ? <StatusPill tone="danger" icon={AlarmClock}>Overdue</StatusPill> : null}
              </div>
            </div>
            {e.nextLesson ? (
              <ButtonLink href={`/o/${slug}/learn/lessons/${e.nextLesson.id}`} className="max-w-full">
                <span className="truncate">Continue: {e.nextLesson.title}</span>
              </ButtonLink>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
