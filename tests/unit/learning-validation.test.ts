// Learning forms: checkbox groups arrive as arrays, and each schema says what
// is wrong in the words the form shows.
import { describe, expect, it } from "vitest";
import { formToFields } from "@/lib/actions";
import { assessmentSchema, enrollSchema, gradeAnswerSchema, parseChoiceLines, saveAnswerSchema, updateObstacleSchema } from "@/lib/validation/learning";

const id = "0b6f0a3e-4c55-4b7a-9a57-6f1de8d1c0a1";

describe("formToFields", () => {
  it("collects name[] fields into arrays, ignoring the empty marker", () => {
    const form = new FormData();
    form.append("title", "A");
    form.append("skillIds[]", "");
    form.append("skillIds[]", "x");
    form.append("skillIds[]", "y");
    form.append("userIds[]", "");
    expect(formToFields(form)).toEqual({ title: "A", skillIds: ["x", "y"], userIds: [] });
  });
});

describe("learning schemas", () => {
  it("reads an assessment form: empty limits are none, the checkbox is a boolean", () => {
    expect(assessmentSchema.parse({ courseId: id, lessonId: "", title: " Quiz ", passMark: "62.5", timeLimitMinutes: "", maxAttempts: "3" })).toEqual({
      courseId: id,
      lessonId: undefined,
      title: "Quiz",
      description: "",
      passMark: 62.5,
      timeLimitMinutes: undefined,
      maxAttempts: 3,
      showAnswersAfterSubmit: false,
    });
    const wrong = assessmentSchema.safeParse({ courseId: id, title: "Q", passMark: "101", maxAttempts: "0" });
    expect(wrong.error?.issues.map((i) => i.message)).toEqual(["The pass mark must be at most 100", "The number of attempts must be at least 1"]);
  });

  it("parses choice lines with starred correct options", () => {
    expect(parseChoiceLines("Paris\n* Lyon\n\n*Nice")).toEqual({
      options: [
        { id: "a", label: "Paris" },
        { id: "b", label: "Lyon" },
        { id: "c", label: "Nice" },
      ],
      correct: ["b", "c"],
      blankLabel: false,
    });
  });

  it("accepts only the answer shapes questions take", () => {
    expect(saveAnswerSchema.safeParse({ attemptId: id, questionId: id, response: { option: "a" } }).success).toBe(true);
    expect(saveAnswerSchema.safeParse({ attemptId: id, questionId: id, response: { value: 4.5 } }).success).toBe(true);
    expect(saveAnswerSchema.safeParse({ attemptId: id, questionId: id, response: { option: "a", points: 10 } }).success).toBe(false);
    expect(saveAnswerSchema.safeParse({ attemptId: id, questionId: id, response: { text: "a\u0000" } }).success).toBe(false);
    expect(saveAnswerSchema.safeParse({ attemptId: "x", questionId: id, response: { option: "a" } }).error?.issues[0].message).toBe("Unknown attempt");
  });

  it("needs learners to enroll, grades with at most 2 decimals, and a resolution for a resolved obstacle", () => {
    expect(enrollSchema.safeParse({ cohortId: id, userIds: [] }).error?.issues[0].message).toBe("Choose at least one learner");
    expect(gradeAnswerSchema.safeParse({ answerId: id, points: "1.234" }).error?.issues[0].message).toBe("Use at most 2 decimals for the points");
    expect(gradeAnswerSchema.safeParse({ answerId: id, points: "-1" }).error?.issues[0].message).toBe("The points must be at least 0");
    expect(updateObstacleSchema.safeParse({ obstacleId: id, status: "resolved", resolution: "" }).error?.issues[0].message).toBe("Say how the obstacle was resolved");
  });
});
