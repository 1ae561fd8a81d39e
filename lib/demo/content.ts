// The demo content of an organization: skills, published courses from the
// catalog's templates (sections, Markdown lessons, one assessment with a
// question of every kind and its key, practice tasks), draft courses and a
// daily practice open to every member — plus, per course, the model the
// simulation in generator.ts needs (lessons, tasks, skills, and each
// question's item parameters: the two-parameter logistic model of item
// response theory, difficulty b and discrimination a).
import type { AnswerKey, ScoringQuestion } from "@/lib/assessments/scoring";
import { COURSE_TEMPLATES, DRAFT_COURSE, SKILL_NAMES, type CourseTemplate, type QuestionTemplate } from "./catalog";
import type { GeneratorInput } from "./generator";
import type { Random } from "./prng";

const DAY = 86_400_000;

export function generateContent(rng: Random, input: GeneratorInput) {
  const skills = SKILL_NAMES.map((name) => ({ id: rng.uuid(), name, description: `Demo skill: ${name.toLowerCase()}` }));
  const out = {
    skills,
    courses: [] as { id: string; title: string; description: string; status: "draft" | "published"; publishedAt: Date | null; createdBy: string; createdAt: Date }[],
    sections: [] as { id: string; courseId: string; title: string; position: number }[],
    lessons: [] as { id: string; courseId: string; sectionId: string; title: string; bodyMd: string; estimatedMinutes: number; position: number }[],
    courseSkills: [] as { courseId: string; skillId: string }[],
    lessonSkills: [] as { lessonId: string; skillId: string }[],
    assessments: [] as { id: string; courseId: string; lessonId: null; title: string; description: string; passMark: number; timeLimitMinutes: number; maxAttempts: number; createdBy: string }[],
    questions: [] as { id: string; assessmentId: string; kind: QuestionTemplate["kind"]; prompt: string; options: { id: string; label: string }[]; points: number; position: number; skillId: string }[],
    questionKeys: [] as { questionId: string; answer: AnswerKey }[],
    activities: [] as { id: string; courseId: string | null; skillId: string; title: string; description: string; createdBy: string }[],
    tasks: [] as { id: string; activityId: string; title: string; estimatedMinutes: number; points: number; position: number }[],
  };
  const authoredAt = new Date(input.endAt.getTime() - (input.size.days + 20) * DAY);
  const courseModels: CourseModel[] = [];

  for (let c = 0; c < input.size.courses; c++) {
    const template = COURSE_TEMPLATES[c % COURSE_TEMPLATES.length];
    const round = Math.floor(c / COURSE_TEMPLATES.length);
    const courseId = rng.uuid();
    const courseSkills = template.skills.map((index) => skills[index].id);
    out.courses.push({ id: courseId, title: round ? `${template.title} ${round + 1}` : template.title, description: template.description, status: "published", publishedAt: authoredAt, createdBy: input.authorId, createdAt: authoredAt });
    for (const skillId of courseSkills) out.courseSkills.push({ courseId, skillId });
    const lessonIds: { id: string; minutes: number }[] = [];
    template.sections.forEach((section, s) => {
      const sectionId = rng.uuid();
      out.sections.push({ id: sectionId, courseId, title: section.title, position: s });
      section.lessons.forEach((lesson, l) => {
        const lessonId = rng.uuid();
        out.lessons.push({ id: lessonId, courseId, sectionId, title: lesson.title, bodyMd: lessonBody(template, lesson), estimatedMinutes: lesson.minutes, position: l });
        out.lessonSkills.push({ lessonId, skillId: courseSkills[(s + l) % courseSkills.length] });
        lessonIds.push({ id: lessonId, minutes: lesson.minutes });
      });
    });
    const assessmentId = rng.uuid();
    const { assessment } = template;
    out.assessments.push({ id: assessmentId, courseId, lessonId: null, title: assessment.title, description: "Checks the whole course. Free-text answers are graded by your trainer.", passMark: assessment.passMark, timeLimitMinutes: assessment.timeLimitMinutes, maxAttempts: assessment.maxAttempts, createdBy: input.authorId });
    const scoring: ScoredQuestion[] = [];
    const strata = rng.sample(assessment.questions.map((_, i) => i), assessment.questions.length);
    assessment.questions.forEach((question, position) => {
      const questionId = rng.uuid();
      const optionIds = (question.options ?? []).map((_, i) => String.fromCharCode(97 + i));
      const key = answerKey(question, optionIds);
      out.questions.push({ id: questionId, assessmentId, kind: question.kind, prompt: question.prompt, options: (question.options ?? []).map((label, i) => ({ id: optionIds[i], label })), points: question.points, position, skillId: courseSkills[question.skill] });
      out.questionKeys.push({ questionId, answer: key });
      scoring.push({ id: questionId, kind: question.kind, points: question.points, skillId: courseSkills[question.skill], key, ...itemParameters(rng, strata[position], assessment.questions.length), optionIds });
    });
    const activityId = rng.uuid();
    out.activities.push({ id: activityId, courseId, skillId: courseSkills[0], title: template.practice.title, description: "Small steps to apply the course at work.", createdBy: input.authorId });
    const taskIds = template.practice.tasks.map((title, position) => {
      const id = rng.uuid();
      out.tasks.push({ id, activityId, title, estimatedMinutes: rng.int(5, 20), points: 10, position });
      return id;
    });
    courseModels.push({ id: courseId, lessons: lessonIds, assessment: { id: assessmentId, passMark: assessment.passMark, limit: assessment.timeLimitMinutes, maxAttempts: assessment.maxAttempts, questions: scoring }, taskIds, skillIds: courseSkills });
  }
  for (let d = 0; d < input.size.draftCourses; d++) {
    const courseId = rng.uuid();
    out.courses.push({ id: courseId, title: DRAFT_COURSE.title, description: DRAFT_COURSE.description, status: "draft", publishedAt: null, createdBy: input.authorId, createdAt: authoredAt });
    out.courseSkills.push({ courseId, skillId: skills[DRAFT_COURSE.skills[0]].id });
    const sectionId = rng.uuid();
    out.sections.push({ id: sectionId, courseId, title: "Value", position: 0 });
    out.lessons.push({ id: rng.uuid(), courseId, sectionId, title: "What customers pay for", bodyMd: "# What customers pay for\n\n_Draft — to be written._\n", estimatedMinutes: 10, position: 0 });
  }
  // Practice without a course, open to every member.
  const dailyId = rng.uuid();
  out.activities.push({ id: dailyId, courseId: null, skillId: skills[1].id, title: "Daily micro-practice", description: "Five minutes a day, any course.", createdBy: input.authorId });
  const dailyTaskIds = ["Summarise a meeting in three sentences", "Ask one open question today", "Write down one decision and its evidence"].map((title, position) => {
    const id = rng.uuid();
    out.tasks.push({ id, activityId: dailyId, title, estimatedMinutes: 5, points: 5, position });
    return id;
  });
  return { content: out, courseModels, dailyTaskIds };
}

/** A question as the simulation sees it: its scoring data and its item parameters (2PL: difficulty b, discrimination a). */
export type ScoredQuestion = ScoringQuestion & { difficulty: number; discrimination: number; optionIds: string[] };

/**
 * Item parameters of a question in difficulty stratum `stratum` of `count`
 * (the caller shuffles the strata over the questions, so every assessment has
 * easy and hard questions, in no fixed order): difficulty b in
 * [−1.6 + 3.2·stratum/count, −1.6 + 3.2·(stratum+1)/count), discrimination a
 * in [0.6, 2.2].
 */
function itemParameters(rng: Random, stratum: number, count: number) {
  return { difficulty: -1.6 + (3.2 * (stratum + rng.next())) / count, discrimination: rng.between(0.6, 2.2) };
}

export interface CourseModel {
  id: string;
  lessons: { id: string; minutes: number }[];
  assessment: { id: string; passMark: number; limit: number; maxAttempts: number; questions: ScoredQuestion[] };
  taskIds: string[];
  skillIds: string[];
}

function lessonBody(course: CourseTemplate, lesson: CourseTemplate["sections"][number]["lessons"][number]): string {
  return [
    `# ${lesson.title}`,
    "",
    `Part of **${course.title}**. About ${lesson.minutes} minutes.`,
    "",
    "## Key points",
    "",
    ...lesson.points.map((point) => `- ${point}`),
    "",
    "## Try it",
    "",
    `Pick one situation from this week and apply *${lesson.points[0].toLowerCase()}*. Note what changed.`,
    "",
  ].join("\n");
}

function answerKey(question: QuestionTemplate, optionIds: string[]): AnswerKey {
  switch (question.kind) {
    case "single_choice":
      return { option: optionIds[question.correct![0]] };
    case "multiple_choice":
      return { options: question.correct!.map((i) => optionIds[i]) };
    case "numeric":
      return { value: question.value!, tolerance: question.tolerance ?? 0 };
    case "free_text":
      return { rubric: question.rubric! };
  }
}
