// Billing as an org admin and a visitor see it, on a server without Stripe
// keys (the e2e server sets none): plans and seat usage are shown, buying is
// off, and the page explains how to configure Stripe.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { BillingPage } from "./pages/billing-page";
import { SignInPage } from "./pages/sign-in-page";
import { DEMO_PASSWORD, demoUsers } from "./support/accounts";

test("a visitor finds the plans from the landing page", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Pricing" }).click();
  await expect(page).toHaveURL(/\/pricing$/);
  await expect(page.getByRole("heading", { level: 1, name: "Pricing" })).toBeVisible();
  for (const name of ["Free", "Team", "Business"]) {
    await expect(page.getByRole("article", { name: `${name} plan` })).toBeVisible();
  }
  await expect(page.getByRole("article", { name: "Free plan" })).toContainText("Up to 10 seats");
  await expect(page.getByRole("article", { name: "Team plan" })).toContainText("$8.00 per seat / month");
  await expect(page.getByRole("article", { name: "Team plan" })).toContainText("$80.00 per seat / year");
  // What each plan includes is its entitlements, the list the guards enforce.
  await expect(page.getByRole("article", { name: "Team plan" })).toContainText("KPI tree");
  await expect(page.getByRole("article", { name: "Team plan" })).not.toContainText("Audit log");
  await expect(page.getByRole("article", { name: "Business plan" })).toContainText("Audit log");
  await expect(page.getByRole("article", { name: "Business plan" })).toContainText("API keys for learning-event ingestion");
});

test("Globex, on the free tier, sees which plan includes the audit log and API keys, with a link to billing", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.globexAdmin, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/globex$/);
  for (const [path, feature] of [["audit", "Audit log"], ["api-keys", "API keys for learning-event ingestion"]]) {
    const response = await page.goto(`/o/globex/admin/${path}`);
    expect(response?.status()).toBe(200);
    const panel = page.getByRole("region", { name: "Upgrade" });
    await expect(panel).toContainText(`${feature} is included in the Business plan`);
    await expect(panel).toContainText("Your organization is on the Free plan");
  }
  await page.getByRole("link", { name: "Upgrade to Business" }).click();
  await expect(page).toHaveURL(/\/o\/globex\/admin\/billing$/);
});

test("the Acme admin sees the plan, 153 of 200 seats used, the plans and the invoices; billing explains it is not configured", async ({ page }, testInfo) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.acmeAdmin, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/acme$/);

  await new AppShell(page).navLink("Billing").click();
  const billing = new BillingPage(page);
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();

  await expect(billing.currentPlan).toHaveText("Business");
  await expect(billing.seatUsage).toContainText("153 of 200");
  await expect(page.getByText("Active", { exact: true })).toBeVisible();

  await expect(billing.notConfigured).toBeVisible();
  await expect(billing.notConfigured).toContainText("STRIPE_SECRET_KEY");
  await expect(billing.notConfigured).toContainText("STRIPE_WEBHOOK_SECRET");
  await expect(billing.notConfigured).toContainText("/api/stripe/webhook");

  for (const id of ["free", "team", "business"]) await expect(billing.plan(id)).toBeVisible();
  await expect(billing.plan("business")).toContainText("Current");
  // Without Stripe nothing can be bought or changed.
  await expect(billing.plan("team").getByRole("button")).toBeDisabled();
  await expect(page.getByRole("button", { name: /Manage payment method/ })).toBeDisabled();

  await expect(billing.orders.getByRole("row").filter({ hasText: "DEMO-ACME-0003" })).toContainText("$2,800.00");

  const file = path.join(testInfo.project.testDir, "artifacts", "billing-admin.png");
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach("billing-admin", { path: file, contentType: "image/png" });
});

test("Globex, on the free tier, uses 5 of its 10 free seats", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.globexAdmin, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/globex$/);
  const billing = new BillingPage(page);
  await billing.goto("globex");
  await expect(billing.currentPlan).toHaveText("Free");
  await expect(billing.seatUsage).toContainText("5 of 10");
  await expect(billing.plan("free")).toContainText("Current");
});

test("learners and trainers have no billing page", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.acmeLearner, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/acme$/);
  await expect(new AppShell(page).navLink("Billing")).toHaveCount(0);
  const response = await page.goto("/o/acme/admin/billing");
  expect(response?.status()).toBe(404);
});
