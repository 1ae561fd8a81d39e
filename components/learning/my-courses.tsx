// The learner's enrolled courses with progress, due date and the next lesson
// (used by "My learning" and the learner's home).
import Link from "next/link";
import { Badge } from "@/components/ui/card";
import type { myLearning } from "@/db/queries/progress";

type Enrollment = Awaited<ReturnType<typeof myLearning>>[number];

export function MyCourses({ slug, enrollments }: { slug: string; enrollments: Enrollment[] }) {
  if (enrollments.length === 0) {
    return <p className="text-sm text-slate-600">Courses you are enrolled in will appear here with your progress and the next lesson to take. Nothing is assigned to you yet.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100">
      {enrollments.map((e) => (
        <li key={e.enrollmentId} className="flex flex-wrap items-center justify-between gap-3 py-3" aria-label={e.courseTitle}>
          <div className="min-w-0">
            <Link href={`/o/${slug}/learn/courses/${e.courseId}`} className="font-medium text-brand-700 hover:underline">{e.courseTitle}</Link>
            <p className="text-xs text-slate-500">
              {e.cohortName} · {e.completedLessons}/{e.lessons} lessons{e.dueOn ? ` · due ${e.dueOn}` : ""}
            </p>
            <div className="mt-1 flex items-center gap-2 text-sm">
              <progress value={e.progressPercent} max={100} className="h-2 w-40" aria-label={`Progress in ${e.courseTitle}`} />
              <span>{e.progressPercent} %</span>
              {e.completedAt ? <Badge tone="green">Completed</Badge> : null}
            </div>
          </div>
          {e.nextLesson ? (
            <Link href={`/o/${slug}/learn/lessons/${e.nextLesson.id}`} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Continue: {e.nextLesson.title}
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
