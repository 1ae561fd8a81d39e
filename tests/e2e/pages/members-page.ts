import { expect, type Locator, type Page } from "@playwright/test";

export type RoleLabel = "Learner" | "Trainer" | "Org admin";

/** /o/<slug>/admin/members: invite people, see invitations and members. */
export class MembersPage {
  readonly inviteForm: Locator;
  readonly invitationLink: Locator;
  readonly inviteError: Locator;
  readonly inviteConfirmation: Locator;
  readonly invitations: Locator;
  readonly members: Locator;

  constructor(readonly page: Page) {
    this.inviteForm = page.locator("form").filter({ has: page.getByRole("button", { name: /Send invitation|Inviting/ }) });
    this.invitationLink = this.inviteForm.getByLabel("Invitation link");
    this.inviteError = this.inviteForm.getByRole("alert");
    this.inviteConfirmation = this.inviteForm.getByRole("status");
    this.invitations = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: /^Invitations \(\d+\)$/ }) });
    this.members = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Members", exact: true }) });
  }

  async goto(slug: string) {
    await this.page.goto(`/o/${slug}/admin/members`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  }

  async invite(email: string, role: RoleLabel) {
    await this.inviteForm.getByLabel("Email").fill(email);
    await this.inviteForm.getByLabel("Role").selectOption({ label: role });
    await this.inviteForm.getByRole("button", { name: "Send invitation" }).click();
  }

  invitationRow(email: string): Locator {
    return this.invitations.getByRole("row").filter({ hasText: email });
  }

  memberRow(email: string): Locator {
    return this.members.getByRole("row").filter({ hasText: email });
  }
}
