// One organization cannot see another: its pages look like they do not exist.
import { expect, test } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
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

test("a missing page inside an organization says 'Page not found' within the organization's navigation", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.acmeTrainer, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/acme$/);

  const response = await page.goto("/o/acme/cohorts/00000000-0000-4000-8000-000000000000");

  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(new AppShell(page).navLink("Cohorts")).toBeVisible();
});

test("addresses that cannot be an organization or an invitation are not found, not a server error", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.globexAdmin, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/globex$/);

  const orgResponse = await page.goto("/o/%00");
  expect(orgResponse?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  await page.goto("/invite/%00");
  await expect(page.getByRole("heading", { name: "Invitation not found" })).toBeVisible();
});
