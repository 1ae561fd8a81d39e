// One organization cannot see another: its pages look like they do not exist.
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { DEMO_PASSWORD, demoUsers } from "./support/accounts";

test("the Globex admin opening Acme's address gets 'Page not found'", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.globexAdmin, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/globex$/);

  const response = await page.goto("/o/acme");

  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Acme Learning")).toHaveCount(0);

  const membersResponse = await page.goto("/o/acme/admin/members");
  expect(membersResponse?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
