import { expect, type Locator, type Page } from "@playwright/test";

export interface NewAccount {
  fullName: string;
  email: string;
  password: string;
}

/** The sign-up form: on /sign-up it creates an organization, on an invitation link it joins one. */
export class SignUpPage {
  readonly fullName: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly organizationName: Locator;

  constructor(readonly page: Page) {
    this.fullName = page.getByLabel("Name", { exact: true });
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.organizationName = page.getByLabel("Organization name");
  }

  async goto() {
    await this.page.goto("/sign-up");
    await expect(this.page.getByRole("heading", { name: "Create your organization" })).toBeVisible();
  }

  async createOrganization(account: NewAccount & { organizationName: string }) {
    await this.fullName.fill(account.fullName);
    await this.email.fill(account.email);
    await this.password.fill(account.password);
    await this.organizationName.fill(account.organizationName);
    await this.page.getByRole("button", { name: "Create account", exact: true }).click();
  }

  /** On an invitation link: the email is the invited one and cannot be changed. */
  async joinAs(account: Omit<NewAccount, "email">) {
    await this.fullName.fill(account.fullName);
    await this.password.fill(account.password);
    await this.page.getByRole("button", { name: "Create account and join" }).click();
  }
}
