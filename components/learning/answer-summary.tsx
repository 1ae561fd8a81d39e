// One question's answer as submitted: the response, whether it was right,
// the points and the trainer's feedback, and the correct answer when known.
import { Badge } from "@/components/ui/card";

interface Question {
  kind: "single_choice" | "multiple_choice" | "numeric" | "free_text";
  options: { id: string; label: string }[];
  points: number;
}

interface Answer {
  response: Record<string, unknown>;
  isCorrect: boolean | null;
  pointsAwarded: number | null;
  feedback: string | null;
}

type Key = { option?: string; options?: string[]; value?: number; tolerance?: number; rubric?: string } | null;

function responseText(question: Question, response: Record<string, unknown> | undefined): string {
  if (!response) return "No answer";
  const label = (id: unknown) => question.options.find((o) => o.id === id)?.label ?? String(id);
  if (typeof response.option === "string") return label(response.option);
  if (Array.isArray(response.options)) return response.options.length ? response.options.map(label).join(", ") : "No answer";
  if (typeof response.value === "number") return String(response.value);
  if (typeof response.text === "string") return response.text.trim() || "No answer";
  return "No answer";
}

function keyText(question: Question, key: Key): string | null {
  if (!key) return null;
  const label = (id: string) => question.options.find((o) => o.id === id)?.label ?? id;
  if (key.option) return label(key.option);
  if (key.options) return key.options.map(label).join(", ");
  if (typeof key.value === "number") return key.tolerance ? `${key.value} (± ${key.tolerance})` : String(key.value);
  return null;
}

export function AnswerSummary({ question, answer, answerKey }: { question: Question; answer: Answer | undefined; answerKey: Key }) {
  const correct = keyText(question, answerKey);
  const verdict =
    answer?.pointsAwarded === null || answer?.pointsAwarded === undefined ? (
      answer && question.kind === "free_text" ? <Badge tone="amber">Waiting for a trainer</Badge> : <Badge tone="red">0 / {question.points}</Badge>
    ) : (
      <Badge tone={answer.isCorrect ? "green" : answer.pointsAwarded > 0 ? "amber" : "red"}>
        {answer.pointsAwarded} / {question.points}
      </Badge>
    );
  return (
    <div className="space-y-1 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span className="text-slate-600">Answer:</span>
        <span className="whitespace-pre-wrap">{responseText(question, answer?.response)}</span>
        {verdict}
      </p>
      {correct && answer?.isCorrect !== true ? <p><span className="text-slate-600">Correct answer:</span> {correct}</p> : null}
      {answer?.feedback ? <p><span className="text-slate-600">Feedback:</span> {answer.feedback}</p> : null}
    </div>
  );
}
