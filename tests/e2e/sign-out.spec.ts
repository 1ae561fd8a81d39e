// Signing out ends the session: the workspace asks to sign in again.
import { expect, test } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { SignInPage } from "./pages/sign-in-page";
import { DEMO_PASSWORD, demoUsers } from "./support/accounts";

test("after signing out, the workspace redirects to sign-in", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.acmeLearner, DEMO_PASSWORD);
  const shell = new AppShell(page);
  await expect(shell.homeCard("Your learning")).toBeVisible();

  await shell.signOut();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  await page.goto("/o");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
