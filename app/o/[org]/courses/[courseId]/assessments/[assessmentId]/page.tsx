import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { found, idParam } from "@/lib/pages";
import { getAssessmentForAuthoring } from "@/db/queries/assessments";
import { getCourseOutline, listSkills } from "@/db/queries/courses";
import { ActionButton, ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { choiceLines, QUESTION_KIND_LABELS } from "@/lib/validation/learning";
import { deleteQuestionAction, saveQuestionAction, updateAssessmentAction } from "../../../actions";
import { QuestionForm, type QuestionDraft } from "../../../question-form";
import { formatCount, formatPoints } from "@/lib/format";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Edit assessment" };

type Key = { option?: string; options?: string[]; value?: number; tolerance?: number; rubric?: string } | null;

export default async function AssessmentEditorPage({ params }: { params: Promise<{ org: string; courseId: string; assessmentId: string }> }) {
  const { org, courseId: rawCourse, assessmentId: rawAssessment } = await params;
  const courseId = idParam(rawCourse);
  const assessmentId = idParam(rawAssessment);
  const context = await requirePermission(org, "courses.manage");
  const organizationId = context.organization.id;
  const [authoring, outline, skills] = await found(
    withOrgDb(context, (tx) =>
      Promise.all([getAssessmentForAuthoring(tx, organizationId, assessmentId), getCourseOutline(tx, organizationId, courseId), listSkills(tx, organizationId)]),
    ),
  );
  const { assessment, questions, attempts } = authoring;
  if (assessment.courseId !== courseId) notFound();
  const skillOptions = skills.map((s) => ({ value: s.id, label: s.name }));
  const lessonOptions = [{ value: "", label: "The whole course" }, ...outline.sections.flatMap((s) => s.lessons.map((l) => ({ value: l.id, label: `${s.title} · ${l.title}` })))];
  const totalPoints = questions.reduce((sum, q) => sum + q.points, 0);

  const draftOf = (question: (typeof questions)[number]): QuestionDraft => {
    const key = question.key as Key;
    const correct = key?.options ?? (key?.option ? [key.option] : []);
    return {
      id: question.id,
      kind: question.kind,
      prompt: question.prompt,
      points: question.points,
      skillId: question.skillId,
      choices: choiceLines(question.options, correct),
      value: key?.value,
      tolerance: key?.tolerance,
      rubric: key?.rubric ?? "",
    };
  };

  return (
    <Page>
      <PageHeader
        back={{ href: `/o/${org}/courses/${courseId}`, label: outline.course.title }}
        title={assessment.title}
        description={`${formatCount(questions.length, "question")} · ${formatCount(totalPoints, "point")} · ${formatCount(attempts, "attempt")} so far`}
      />

      <Card title="Settings">
        <ActionForm action={updateAssessmentAction.bind(null, org)} submit="Save settings" label="Assessment settings" className="grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="assessmentId" value={assessment.id} />
          <TextField label="Assessment title" name="title" defaultValue={assessment.title} required maxLength={200} />
          <SelectField label="Attached to" name="lessonId" options={lessonOptions} defaultValue={assessment.lessonId ?? ""} />
          <TextField label="Pass mark (0–100)" name="passMark" type="number" min={0} max={100} step="0.01" defaultValue={assessment.passMark} />
          <TextField label="Time limit (minutes, empty for none)" name="timeLimitMinutes" type="number" min={1} max={600} defaultValue={assessment.timeLimitMinutes ?? ""} />
          <TextField label="Max attempts (empty for unlimited)" name="maxAttempts" type="number" min={1} max={100} defaultValue={assessment.maxAttempts ?? ""} />
          <label className="flex items-center gap-2 self-end text-sm text-slate-700">
            <input type="checkbox" name="showAnswersAfterSubmit" defaultChecked={assessment.showAnswersAfterSubmit} /> Show correct answers after submission
          </label>
          <div className="sm:col-span-2"><TextAreaField label="Instructions" name="description" defaultValue={assessment.description} maxLength={5000} /></div>
        </ActionForm>
      </Card>

      <Card title={`Questions (${questions.length})`}>
        {attempts > 0 ? <p className="mb-3 text-sm text-warning-700">Learners have attempts on this assessment: changes apply to attempts not yet submitted.</p> : null}
        <ol className="space-y-4">
          {questions.map((question, index) => (
            <li key={question.id} className="rounded-md border border-slate-200 p-4">
              <div className="flex items-start justify-between gap-3">
                <p className="text-sm"><span className="font-semibold">{index + 1}.</span> {question.prompt}</p>
                <div className="flex shrink-0 items-center gap-2">
                  <Badge>{QUESTION_KIND_LABELS[question.kind]}</Badge>
                  <Badge tone="brand">{formatPoints(question.points)}</Badge>
                </div>
              </div>
              <details className="mt-2">
                <summary className="cursor-pointer text-sm font-medium text-brand-700">Edit</summary>
                <div className="mt-3"><QuestionForm action={saveQuestionAction.bind(null, org)} assessmentId={assessment.id} skills={skillOptions} draft={draftOf(question)} /></div>
              </details>
              <div className="mt-2">
                <ActionButton action={deleteQuestionAction.bind(null, org)} fields={{ questionId: question.id }} submit="Delete question" variant="danger" confirm="Delete this question and its answers?" />
              </div>
            </li>
          ))}
        </ol>
      </Card>

      <Card title="Add a question">
        <QuestionForm action={saveQuestionAction.bind(null, org)} assessmentId={assessment.id} skills={skillOptions} />
      </Card>
    </Page>
  );
}
