import { expect, type Locator, type Page } from "@playwright/test";

/** /o/<org>/reports: the request form and the list of reports with their status. */
export class ReportsPage {
  readonly form: Locator;
  readonly list: Locator;

  constructor(readonly page: Page, readonly slug: string) {
    this.form = page.getByRole("form", { name: "Request a report" });
    this.list = page.getByRole("list", { name: "Reports" });
  }

  async goto() {
    await this.page.goto(`/o/${this.slug}/reports`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  }

  async request(options: { report: string; format: string; cohort?: string }) {
    await this.form.getByLabel("Report").selectOption({ label: options.report });
    if (options.cohort) await this.form.getByLabel("Cohort").selectOption({ label: options.cohort });
    await this.form.getByLabel("Format").selectOption({ label: options.format });
    await this.form.getByRole("button", { name: "Request report" }).click();
    await expect(this.form.getByRole("status")).toContainText("Report requested");
  }

  /** The newest report's row. */
  newest(): Locator {
    return this.list.getByRole("listitem").first();
  }
}
