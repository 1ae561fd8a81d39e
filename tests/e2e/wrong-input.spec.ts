// Mistakes a user makes get a clear message, and change nothing.
import { expect, test } from "@playwright/test";
import { MembersPage } from "./pages/members-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { DEMO_PASSWORD, demoUsers, uniqueAccount } from "./support/accounts";

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

  test("a refused invitation keeps what the admin typed; a sent one clears the form for the next", async () => {
    await members.invite("not-an-email", "Trainer");

    await expect(members.inviteError).toHaveText("Enter a valid email address, like name@example.com");
    await expect(members.inviteForm.getByLabel("Email")).toHaveValue("not-an-email");
    await expect(members.inviteForm.getByLabel("Role")).toHaveValue("trainer");

    // Corrected in place and sent again.
    const invitee = uniqueAccount("invitee");
    await members.inviteForm.getByLabel("Email").fill(invitee.email);
    await members.inviteForm.getByRole("button", { name: "Send invitation" }).click();
    await expect(members.inviteConfirmation).toContainText(`Invited ${invitee.email} as Trainer`);
    await expect(members.invitationLink).toHaveValue(/\/invite\/[\w-]+$/);
    await expect(members.inviteForm.getByLabel("Email")).toHaveValue("");
    await expect(members.inviteForm.getByLabel("Role")).toHaveValue("learner");
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
  // The email stays, to correct the password only.
  await expect(signIn.email).toHaveValue("learner20@acme.test");
});

test("a too-short password at sign-up keeps the name, email and organization typed", async ({ page }) => {
  const account = uniqueAccount("short");
  const signUp = new SignUpPage(page);
  await signUp.goto();

  await signUp.createOrganization({ ...account, password: "short", organizationName: `Short Academy ${account.id}` });

  await expect(page.locator("form").getByRole("alert")).toHaveText("Use at least 8 characters");
  await expect(signUp.password).toHaveAttribute("aria-invalid", "true");
  await expect(signUp.fullName).toHaveValue(account.fullName);
  await expect(signUp.email).toHaveValue(account.email);
  await expect(signUp.organizationName).toHaveValue(`Short Academy ${account.id}`);
  await expect(page).toHaveURL(/\/sign-up$/);
});
