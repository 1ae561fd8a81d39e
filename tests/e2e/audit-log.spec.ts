// The audit log as an org admin uses it: a change they make appears under
// their name, found with the filters, whose choices stay in the URL.
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { DEMO_PASSWORD, demoUsers } from "./support/accounts";

test("the Acme admin creates an API key, then finds it in the audit log by action, under her name", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demoUsers.acmeAdmin, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/acme$/);

  const name = `Audit e2e ${Date.now()}`;
  await page.goto("/o/acme/admin/api-keys");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("New API key")).toHaveValue(/^sw_live_/);

  await page.goto("/o/acme/admin/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const filter = page.getByRole("form", { name: "Filter the audit log" });
  await filter.getByLabel("Action").selectOption("api_key.created");
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]action=api_key\.created/);

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("api_key.created");
  await expect(row).toContainText("Alice Admin");
  await expect(row).toContainText(demoUsers.acmeAdmin);
  // Other actions are filtered out; the filter stays selected.
  await expect(page.getByRole("cell", { name: "membership.created" })).toHaveCount(0);
  await expect(filter.getByLabel("Action")).toHaveValue("api_key.created");
});
