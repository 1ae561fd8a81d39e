import { expect, type Locator, type Page } from "@playwright/test";

/** /o/<org>/learn: the learner's dashboard. Charts are found by the question their card asks. */
export class LearnerDashboardPage {
  readonly leaderboard: Locator;
  readonly leaderboardRows: Locator;

  constructor(readonly page: Page) {
    this.leaderboard = page.locator("section#leaderboard");
    this.leaderboardRows = this.leaderboard.getByTestId("leaderboard").getByRole("listitem");
  }

  async goto(slug = "acme") {
    await this.page.goto(`/o/${slug}/learn`);
    await expect(this.page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
  }

  /** The card titled `question` (its h2): a chart's question or a card's title. */
  chart(question: string): Locator {
    return this.page.getByRole("heading", { level: 2, name: question, exact: true }).locator("xpath=ancestor::section[1]");
  }

  /** Bars, lines or areas recharts drew inside the chart card. */
  marks(card: Locator): Locator {
    return card.locator(".recharts-bar-rectangle path, .recharts-bar-rectangle rect, path.recharts-curve, path.recharts-rectangle");
  }

  /** Rows of the chart's "Show data" table (opened first). */
  async dataRows(card: Locator): Promise<Locator> {
    await card.getByText("Show data", { exact: true }).click();
    return card.getByRole("region", { name: /— data$/ }).locator("tbody tr");
  }

  async period(label: "This week" | "This month") {
    const button = this.leaderboard.getByRole("button", { name: label });
    await button.click();
    await expect(button).toHaveAttribute("aria-pressed", "true");
    // The board of that period has arrived (not the previous one kept while loading).
    await expect(this.leaderboard.locator("[data-period]")).toHaveAttribute("data-period", label === "This week" ? "week" : "month");
  }

  /** Names shown on the leaderboard, "You (…)" for the signed-in learner. */
  async names(): Promise<string[]> {
    return (await this.leaderboardRows.locator("span.truncate").allTextContents()).map((t) => t.trim());
  }
}
