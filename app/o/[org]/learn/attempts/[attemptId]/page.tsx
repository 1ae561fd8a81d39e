import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { answerKeysForReview, getAttempt } from "@/db/queries/attempts";
import { Badge, Card } from "@/components/ui/card";
import { AnswerSummary } from "@/components/learning/answer-summary";
import type { AnswerResponse } from "@/lib/validation/learning";
import { AttemptForm } from "./attempt-form";

export const metadata: Metadata = { title: "Assessment attempt" };

export default async function AttemptPage({ params }: { params: Promise<{ org: string; attemptId: string }> }) {
  const { org, attemptId: rawId } = await params;
  const attemptId = idParam(rawId);
  const context = await requirePermission(org, "learning.participate");
  const input = { organizationId: context.organization.id, attemptId };
  const view = await found(withOrgDb(context, (tx) => getAttempt(tx, input)));
  // Trainers review attempts from their cohort; this page is the learner's own.
  if (view.attempt.userId !== context.claims.sub) notFound();
  const { attempt, assessment, questions, answers, bracket } = view;
  const back = <Link href={`/o/${org}/learn/assessments/${assessment.id}`} className="text-brand-700 hover:underline">{assessment.title}</Link>;

  if (attempt.status === "in_progress") {
    return (
      <div className="max-w-3xl space-y-6">
        <header>
          <p className="text-sm">{back}</p>
          <h1 className="text-2xl font-semibold">Attempt #{attempt.attemptNumber}</h1>
          <p className="text-sm text-slate-500">Your answers are saved as you go. Submit once you are done.</p>
        </header>
        <AttemptForm
          slug={org}
          attemptId={attempt.id}
          questions={questions}
          saved={Object.fromEntries(answers.map((a) => [a.questionId, a.response as AnswerResponse]))}
          deadline={attempt.deadlineAt?.toISOString() ?? null}
        />
      </div>
    );
  }

  const keys = await answerKeysForReview(context.claims, input);
  const answerOf = new Map(answers.map((a) => [a.questionId, a]));
  return (
    <div className="max-w-3xl space-y-6">
      <header>
        <p className="text-sm">{back}</p>
        <h1 className="text-2xl font-semibold">Your result</h1>
        <p className="text-sm text-slate-500">Attempt #{attempt.attemptNumber}{attempt.submittedAt ? ` · submitted ${attempt.submittedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}</p>
      </header>
      {attempt.status === "graded" ? (
        <Card title="Score">
          <div className="flex flex-wrap items-center gap-4">
            <p className="text-4xl font-semibold" aria-label="Score">{attempt.score} <span className="text-lg text-slate-500">/ 100</span></p>
            <Badge tone={attempt.passed ? "green" : "red"}>{attempt.passed ? "Passed" : "Not passed"}</Badge>
            <span className="text-sm text-slate-500">Pass mark {assessment.passMark}</span>
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
        <Card title="Waiting for grading">
          <p className="text-sm text-slate-600">A trainer grades your written answers; your score appears here then, and you get a notification.</p>
        </Card>
      )}
      <Card title="Your answers">
        <ol className="space-y-4">
          {questions.map((question, index) => (
            <li key={question.id}>
              <p className="mb-1 text-sm font-medium">{index + 1}. {question.prompt}</p>
              <AnswerSummary question={question} answer={answerOf.get(question.id)} answerKey={keys.get(question.id) ?? null} />
            </li>
          ))}
        </ol>
        {!assessment.showAnswersAfterSubmit ? <p className="mt-4 text-sm text-slate-500">This assessment does not show the correct answers.</p> : null}
      </Card>
    </div>
  );
}
