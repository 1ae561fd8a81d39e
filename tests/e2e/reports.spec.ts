// Reports and privacy settings as members use them: an admin requests a CSV
// report, sees it generated without reloading, and downloads it; the file
// holds the organization's numbers. A learner has no reports page, and an
// admin of another organization gets 404 for the file. A learner changes
// their leaderboard visibility. Screenshots of both pages at 1280 and 390 px.
import { readFile } from "node:fs/promises";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { ReportsPage } from "./pages/reports-page";
import { DEMO_PASSWORD, demoUsers } from "./support/accounts";
import { attachScreenshot } from "./support/page-checks";

async function signIn(page: Page, email: string) {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signIn(email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/\w+$/);
}

async function screenshots(page: Page, testInfo: TestInfo, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await attachScreenshot(page, testInfo, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an admin requests a CSV report, waits for it and downloads it", async ({ page, browser }, testInfo) => {
  await signIn(page, demoUsers.acmeAdmin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports", exact: true }).click();
  const reports = new ReportsPage(page, "acme");
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();

  await reports.request({ report: "Organization: members, cohorts, completion, skills", format: "CSV (spreadsheet data)" });
  const row = reports.newest();
  await expect(row).toContainText("Organization report");
  // Generated off the request path; the list refreshes itself.
  await expect(row.getByText("completed", { exact: true })).toBeVisible({ timeout: 20_000 });

  const downloadPromise = page.waitForEvent("download");
  await row.getByRole("link", { name: /Download/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^organization-report-.*\.csv$/);
  const content = (await readFile((await download.path())!)).toString("utf8");
  expect(content).toContain("Organization report: ");
  const members = /\r\nMembers,(\d+)\r\n/.exec(content);
  expect(Number(members?.[1])).toBeGreaterThan(10);
  expect(content).toContain("Skill demand");

  await screenshots(page, testInfo, "reports");

  // Another organization's admin: the same file is not found.
  const href = await row.getByRole("link", { name: /Download/ }).getAttribute("href");
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, demoUsers.globexAdmin);
  const response = await otherPage.request.get(href!);
  expect(response.status()).toBe(404);
  const ownSlug = await otherPage.request.get(href!.replace("/o/acme/", "/o/globex/"));
  expect(ownSlug.status()).toBe(404);
  await other.close();
});

test("a learner has no reports page and chooses to be anonymous on leaderboards", async ({ page }, testInfo) => {
  // Not learner01, whom other specs follow on leaderboards.
  await signIn(page, "learner12@acme.test");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Reports", exact: true })).toHaveCount(0);
  const response = await page.goto("/o/acme/reports");
  expect(response?.status()).toBe(404);

  await page.goto("/o/acme");
  await nav.getByRole("link", { name: "Privacy & settings", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Privacy & settings" })).toBeVisible();
  const form = page.getByRole("form", { name: "Privacy and notifications" });
  await form.getByRole("radio", { name: /Anonymous/ }).check();
  await form.getByRole("button", { name: "Save choices" }).click();
  await expect(form.getByRole("status")).toContainText("Saved");
  await page.reload();
  await expect(page.getByRole("form", { name: "Privacy and notifications" }).getByRole("radio", { name: /Anonymous/ })).toBeChecked();

  await screenshots(page, testInfo, "settings-learner");
});
