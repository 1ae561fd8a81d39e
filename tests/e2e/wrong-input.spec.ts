// Mistakes a user makes get a clear message, and change nothing.
import { expect, test } from "@playwright/test";
import { MembersPage } from "./pages/members-page";
import { SignInPage } from "./pages/sign-in-page";
import { DEMO_PASSWORD, demoUsers } from "./support/accounts";

test.describe("an admin inviting members", () => {
  let members: MembersPage;

  test.beforeEach(async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(demoUsers.acmeAdmin, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/o\/acme$/);
    members = new MembersPage(page);
    await members.goto("acme");
  });

  test("an address that is not an email is refused and nothing is invited", async ({ page }) => {
    await members.invite("not-an-email", "Learner");

    await expect(members.inviteError).toHaveText("Enter a valid email address, like name@example.com");
    await expect(members.inviteForm.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(members.invitationLink).toHaveCount(0);

    await page.reload();
    await expect(members.invitationRow("not-an-email")).toHaveCount(0);
  });

  test("someone already in the organization is not invited again", async ({ page }) => {
    await members.invite(demoUsers.acmeTrainer, "Trainer");

    await expect(members.inviteError).toContainText("already a member");
    await expect(members.invitationLink).toHaveCount(0);

    await page.reload();
    await expect(members.invitationRow(demoUsers.acmeTrainer)).toHaveCount(0);
  });
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();

  // Its own account: failed attempts count towards the per-email rate limit.
  await signIn.signIn("learner20@acme.test", "not-the-password");

  await expect(signIn.error).toHaveText("Email or password is incorrect");
  await expect(page).toHaveURL(/\/sign-in$/);
});
