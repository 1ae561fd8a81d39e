import type { Locator, Page } from "@playwright/test";

/** The signed-in frame around every organization page: main navigation and the account corner. */
export class AppShell {
  readonly navigation: Locator;

  constructor(readonly page: Page) {
    this.navigation = page.getByRole("navigation", { name: "Main" });
  }

  navLink(name: string): Locator {
    return this.navigation.getByRole("link", { name, exact: true });
  }

  /** The role's home card: "Organization overview", "Your cohorts" or "Your learning". */
  homeCard(title: string): Locator {
    return this.page.getByRole("heading", { level: 2, name: title });
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
  }
}
