import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { listQuestions, requireAssessment } from "@/db/queries/assessments";
import { listMyAttempts } from "@/db/queries/attempts";
import { ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { startAttemptAction } from "../../actions";
import { formatCount, formatPoints } from "@/lib/format";
import { Stat, StatGrid } from "@/components/ui/stat";
import { ButtonLink } from "@/components/ui/button";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Assessment" };

export default async function AssessmentPage({ params }: { params: Promise<{ org: string; assessmentId: string }> }) {
  const { org, assessmentId: rawId } = await params;
  const assessmentId = idParam(rawId);
  const context = await requirePermission(org, "learning.participate");
  const me = { organizationId: context.organization.id, userId: context.claims.sub };
  const { assessment, questions, attempts } = await found(
    withOrgDb(context, async (tx) => {
      const assessment = await requireAssessment(tx, me.organizationId, assessmentId);
      const [questions, attempts] = await Promise.all([listQuestions(tx, assessmentId), listMyAttempts(tx, { ...me, assessmentId })]);
      return { assessment, questions, attempts };
    }),
  );
  const open = attempts.find((a) => a.status === "in_progress");
  const used = attempts.length;
  const left = assessment.maxAttempts === null ? null : Math.max(assessment.maxAttempts - used, 0);
  const points = questions.reduce((sum, q) => sum + q.points, 0);

  return (
    <Page width="narrow">
      <PageHeader
        back={{ href: `/o/${org}/learn/courses/${assessment.courseId}`, label: "Back to the course" }}
        title={assessment.title}
        description={assessment.description ? <p className="whitespace-pre-wrap">{assessment.description}</p> : undefined}
      />
      <Card title="About this assessment">
        <StatGrid>
          <Stat label="Questions" value={questions.length} hint={formatPoints(points)} />
          <Stat label="Pass mark" value={assessment.passMark} hint="out of 100" />
          <Stat label="Time limit" value={assessment.timeLimitMinutes ? `${assessment.timeLimitMinutes} min` : "None"} />
          <Stat label="Attempts" value={`${used}${assessment.maxAttempts !== null ? ` / ${assessment.maxAttempts}` : ""}`} hint={assessment.maxAttempts !== null ? `${formatCount(left ?? 0, "attempt")} left` : "unlimited"} />
        </StatGrid>
        <div className="mt-4">
          {open ? (
            <ButtonLink href={`/o/${org}/learn/attempts/${open.id}`}>Continue attempt #{open.attemptNumber}</ButtonLink>
          ) : left === 0 ? (
            <p className="text-sm text-slate-600">You have used all your attempts.</p>
          ) : (
            <ActionForm action={startAttemptAction.bind(null, org)} submit={used ? "Start a new attempt" : "Start the assessment"} pending="Starting…" label="Start the assessment">
              <input type="hidden" name="assessmentId" value={assessment.id} />
            </ActionForm>
          )}
        </div>
      </Card>
      {attempts.length ? (
        <Card title="Your attempts">
          <ul className="divide-y divide-slate-100 text-sm">
            {attempts.map((a) => (
              <li key={a.id} className="flex items-center justify-between py-2">
                <Link href={`/o/${org}/learn/attempts/${a.id}`} className="text-brand-700 hover:underline">Attempt #{a.attemptNumber}</Link>
                <span className="flex items-center gap-2">
                  {a.status === "graded" ? (
                    <>
                      {a.score} / 100 <Badge tone={a.passed ? "success" : "danger"}>{a.passed ? "Passed" : "Not passed"}</Badge>
                    </>
                  ) : (
                    <Badge tone="warning">{a.status === "submitted" ? "Waiting for grading" : "In progress"}</Badge>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </Page>
  );
}
