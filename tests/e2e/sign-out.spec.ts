// Signing out ends the session, not only this browser's cookie: a copy of
// the cookie taken before stops working too. "Sign out everywhere" (account
// page) ends the session in every other browser.
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { DEMO_PASSWORD, demoUsers, uniqueAccount } from "./support/accounts";

/** A second browser holding a copy of `context`'s cookies, as someone who copied them would. */
async function browserWithCopiedCookies(browser: Browser, context: BrowserContext) {
  const copy = await browser.newContext();
  await copy.addCookies(await context.cookies());
  return copy;
}

test("after signing out, the workspace redirects to sign-in, also for a copy of the session cookie", async ({ page, browser, context }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.acmeLearner, DEMO_PASSWORD);
  const shell = new AppShell(page);
  await expect(shell.homeCard("Your learning")).toBeVisible();

  const copied = await browserWithCopiedCookies(browser, context);
  const thief = await copied.newPage();
  // Not vacuous: the copied cookie works while the session is open.
  await thief.goto("/o");
  await expect(new AppShell(thief).homeCard("Your learning")).toBeVisible();

  await shell.signOut();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  await page.goto("/o");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await thief.goto("/o");
  await expect(thief).toHaveURL(/\/sign-in$/);
  await copied.close();
});

test("sign out everywhere ends the session in every other browser", async ({ page, browser }) => {
  const account = uniqueAccount("everywhere");
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.createOrganization({ ...account, organizationName: `Everywhere ${account.id}` });
  await expect(page).toHaveURL(/\/o\/[a-z0-9-]+/);

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  const otherSignIn = new SignInPage(other);
  await otherSignIn.goto();
  await otherSignIn.signIn(account.email, account.password);
  await expect(other).toHaveURL(/\/o(\/[a-z0-9-]+)?/);

  await page.getByRole("link", { name: "Account", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await other.goto("/o");
  await expect(other).toHaveURL(/\/sign-in$/);
  await otherContext.close();
});
