import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { learnerCourse } from "@/db/queries/progress";
import { listActivities } from "@/db/queries/tasks";
import { Badge, Card } from "@/components/ui/card";
import { TaskList } from "@/components/learning/task-list";
import { ButtonLink } from "@/components/ui/button";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Course" };

export default async function LearnerCoursePage({ params }: { params: Promise<{ org: string; courseId: string }> }) {
  const { org, courseId: rawId } = await params;
  const courseId = idParam(rawId);
  const context = await requirePermission(org, "learning.participate");
  const me = { organizationId: context.organization.id, userId: context.claims.sub };
  const [course, activities] = await found(
    withOrgDb(context, (tx) => Promise.all([learnerCourse(tx, { ...me, courseId }), listActivities(tx, { ...me, courseIds: [courseId] })])),
  );

  return (
    <Page>
      <PageHeader
        back={{ href: `/o/${org}/learn`, label: "My learning" }}
        title={course.course.title}
        description={
          <>
            {course.course.description ? <p>{course.course.description}</p> : null}
            {!course.enrolled ? <p className="mt-2 text-warning-700">You are not enrolled in this course: you can read it, but your progress is not tracked.</p> : null}
          </>
        }
        actions={course.nextLesson ? <ButtonLink href={`/o/${org}/learn/lessons/${course.nextLesson.id}`}>Continue: {course.nextLesson.title}</ButtonLink> : null}
      />
      <Card title="Lessons">
        <div className="space-y-4">
          {course.sections.map((section) => (
            <section key={section.id} aria-label={section.title}>
              <h3 className="font-medium">{section.title}</h3>
              <ol className="mt-1 space-y-1 text-sm">
                {section.lessons.map((lesson) => (
                  <li key={lesson.id} className="flex items-center justify-between gap-3">
                    <Link href={`/o/${org}/learn/lessons/${lesson.id}`} className="text-brand-700 hover:underline">{lesson.title}</Link>
                    <span className="flex items-center gap-2 text-slate-600">
                      {lesson.estimatedMinutes} min {lesson.completed ? <Badge tone="success">Done</Badge> : null}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
      </Card>
      {course.assessments.length ? (
        <Card title="Assessments">
          <ul className="space-y-1 text-sm">
            {course.assessments.map((a) => (
              <li key={a.id}><Link href={`/o/${org}/learn/assessments/${a.id}`} className="text-brand-700 hover:underline">{a.title}</Link></li>
            ))}
          </ul>
        </Card>
      ) : null}
      {activities.length ? (
        <Card title="Micro-learning">
          <TaskList slug={org} activities={activities} />
        </Card>
      ) : null}
    </Page>
  );
}
