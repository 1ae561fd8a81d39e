import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { listQuestions, requireAssessment } from "@/db/queries/assessments";
import { listMyAttempts } from "@/db/queries/attempts";
import { ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { startAttemptAction } from "../../actions";

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
    <div className="max-w-3xl space-y-6">
      <header>
        <p className="text-sm"><Link href={`/o/${org}/learn/courses/${assessment.courseId}`} className="text-brand-700 hover:underline">Back to the course</Link></p>
        <h1 className="text-2xl font-semibold">{assessment.title}</h1>
        {assessment.description ? <p className="mt-1 whitespace-pre-wrap text-slate-600">{assessment.description}</p> : null}
      </header>
      <Card title="About this assessment">
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div><dt className="text-slate-500">Questions</dt><dd className="font-medium">{questions.length} ({points} pts)</dd></div>
          <div><dt className="text-slate-500">Pass mark</dt><dd className="font-medium">{assessment.passMark} / 100</dd></div>
          <div><dt className="text-slate-500">Time limit</dt><dd className="font-medium">{assessment.timeLimitMinutes ? `${assessment.timeLimitMinutes} min` : "None"}</dd></div>
          <div><dt className="text-slate-500">Attempts</dt><dd className="font-medium">{used} used{assessment.maxAttempts !== null ? ` of ${assessment.maxAttempts}` : ""}</dd></div>
        </dl>
        <div className="mt-4">
          {open ? (
            <Link href={`/o/${org}/learn/attempts/${open.id}`} className="inline-block rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">Continue attempt #{open.attemptNumber}</Link>
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
                      {a.score} / 100 <Badge tone={a.passed ? "green" : "red"}>{a.passed ? "Passed" : "Not passed"}</Badge>
                    </>
                  ) : (
                    <Badge tone="amber">{a.status === "submitted" ? "Waiting for grading" : "In progress"}</Badge>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
