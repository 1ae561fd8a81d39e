// The org admin overview (/o/<org>/admin) in Chromium on the demo data: the
// admin opens it from the navigation and sees drawn charts and KPI numbers,
// opens a KPI's definition, changes the date range (the URL keeps it: a
// reload shows the same view), filters by a cohort, gets a clear message for
// a bad range; axe finds nothing serious or critical at 1280 and 390 px, with
// a screenshot at each width attached. A new organization (sign-up) sees how
// to get data in instead of empty charts.
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { DEMO_PASSWORD, demoUsers, uniqueAccount } from "./support/accounts";
import { attachScreenshot as screenshot, seriousViolations } from "./support/page-checks";
import { routeScriptBytes } from "./support/route-js";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const utcDay = (offset = 0) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)).toISOString().slice(0, 10);
};



test("the org admin reads the overview, opens a definition, and keeps a date range in the URL", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.acmeAdmin, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/acme$/);

  await new AppShell(page).navLink("Overview").click();
  await expect(page).toHaveURL(/\/o\/acme\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Organization overview" })).toBeVisible();

  // Active users: the 30-day figure is a positive count; the charts are drawn (not their empty states).
  const monthly = page.locator("dt", { hasText: "Last 30 days" }).locator("xpath=following-sibling::dd[1]");
  await expect(monthly).toHaveText(/^[1-9]\d*$/);
  for (const question of ["Who is learning each day?", "Are learners spending time on learning?", "Are scores and mastery rising?", "Is learning speeding up?", "How do cohorts compare?"]) {
    const card = page.locator("section", { has: page.getByRole("heading", { level: 2, name: question }) });
    await expect(card.locator(".recharts-surface").first(), question).toBeVisible();
    await expect(card.locator(".recharts-line-curve, .recharts-area-area, .recharts-bar-rectangle").first(), question).toBeAttached();
  }

  // The KPI tree shows numbers, and a definition is one click away.
  for (const kpi of ["turnoverRisk", "burnoutRisk", "productivityIndex", "highPotentialCount"]) {
    await expect(page.getByTestId(`kpi-${kpi}`)).toHaveText(/^\d[\d,.]*$/);
  }
  const formula = page.getByText("turnover_risk (0–100) = 100 · mean drop-off risk of the learners with a prediction.");
  await expect(formula).toBeHidden();
  await page.getByText("Definition of Turnover risk").click();
  await expect(formula).toBeVisible();
  await expect(page.getByText(/the product holds no HR data/)).toBeVisible();

  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, "admin-overview-1280");

  // A custom range through the form: the URL carries it, a reload shows the same view.
  const from = utcDay(-59);
  const to = utcDay(-1);
  await page.getByLabel("From").fill(from);
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/acme/admin\\?from=${from}&to=${to}&cohort=$`));
  await expect(page.getByText(`Showing ${from} – ${to} · all learners`)).toBeVisible();
  await expect(page.locator("dt", { hasText: `On ${to}` })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("From")).toHaveValue(from);
  await expect(page.getByLabel("To", { exact: true })).toHaveValue(to);
  await expect(page.getByText(`Showing ${from} – ${to} · all learners`)).toBeVisible();

  // A cohort from the comparison table filters the whole overview, keeping the range.
  const cohortLink = page.getByRole("region", { name: "Cohort comparison" }).getByRole("link").first();
  const cohortName = (await cohortLink.textContent())!.trim();
  await cohortLink.click();
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}&cohort=[0-9a-f-]{36}$`));
  await expect(page.getByText(`Showing ${from} – ${to} · ${cohortName}`)).toBeVisible();
  await expect(page.locator("select[name=cohort]")).toHaveValue(/[0-9a-f-]{36}/);

  // A quick range keeps the cohort and updates the form's fields (client-side navigation).
  await page.getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${utcDay(-6)}&to=${utcDay(0)}&cohort=[0-9a-f-]{36}$`));
  await expect(page.getByLabel("From")).toHaveValue(utcDay(-6));
  await expect(page.locator("select[name=cohort]")).toHaveValue(/[0-9a-f-]{36}/);

  // The widget refresh goes through the route handler with the same filters.
  const refreshed = page.waitForResponse((r) => r.url().includes("/api/o/acme/dashboards/admin/activity") && r.status() === 200);
  await page.getByRole("button", { name: "Refresh active users" }).click();
  await refreshed;
  const refused = await page.request.get(`/api/o/acme/dashboards/admin/activity?from=${utcDay(-1)}&to=${utcDay(-3)}`);
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toEqual({ error: "From must be on or before To" });

  // A bad range is explained, and the page still works.
  await page.goto(`/o/acme/admin?from=${utcDay(-5)}&to=${utcDay(-10)}`);
  await expect(page.getByRole("alert").filter({ hasText: "From must be on or before To" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Who is learning each day?" })).toBeVisible();
  await page.goto(`/o/acme/admin?from=not-a-date`);
  await expect(page.getByRole("alert").filter({ hasText: "From must be a date like" })).toBeVisible();

  // On a phone: nothing wider than the screen, axe clean, screenshot.
  await page.setViewportSize(PHONE);
  await page.goto("/o/acme/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Organization overview" })).toBeVisible();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, "admin-overview-390");

  // The route's JavaScript, measured in a fresh context (nothing cached), signed in as the same admin.
  const fresh = await browser.newContext({ storageState: await page.context().storageState() });
  const js = await routeScriptBytes(await fresh.newPage(), "/o/acme/admin");
  await fresh.close();
  const line = `/o/acme/admin: ${js.files} scripts, ${(js.gzip / 1024).toFixed(1)} kB gzip (largest: ${js.largest.join(", ")})`;
  console.log(`route JavaScript — ${line}`);
  testInfo.annotations.push({ type: "route-js", description: line });
  // Issue 9's goal is 250 kB. Measured 2026-11-30 (branch jsdiet): 286 kB = React/Next/Turbopack
  // runtime 128.5 + recharts 3 (the chart chunk, shared by every chart page) 132.5 + react-query 10.4
  // (this page's refreshing widgets) + the org shell 10.4 + this page's own code 4.7. Without any app
  // code, React/Next + recharts alone are 261 kB, so the goal is out of reach while charts use
  // recharts (README: route JavaScript). The bound below guards against growth.
  expect(js.gzip, "route JavaScript grew past 300 kB gzip (goal 250 kB)").toBeLessThanOrEqual(300 * 1024);
});

test("a new organization sees how to get data in, not empty charts", async ({ page }, testInfo) => {
  const account = uniqueAccount("founder");
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.createOrganization({ ...account, organizationName: `Fresh Org ${account.id}` });
  await expect(page).toHaveURL(/\/o\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2];

  await page.goto(`/o/${slug}/admin`);
  // A new organization is on the Free plan: the overview says which plan has it
  // (plan entitlements), and how to get data in.
  await expect(page.getByRole("heading", { level: 2, name: "Organization analytics dashboards is included in the Team plan" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "No learning activity yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Invite learners" })).toHaveAttribute("href", `/o/${slug}/admin/members`);
  await expect(page.getByRole("link", { name: "Create an API key" })).toHaveAttribute("href", `/o/${slug}/admin/api-keys`);
  await expect(page.locator(".recharts-surface")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2, name: "How long are raw events kept?" })).toBeVisible();
  // Retention settings are a Business feature: shown, not offered.
  await expect(page.getByText(/Data-retention settings is included in the Business plan/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Save retention" })).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  // The widget refuses the plan too.
  expect((await page.request.get(`/api/o/${slug}/dashboards/admin/activity`)).status()).toBe(402);
  // Another organization's numbers: not found, whether the page or its widget.
  expect((await page.request.get("/api/o/acme/dashboards/admin/activity")).status()).toBe(404);
  await screenshot(page, testInfo, "admin-overview-new-org-1280");
});
