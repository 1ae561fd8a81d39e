import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { getCohortDetail } from "@/db/queries/cohorts";
import { getAttempt } from "@/db/queries/attempts";
import { getAssessmentForAuthoring } from "@/db/queries/assessments";
import { ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { Page, PageHeader } from "@/components/ui/page-header";
import { TextAreaField, TextField } from "@/components/ui/field";
import { AnswerSummary } from "@/components/learning/answer-summary";
import { formatPoints } from "@/lib/format";
import { gradeAnswerAction, regradeAnswerAction } from "../../../actions";

export const metadata: Metadata = { title: "Review attempt" };

export default async function ReviewAttemptPage({ params }: { params: Promise<{ org: string; cohortId: string; attemptId: string }> }) {
  const { org, cohortId: rawCohort, attemptId: rawAttempt } = await params;
  const cohortId = idParam(rawCohort);
  const attemptId = idParam(rawAttempt);
  const context = await requirePermission(org, "cohorts.view");
  const organizationId = context.organization.id;
  const { detail, view, keys } = await found(
    withOrgDb(context, async (tx) => {
      const detail = await getCohortDetail(tx, organizationId, cohortId);
      const view = await getAttempt(tx, { organizationId, attemptId });
      const authoring = await getAssessmentForAuthoring(tx, organizationId, view.assessment.id);
      return { detail, view, keys: new Map(authoring.questions.map((q) => [q.id, q.key])) };
    }),
  );
  const learner = detail.learners.find((l) => l.userId === view.attempt.userId);
  if (!learner || view.assessment.courseId !== detail.cohort.courseId) notFound();
  const { attempt, assessment, questions, answers } = view;
  const answerOf = new Map(answers.map((a) => [a.questionId, a]));
  const status =
    attempt.status === "graded" ? `score ${attempt.score} (${attempt.passed ? "passed" : "not passed"})` : attempt.status === "submitted" ? "waiting for grading" : "in progress";

  return (
    <Page width="narrow">
      <PageHeader
        back={{ href: `/o/${org}/cohorts/${cohortId}`, label: detail.cohort.name }}
        title={`${assessment.title}: ${learner.fullName || learner.email}`}
        description={`Attempt #${attempt.attemptNumber} · ${status}`}
      />
      <ol className="space-y-4">
        {questions.map((question, index) => {
          const answer = answerOf.get(question.id);
          const key = keys.get(question.id) as { rubric?: string } | null | undefined;
          const gradable = question.kind === "free_text" && answer && attempt.status !== "in_progress";
          const graded = answer?.pointsAwarded !== null && answer?.pointsAwarded !== undefined && Boolean(answer?.gradedAt);
          return (
            <li key={question.id}>
              <Card title={`${index + 1}. ${question.prompt}`} actions={<Badge tone="brand">{formatPoints(question.points)}</Badge>}>
                <AnswerSummary question={question} answer={answer} answerKey={key ?? null} />
                {question.kind === "free_text" && key?.rubric ? <p className="mt-2 text-sm text-slate-700"><span className="font-medium">Rubric:</span> {key.rubric}</p> : null}
                {gradable && !graded && attempt.status === "submitted" ? (
                  <ActionForm action={gradeAnswerAction.bind(null, org)} submit="Save grade" label={`Grade answer ${index + 1}`} className="mt-3 space-y-3">
                    <input type="hidden" name="answerId" value={answer.id} />
                    <TextField label={`Points (0–${question.points})`} name="points" type="number" min={0} max={question.points} step="0.01" required />
                    <TextAreaField label="Feedback for the learner" name="feedback" rows={2} />
                  </ActionForm>
                ) : null}
                {gradable && graded ? (
                  <details className="mt-3 rounded-md border border-slate-200 p-3">
                    <summary className="cursor-pointer text-sm font-medium text-brand-700">Correct this grade</summary>
                    <ActionForm
                      action={regradeAnswerAction.bind(null, org)}
                      submit="Save corrected grade"
                      label={`Correct the grade of answer ${index + 1}`}
                      className="mt-3 space-y-3"
                      resetOnSuccess={false}
                    >
                      <input type="hidden" name="answerId" value={answer.id} />
                      <TextField label={`Points (0–${question.points})`} name="points" type="number" min={0} max={question.points} step="0.01" required defaultValue={answer.pointsAwarded ?? ""} />
                      <TextAreaField label="Feedback for the learner" name="feedback" rows={2} defaultValue={answer.feedback ?? ""} />
                      <p className="text-xs text-slate-600">The score is recomputed and the learner is notified of the correction.</p>
                    </ActionForm>
                  </details>
                ) : null}
              </Card>
            </li>
          );
        })}
      </ol>
    </Page>
  );
}
