// Authoring: skills, courses with sections and lessons, publishing,
// assessments with questions and their hidden keys, activities and tasks —
// driven through db/queries as trainers and admins do it, under RLS. Wrong
// input and other tenants' ids are refused with a message and change nothing.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createOrg } from "../support/db";
import { as, createLearningWorld, failure, question, service } from "../support/learning-world";
import { courses, lessonSkills, lessons, questionKeys, questions } from "@/db/schema";
import {
  addSection,
  createCourse,
  createLesson,
  createSkill,
  deleteSection,
  getCourseOutline,
  listCourses,
  listSkills,
  renameSection,
  setCoursePublished,
  updateCourse,
  updateLesson,
} from "@/db/queries/courses";
import { createAssessment, deleteQuestion, getAssessmentForAuthoring, listQuestions, saveQuestion, updateAssessment } from "@/db/queries/assessments";
import { completeTask, createActivity, createTask, listActivities } from "@/db/queries/tasks";
import { questionSchema } from "@/lib/validation/learning";

describe("skills", () => {
  it("a trainer creates skills; names are unique per organization whatever the case", async () => {
    const org = await createOrg({ trainer: "trainer", learner: "learner" });
    const trainer = org.members.trainer;
    await as(trainer, (tx) => createSkill(tx, { organizationId: org.id, name: "Negotiation", description: "Win-win" }));
    const duplicate = await failure(as(trainer, (tx) => createSkill(tx, { organizationId: org.id, name: "negotiation", description: "" })));
    expect(duplicate).toMatchObject({ status: 409, message: 'A skill named "negotiation" already exists' });
    expect((await as(org.members.learner, (tx) => listSkills(tx, org.id))).map((s) => s.name)).toEqual(["Negotiation"]);
  });

  it("a learner cannot create a skill", async () => {
    const org = await createOrg({ learner: "learner" });
    const error = await failure(as(org.members.learner, (tx) => createSkill(tx, { organizationId: org.id, name: "X", description: "" })));
    expect(error.status).toBe(403);
  });
});

describe("courses, sections and lessons", () => {
  it("a trainer builds a course; learners see it only once published, lessons in order with their skills", async () => {
    const org = await createOrg({ trainer: "trainer", learner: "learner" });
    const { trainer, learner } = org.members;
    const organizationId = org.id;
    const skill = await as(trainer, (tx) => createSkill(tx, { organizationId, name: "Listening", description: "" }));
    const course = await as(trainer, (tx) => createCourse(tx, { organizationId, createdBy: trainer.sub, title: "Coaching", description: "Basics", skillIds: [skill.id] }));
    const intro = await as(trainer, (tx) => addSection(tx, { organizationId, courseId: course.id, title: "Intro" }));
    const practice = await as(trainer, (tx) => addSection(tx, { organizationId, courseId: course.id, title: "Practice" }));
    const second = await as(trainer, (tx) => createLesson(tx, { organizationId, sectionId: practice.id, title: "Role play", bodyMd: "Do it", estimatedMinutes: 20, skillIds: [] }));
    const first = await as(trainer, (tx) => createLesson(tx, { organizationId, sectionId: intro.id, title: "Why", bodyMd: "# Why", estimatedMinutes: 5, skillIds: [skill.id] }));

    expect(await as(learner, (tx) => listCourses(tx, organizationId))).toEqual([]);
    expect((await failure(as(learner, (tx) => getCourseOutline(tx, organizationId, course.id)))).status).toBe(404);

    await as(trainer, (tx) => setCoursePublished(tx, { organizationId, courseId: course.id, publish: true }));
    const outline = await as(learner, (tx) => getCourseOutline(tx, organizationId, course.id));
    expect(outline.course.status).toBe("published");
    expect(outline.skills).toEqual([{ id: skill.id, name: "Listening" }]);
    expect(outline.sections.map((s) => [s.title, s.lessons.map((l) => [l.title, l.skillIds])])).toEqual([
      ["Intro", [["Why", [skill.id]]]],
      ["Practice", [["Role play", []]]],
    ]);
    expect(await as(learner, (tx) => listCourses(tx, organizationId))).toEqual([
      expect.objectContaining({ id: course.id, title: "Coaching", status: "published", lessons: 2 }),
    ]);
    expect(second.courseId).toBe(course.id);
    expect(first.courseId).toBe(course.id);
  });

  it("edits a course, a section and a lesson; unpublishing hides the course again", async () => {
    const world = await createLearningWorld();
    const { org, trainer, learner, courseId, sectionId, lessonIds, skillIds } = world;
    const organizationId = org.id;
    await as(trainer, (tx) => updateCourse(tx, { organizationId, courseId, title: "Numbers 2", description: "New", skillIds: [skillIds.reading, skillIds.maths] }));
    await as(trainer, (tx) => renameSection(tx, { organizationId, sectionId, title: "Foundations" }));
    await as(trainer, (tx) =>
      updateLesson(tx, { organizationId, lessonId: lessonIds[1], sectionId, title: "Adding up", bodyMd: "**2**", estimatedMinutes: 9, skillIds: [skillIds.reading] }),
    );
    const outline = await as(learner, (tx) => getCourseOutline(tx, organizationId, courseId));
    expect(outline.course.title).toBe("Numbers 2");
    expect(outline.skills.map((s) => s.name)).toEqual(["Maths", "Reading"]);
    expect(outline.sections[0].title).toBe("Foundations");
    expect(outline.sections[0].lessons[1]).toMatchObject({ title: "Adding up", estimatedMinutes: 9, skillIds: [skillIds.reading] });

    await as(trainer, (tx) => setCoursePublished(tx, { organizationId, courseId, publish: false }));
    expect((await failure(as(learner, (tx) => getCourseOutline(tx, organizationId, courseId)))).status).toBe(404);
  });

  it("refuses publishing an empty course and deleting a section that has lessons", async () => {
    const world = await createLearningWorld();
    const { org, trainer, sectionId } = world;
    const empty = await as(trainer, (tx) => createCourse(tx, { organizationId: org.id, createdBy: trainer.sub, title: "Empty", description: "", skillIds: [] }));
    expect(await failure(as(trainer, (tx) => setCoursePublished(tx, { organizationId: org.id, courseId: empty.id, publish: true })))).toMatchObject({
      status: 400,
      message: "Add at least one lesson before publishing the course",
    });
    expect(await failure(as(trainer, (tx) => deleteSection(tx, { organizationId: org.id, sectionId })))).toMatchObject({
      status: 400,
      message: "Delete or move the section's lessons first",
    });
    const spare = await as(trainer, (tx) => addSection(tx, { organizationId: org.id, courseId: empty.id, title: "Spare" }));
    await as(trainer, (tx) => deleteSection(tx, { organizationId: org.id, sectionId: spare.id }));
  });

  it("a learner cannot write content", async () => {
    const world = await createLearningWorld();
    const { org, learner, courseId, sectionId } = world;
    expect((await failure(as(learner, (tx) => createCourse(tx, { organizationId: org.id, createdBy: learner.sub, title: "Mine", description: "", skillIds: [] })))).status).toBe(403);
    expect((await failure(as(learner, (tx) => addSection(tx, { organizationId: org.id, courseId, title: "Mine" })))).status).toBe(403);
    expect(
      (await failure(as(learner, (tx) => createLesson(tx, { organizationId: org.id, sectionId, title: "Mine", bodyMd: "", estimatedMinutes: 1, skillIds: [] })))).status,
    ).toBe(403);
    expect((await failure(as(learner, (tx) => updateCourse(tx, { organizationId: org.id, courseId, title: "Mine", description: "", skillIds: [] })))).status).toBe(404);
  });

  it("refuses another organization's course, section and skill ids, and writes nothing", async () => {
    const world = await createLearningWorld();
    const other = await createOrg({ trainer: "trainer" });
    const intruder = other.members.trainer;
    const foreignSkill = await as(intruder, (tx) => createSkill(tx, { organizationId: other.id, name: "Foreign", description: "" }));

    // Ids of org A used in org B's context, and org B's skill in org A's course.
    expect(await failure(as(intruder, (tx) => addSection(tx, { organizationId: other.id, courseId: world.courseId, title: "x" })))).toMatchObject({ status: 404, message: "That course was not found" });
    expect(await failure(as(intruder, (tx) => addSection(tx, { organizationId: world.org.id, courseId: world.courseId, title: "x" })))).toMatchObject({ status: 404 });
    expect(
      await failure(as(intruder, (tx) => createLesson(tx, { organizationId: other.id, sectionId: world.sectionId, title: "x", bodyMd: "", estimatedMinutes: 1, skillIds: [] }))),
    ).toMatchObject({ status: 404, message: "That section was not found" });
    expect(
      await failure(as(world.trainer, (tx) => updateCourse(tx, { organizationId: world.org.id, courseId: world.courseId, title: "Changed", description: "", skillIds: [foreignSkill.id] }))),
    ).toMatchObject({ status: 400, message: "One of the chosen skills is not a skill of this organization" });
    expect(
      await failure(as(world.trainer, (tx) => createCourse(tx, { organizationId: world.org.id, createdBy: world.trainer.sub, title: "Sneaky", description: "", skillIds: [foreignSkill.id] }))),
    ).toMatchObject({ status: 400 });

    const [course] = await service((tx) => tx.select().from(courses).where(eq(courses.id, world.courseId)));
    expect(course.title).toBe("Numbers");
    const sneaky = await service((tx) => tx.select().from(courses).where(eq(courses.title, "Sneaky")));
    expect(sneaky).toEqual([]);
    const skillsOfLesson = await service((tx) => tx.select().from(lessonSkills).where(eq(lessonSkills.skillId, foreignSkill.id)));
    expect(skillsOfLesson).toEqual([]);
  });

  it("refuses moving a lesson into a section of another course", async () => {
    const world = await createLearningWorld();
    const { org, trainer } = world;
    const otherCourse = await as(trainer, (tx) => createCourse(tx, { organizationId: org.id, createdBy: trainer.sub, title: "Other", description: "", skillIds: [] }));
    const otherSection = await as(trainer, (tx) => addSection(tx, { organizationId: org.id, courseId: otherCourse.id, title: "S" }));
    expect(
      await failure(
        as(trainer, (tx) =>
          updateLesson(tx, { organizationId: org.id, lessonId: world.lessonIds[0], sectionId: otherSection.id, title: "Moved", bodyMd: "", estimatedMinutes: 1, skillIds: [] }),
        ),
      ),
    ).toMatchObject({ status: 400, message: "Choose a section of the same course" });
    const [lesson] = await service((tx) => tx.select().from(lessons).where(eq(lessons.id, world.lessonIds[0])));
    expect(lesson.title).toBe("Counting");
  });
});

describe("assessments and questions", () => {
  it("authors see every question with its key; learners see the questions but never the keys", async () => {
    const world = await createLearningWorld();
    const { org, trainer, learner, assessmentId, questionIds } = world;
    const authoring = await as(trainer, (tx) => getAssessmentForAuthoring(tx, org.id, assessmentId));
    expect(authoring.questions.map((q) => [q.kind, q.points, q.key])).toEqual([
      ["single_choice", 2, { option: "b" }],
      ["multiple_choice", 3, { options: ["a", "c"] }],
      ["numeric", 1, { value: 3.14, tolerance: 0.01 }],
      ["free_text", 4, { rubric: "Any reason" }],
    ]);
    expect(authoring.questions[0].options).toEqual([
      { id: "a", label: "3" },
      { id: "b", label: "4" },
      { id: "c", label: "5" },
    ]);

    const seen = await as(learner, (tx) => listQuestions(tx, assessmentId));
    expect(seen.map((q) => q.id)).toEqual(Object.values(questionIds));
    expect(seen[0]).not.toHaveProperty("key");
    const keys = await as(learner, (tx) => tx.select().from(questionKeys));
    expect(keys).toEqual([]);
  });

  it("edits settings and a question, deletes a question", async () => {
    const world = await createLearningWorld();
    const { org, trainer, assessmentId, questionIds, lessonIds } = world;
    await as(trainer, (tx) =>
      updateAssessment(tx, {
        organizationId: org.id,
        assessmentId,
        lessonId: lessonIds[1],
        title: "Final quiz",
        description: "",
        passMark: 75,
        timeLimitMinutes: 15,
        maxAttempts: 2,
        showAnswersAfterSubmit: false,
      }),
    );
    await as(trainer, (tx) =>
      saveQuestion(tx, { organizationId: org.id, ...question(assessmentId, { questionId: questionIds.single, kind: "single_choice", prompt: "3 + 3?", choices: "* 6\n7", points: "5" }) }),
    );
    await as(trainer, (tx) => deleteQuestion(tx, { organizationId: org.id, questionId: questionIds.text }));
    const after = await as(trainer, (tx) => getAssessmentForAuthoring(tx, org.id, assessmentId));
    expect(after.assessment).toMatchObject({ title: "Final quiz", passMark: 75, timeLimitMinutes: 15, maxAttempts: 2, showAnswersAfterSubmit: false, lessonId: lessonIds[1] });
    expect(after.questions.map((q) => [q.prompt, q.points, q.key])).toEqual([
      ["3 + 3?", 5, { option: "a" }],
      ["Even numbers?", 3, { options: ["a", "c"] }],
      ["Pi to 2 decimals", 1, { value: 3.14, tolerance: 0.01 }],
    ]);
  });

  it("refuses a lesson of another course, a foreign skill, and a learner author", async () => {
    const world = await createLearningWorld();
    const other = await createOrg({ trainer: "trainer" });
    const foreignSkill = await as(other.members.trainer, (tx) => createSkill(tx, { organizationId: other.id, name: "F", description: "" }));
    const { org, trainer, learner, assessmentId } = world;
    const otherCourse = await as(trainer, (tx) => createCourse(tx, { organizationId: org.id, createdBy: trainer.sub, title: "Other", description: "", skillIds: [] }));
    const base = { organizationId: org.id, createdBy: trainer.sub, title: "Q", description: "", passMark: 50, showAnswersAfterSubmit: true };
    expect(await failure(as(trainer, (tx) => createAssessment(tx, { ...base, courseId: otherCourse.id, lessonId: world.lessonIds[0] })))).toMatchObject({
      status: 400,
      message: "Choose a lesson of this course",
    });
    expect(
      await failure(as(trainer, (tx) => saveQuestion(tx, { organizationId: org.id, ...question(assessmentId, { kind: "numeric", prompt: "x", value: "1", skillId: foreignSkill.id }) }))),
    ).toMatchObject({ status: 400, message: "That skill is not a skill of this organization" });
    expect(
      (await failure(as(learner, (tx) => saveQuestion(tx, { organizationId: org.id, ...question(assessmentId, { kind: "numeric", prompt: "x", value: "1" }) })))).status,
    ).toBe(403);
    expect(
      (await failure(as(other.members.trainer, (tx) => saveQuestion(tx, { organizationId: other.id, ...question(assessmentId, { kind: "numeric", prompt: "x", value: "1" }) })))).status,
    ).toBe(404);
    const count = await service((tx) => tx.select().from(questions).where(eq(questions.assessmentId, assessmentId)));
    expect(count).toHaveLength(4);
  });

  it("validates each kind of question with a message for the form", () => {
    const errors = (fields: Record<string, string>) => {
      const result = questionSchema.safeParse({ assessmentId: crypto.randomUUID(), prompt: "Q", points: "1", ...fields });
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    };
    expect(errors({ kind: "single_choice", choices: "* a\n* b" })).toEqual(["choices: Mark exactly one option as correct with a leading *"]);
    expect(errors({ kind: "single_choice", choices: "* only" })).toEqual(["choices: Give at least 2 options, one per line"]);
    expect(errors({ kind: "multiple_choice", choices: "a\nb" })).toEqual(["choices: Mark at least one option as correct with a leading *"]);
    expect(errors({ kind: "numeric" })).toEqual(["value: Enter the expected value"]);
    expect(errors({ kind: "numeric", value: "1", tolerance: "-1" })).toEqual(["tolerance: The tolerance cannot be negative"]);
    expect(errors({ kind: "free_text" })).toEqual(["rubric: Describe what a good answer contains (the rubric)"]);
    expect(errors({ kind: "free_text", rubric: "r", points: "0" })).toEqual(["points: The points must be more than 0"]);
    expect(errors({ kind: "essay" })).toEqual(["kind: Choose the kind of question"]);
  });
});

describe("activities and tasks", () => {
  it("a trainer adds an activity with tasks to a course; an enrolled learner completes a task once", async () => {
    const world = await createLearningWorld();
    const { org, trainer, learner, otherLearner, courseId } = world;
    const activity = await as(trainer, (tx) => createActivity(tx, { organizationId: org.id, courseId, title: "Daily drill", description: "", createdBy: trainer.sub }));
    const task = await as(trainer, (tx) => createTask(tx, { organizationId: org.id, activityId: activity.id, title: "Count to ten", estimatedMinutes: 2, points: 5 }));

    expect(await as(learner, (tx) => completeTask(tx, { organizationId: org.id, taskId: task.id, userId: learner.sub }))).toEqual({ completed: true });
    expect(await as(learner, (tx) => completeTask(tx, { organizationId: org.id, taskId: task.id, userId: learner.sub }))).toEqual({ completed: false });
    const listed = await as(learner, (tx) => listActivities(tx, { organizationId: org.id, courseIds: [courseId], userId: learner.sub }));
    expect(listed).toEqual([expect.objectContaining({ title: "Daily drill", tasks: [expect.objectContaining({ title: "Count to ten", points: 5, completedAt: expect.any(Date) })] })]);

    expect(await failure(as(otherLearner, (tx) => completeTask(tx, { organizationId: org.id, taskId: task.id, userId: otherLearner.sub })))).toMatchObject({
      status: 403,
      message: "Enroll in this course to complete its tasks",
    });
    expect((await failure(as(learner, (tx) => createTask(tx, { organizationId: org.id, activityId: activity.id, title: "Mine", estimatedMinutes: 1, points: 0 })))).status).toBe(403);
  });

  it("refuses another organization's activity and task", async () => {
    const world = await createLearningWorld();
    const other = await createOrg({ trainer: "trainer", learner: "learner" });
    const activity = await as(world.trainer, (tx) => createActivity(tx, { organizationId: world.org.id, courseId: world.courseId, title: "A", description: "", createdBy: world.trainer.sub }));
    const task = await as(world.trainer, (tx) => createTask(tx, { organizationId: world.org.id, activityId: activity.id, title: "T", estimatedMinutes: 1, points: 1 }));
    expect((await failure(as(other.members.trainer, (tx) => createTask(tx, { organizationId: other.id, activityId: activity.id, title: "x", estimatedMinutes: 1, points: 1 })))).status).toBe(404);
    expect((await failure(as(other.members.learner, (tx) => completeTask(tx, { organizationId: other.id, taskId: task.id, userId: other.members.learner.sub })))).status).toBe(404);
    expect((await failure(as(other.members.trainer, (tx) => createActivity(tx, { organizationId: other.id, courseId: world.courseId, title: "x", description: "", createdBy: other.members.trainer.sub })))).status).toBe(404);
  });
});
