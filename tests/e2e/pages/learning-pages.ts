import { expect, type Locator, type Page } from "@playwright/test";

/** What a learner uses: their courses, a lesson, an assessment attempt and its result. */
export class LearnerPages {
  constructor(readonly page: Page) {}

  enrolledCourse(title: string): Locator {
    return this.page.getByRole("listitem", { name: title });
  }

  async gotoMyLearning(slug: string) {
    await this.page.goto(`/o/${slug}/learn`);
    await expect(this.page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
  }

  async completeLesson() {
    await this.page.getByRole("button", { name: "Mark as complete" }).click();
    await expect(this.page.getByText("Completed", { exact: true })).toBeVisible();
  }

  get saveStatus(): Locator {
    return this.page.getByRole("status").filter({ hasText: /saved|Saving/ });
  }

  async submitAttempt() {
    this.page.once("dialog", (dialog) => void dialog.accept());
    await this.page.getByRole("button", { name: "Submit answers" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Your result" })).toBeVisible();
  }
}
