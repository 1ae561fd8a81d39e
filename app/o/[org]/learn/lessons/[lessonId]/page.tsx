import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { learnerLesson } from "@/db/queries/progress";
import { ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { Markdown } from "@/components/markdown";
import { PageHeader } from "@/components/ui/page-header";
import { completeLessonAction } from "../../actions";
import { LessonTracker } from "./lesson-tracker";

export const metadata: Metadata = { title: "Lesson" };

export default async function LessonPage({ params }: { params: Promise<{ org: string; lessonId: string }> }) {
  const { org, lessonId: rawId } = await params;
  const lessonId = idParam(rawId);
  const context = await requirePermission(org, "learning.participate");
  const page = await found(
    withOrgDb(context, (tx) => learnerLesson(tx, { organizationId: context.organization.id, userId: context.claims.sub, lessonId })),
  );
  const { lesson } = page;

  return (
    <article className="max-w-3xl space-y-6">
      {page.enrolled ? <LessonTracker slug={org} lessonId={lesson.id} /> : null}
      <PageHeader
        back={{ href: `/o/${org}/learn/courses/${lesson.courseId}`, label: lesson.courseTitle }}
        eyebrow={`${lesson.sectionTitle} · lesson ${page.position.index} of ${page.position.of}`}
        title={lesson.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {lesson.estimatedMinutes} min {page.skills.map((s) => <Badge key={s.id} tone="brand">{s.name}</Badge>)}
            {page.completedAt ? <Badge tone="success">Completed</Badge> : null}
          </span>
        }
      />
      <Card>
        <Markdown source={lesson.bodyMd} />
      </Card>
      {page.assessments.length ? (
        <Card title="Check your understanding">
          <ul className="space-y-1 text-sm">
            {page.assessments.map((a) => (
              <li key={a.id}><Link href={`/o/${org}/learn/assessments/${a.id}`} className="text-brand-700 hover:underline">{a.title}</Link></li>
            ))}
          </ul>
        </Card>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-4">
        {page.enrolled && !page.completedAt ? (
          <ActionForm action={completeLessonAction.bind(null, org)} submit="Mark as complete" pending="Saving…" label="Complete lesson">
            <input type="hidden" name="lessonId" value={lesson.id} />
          </ActionForm>
        ) : (
          <span />
        )}
        <nav aria-label="Lessons" className="flex gap-3 text-sm">
          {page.previous ? <Link href={`/o/${org}/learn/lessons/${page.previous.id}`} className="text-brand-700 hover:underline">← {page.previous.title}</Link> : null}
          {page.next ? <Link href={`/o/${org}/learn/lessons/${page.next.id}`} className="font-medium text-brand-700 hover:underline">Next: {page.next.title} →</Link> : null}
        </nav>
      </div>
    </article>
  );
}
