import { expect, type Locator, type Page } from "@playwright/test";

/** /o/<slug>/admin/billing: the current plan, seat usage, plans and orders. */
export class BillingPage {
  readonly notConfigured: Locator;
  readonly currentPlan: Locator;
  readonly seatUsage: Locator;
  readonly plans: Locator;
  readonly orders: Locator;

  constructor(readonly page: Page) {
    this.notConfigured = page.getByRole("note", { name: "Billing is not configured" });
    this.currentPlan = page.getByTestId("current-plan");
    this.seatUsage = page.getByTestId("seat-usage");
    this.plans = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Plans", exact: true }) });
    this.orders = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Orders and invoices" }) });
  }

  async goto(slug: string) {
    await this.page.goto(`/o/${slug}/admin/billing`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  }

  plan(id: string): Locator {
    return this.page.getByTestId(`plan-${id}`);
  }
}
