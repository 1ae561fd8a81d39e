import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CircleCheck, CircleX, Hourglass } from "lucide-react";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { answerKeysForReview, getAttempt } from "@/db/queries/attempts";
import { answerRevealFor } from "@/db/queries/answer-reveal";
import { Card, StatusPill } from "@/components/ui/card";
import { Page, PageHeader } from "@/components/ui/page-header";
import { AnswerSummary } from "@/components/learning/answer-summary";
import { formatDateTime } from "@/lib/format";
import type { AnswerResponse } from "@/lib/validation/learning";
import { AttemptForm } from "./attempt-form";

export const metadata: Metadata = { title: "Assessment attempt" };

export default async function AttemptPage({ params }: { params: Promise<{ org: string; attemptId: string }> }) {
  const { org, attemptId: rawId } = await params;
  const attemptId = idParam(rawId);
  const context = await requirePermission(org, "learning.participate");
  const input = { organizationId: context.organization.id, attemptId };
  const { view, reveal } = await found(
    withOrgDb(context, async (tx) => {
      const view = await getAttempt(tx, input);
      const reveal = await answerRevealFor(tx, { organizationId: input.organizationId, userId: view.attempt.userId, assessment: view.assessment });
      return { view, reveal };
    }),
  );
  // Trainers review attempts from their cohort; this page is the learner's own.
  if (view.attempt.userId !== context.claims.sub) notFound();
  const { attempt, assessment, questions, answers, bracket } = view;
  const back = { href: `/o/${org}/learn/assessments/${assessment.id}`, label: assessment.title };

  if (attempt.status === "in_progress") {
    return (
      <Page width="narrow">
        <PageHeader back={back} title={`Attempt #${attempt.attemptNumber}`} description="Your answers are saved as you go. Submit once you are done." />
        <AttemptForm
          slug={org}
          attemptId={attempt.id}
          questions={questions}
          saved={Object.fromEntries(answers.map((a) => [a.questionId, a.response as AnswerResponse]))}
          deadline={attempt.deadlineAt?.toISOString() ?? null}
          expired={!view.open}
        />
      </Page>
    );
  }

  // The key query applies the reveal rule itself; `reveal` only explains it.
  const keys = await answerKeysForReview(context.claims, input);
  const answerOf = new Map(answers.map((a) => [a.questionId, a]));
  return (
    <Page width="narrow">
      <PageHeader
        back={back}
        title="Your result"
        description={`Attempt #${attempt.attemptNumber}${attempt.submittedAt ? ` · submitted ${formatDateTime(attempt.submittedAt)}` : ""}`}
      />
      {attempt.status === "graded" ? (
        <Card title="Score">
          <div className="flex flex-wrap items-center gap-4">
            <p className="text-4xl font-semibold tabular-nums" aria-label="Score">{attempt.score} <span className="text-lg text-slate-600">/ 100</span></p>
            <StatusPill tone={attempt.passed ? "success" : "danger"} icon={attempt.passed ? CircleCheck : CircleX}>{attempt.passed ? "Passed" : "Not passed"}</StatusPill>
            <span className="text-sm text-slate-600">Pass mark {assessment.passMark}</span>
          </div>
          {bracket ? (
            <div className="mt-4 rounded-md bg-slate-50 p-4 text-sm">
              <p className="font-semibold">Level {bracket.scale} of 5 · {bracket.label}</p>
              <p className="text-slate-700">{bracket.description}</p>
              <h3 className="mt-3 font-medium">Recommendations</h3>
              <ul className="list-disc pl-5">
                {bracket.recommendations.map((r) => <li key={r}>{r}</li>)}
              </ul>
            </div>
          ) : null}
        </Card>
      ) : (
        <Card title="Waiting for grading" actions={<StatusPill tone="warning" icon={Hourglass}>Needs grading</StatusPill>}>
          <p className="text-sm text-slate-700">A trainer grades your written answers; your score appears here then, and you get a notification.</p>
        </Card>
      )}
      <Card title="Your answers" description={reveal.revealed ? undefined : reveal.reason}>
        <ol className="space-y-4">
          {questions.map((question, index) => (
            <li key={question.id}>
              <p className="mb-1 text-sm font-medium">{index + 1}. {question.prompt}</p>
              <AnswerSummary question={question} answer={answerOf.get(question.id)} answerKey={keys.get(question.id) ?? null} />
            </li>
          ))}
        </ol>
      </Card>
    </Page>
  );
}
