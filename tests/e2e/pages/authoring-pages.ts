import { expect, type Locator, type Page } from "@playwright/test";

/** /o/<slug>/courses and a course's editor: what a trainer uses to write a course. */
export class CourseEditor {
  constructor(readonly page: Page) {}

  async gotoList(slug: string) {
    await this.page.goto(`/o/${slug}/courses`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Courses" })).toBeVisible();
  }

  async createCourse(title: string) {
    const form = this.page.getByRole("form", { name: "Create a course" });
    await form.getByLabel("Title").fill(title);
    await form.getByRole("button", { name: "Create course" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  }

  section(title: string): Locator {
    return this.page.getByRole("region", { name: `Section ${title}` });
  }

  async addSection(title: string) {
    const form = this.page.getByRole("form", { name: "Add a section" });
    await form.getByLabel("New section title").fill(title);
    await form.getByRole("button", { name: "Add section" }).click();
    await expect(this.section(title)).toBeVisible();
  }

  async addLesson(section: string, lesson: { title: string; body: string; minutes?: number }) {
    await this.section(section).getByText(`Add a lesson to ${section}`).click();
    const form = this.page.getByRole("form", { name: `Add a lesson to ${section}` });
    await form.getByLabel("Lesson title").fill(lesson.title);
    await form.getByLabel("Estimated minutes").fill(String(lesson.minutes ?? 5));
    await form.getByLabel("Body (Markdown)").fill(lesson.body);
    await form.getByRole("button", { name: "Add lesson" }).click();
    await expect(this.section(section).getByRole("link", { name: lesson.title })).toBeVisible();
  }

  async publish() {
    await this.page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(this.page.getByRole("button", { name: "Unpublish" })).toBeVisible();
  }

  async createAssessment(title: string, passMark: number) {
    await this.page.getByText("Create an assessment").click();
    const form = this.page.getByRole("form", { name: "Create an assessment" });
    await form.getByLabel("Assessment title").fill(title);
    await form.getByLabel("Pass mark (0–100)").fill(String(passMark));
    await form.getByRole("button", { name: "Create assessment" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  }

  /** On the assessment editor: adds a question through the "Add a question" form. */
  async addQuestion(question: { kind: string; prompt: string; choices?: string; value?: string }) {
    const form = this.page.getByRole("form", { name: "Add a question" });
    await form.getByLabel("Kind").selectOption({ label: question.kind });
    await form.getByLabel("Question").fill(question.prompt);
    if (question.choices !== undefined) await form.getByLabel("Options").fill(question.choices);
    if (question.value !== undefined) await form.getByLabel("Expected value").fill(question.value);
    await form.getByRole("button", { name: "Add question" }).click();
    await expect(form.getByRole("status")).toHaveText("Question added");
    await expect(this.page.getByText(question.prompt, { exact: false }).first()).toBeVisible();
  }
}

/** /o/<slug>/cohorts and a cohort's page. */
export class CohortsPage {
  constructor(readonly page: Page) {}

  async goto(slug: string) {
    await this.page.goto(`/o/${slug}/cohorts`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Cohorts" })).toBeVisible();
  }

  async createCohort(cohort: { course: string; name: string; startsOn: string; endsOn: string; learnerEmails: string[] }) {
    const form = this.page.getByRole("form", { name: "Create a cohort" });
    await form.getByLabel("Course").selectOption({ label: cohort.course });
    await form.getByLabel("Cohort name").fill(cohort.name);
    await form.getByLabel("Starts on").fill(cohort.startsOn);
    await form.getByLabel("Ends on").fill(cohort.endsOn);
    const learners = form.getByRole("group", { name: "Learners" });
    for (const email of cohort.learnerEmails) await learners.getByLabel(email).check();
    await form.getByRole("button", { name: "Create cohort" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: cohort.name })).toBeVisible();
  }

  learnerRow(email: string): Locator {
    return this.page.locator("section").filter({ has: this.page.getByRole("heading", { level: 2, name: /^Learners/ }) }).getByRole("row").filter({ hasText: email });
  }

  async enroll(email: string) {
    const form = this.page.getByRole("form", { name: "Enroll learners" });
    await form.getByLabel(email).check();
    await form.getByRole("button", { name: "Enroll" }).click();
    await expect(form.getByRole("status")).toHaveText("Enrolled 1 learner");
  }
}
