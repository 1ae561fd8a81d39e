// Forms post without JavaScript (progressive enhancement): the members form
// (like the API-key, billing and attempt forms) binds its server action in a
// client component, which used to leave such a post hanging for minutes under
// `next dev` (a new bound action on every render; see bindAction in
// components/use-action-form.ts). It answers at once with its message.
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, demoUsers, uniqueAccount } from "./support/accounts";

test.use({ javaScriptEnabled: false });

test("an org admin invites a member with JavaScript off, and is told at once", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demoUsers.acmeAdmin);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/o\/acme$/);

  const invitee = uniqueAccount("nojs");
  await page.goto("/o/acme/admin/members");
  const invite = page.locator("form").filter({ has: page.getByRole("button", { name: "Send invitation" }) });
  await invite.getByLabel("Email").fill(invitee.email);
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invited ${invitee.email} as Learner` })).toBeVisible();
  await expect(page.getByLabel("Invitation link")).toHaveValue(/\/invite\/[\w-]+$/);

  // A refused post answers too, keeping what was typed.
  await invite.getByLabel("Email").fill("not-an-email");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("alert")).toBeVisible();
});
