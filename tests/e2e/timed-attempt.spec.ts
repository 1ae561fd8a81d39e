// A learner reopens a timed attempt: the page hydrates without a mismatch
// (the countdown reads no clock while rendering), the timer runs, and
// submitting with unanswered questions asks first, naming them.
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { DEMO_PASSWORD } from "./support/accounts";

test("a timed attempt hydrates cleanly on reopen and warns before submitting with unanswered questions", async ({ page }) => {
  const hydrationErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /hydrat/i.test(message.text())) hydrationErrors.push(message.text());
  });
  page.on("pageerror", (error) => {
    if (/hydrat/i.test(error.message)) hydrationErrors.push(error.message);
  });

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn("learner05@acme.test", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/acme$/);

  // The learner's first assessment that still has an attempt to continue or start.
  await page.goto("/o/acme/learn");
  const courses = await page.locator('a[href^="/o/acme/learn/courses/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  let opened = false;
  for (const course of [...new Set(courses)]) {
    await page.goto(course);
    const assessments = await page.locator('a[href^="/o/acme/learn/assessments/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    for (const assessment of assessments) {
      await page.goto(assessment);
      const resume = page.getByRole("link", { name: /^Continue attempt/ });
      const start = page.getByRole("button", { name: /^Start (the assessment|a new attempt)$/ });
      if (await resume.count()) await resume.click();
      else if (await start.count()) await start.click();
      else continue;
      opened = true;
      break;
    }
    if (opened) break;
  }
  expect(opened, "learner05 has an assessment with an attempt left").toBe(true);
  await expect(page).toHaveURL(/\/learn\/attempts\//);

  // Reopen it: server-rendered HTML, then hydration.
  await page.reload();
  const timer = page.getByText(/^Time left \d+:\d\d$/);
  await expect(timer).toBeVisible();
  const before = await timer.textContent();
  await expect(timer).not.toHaveText(before!); // it counts down once hydrated
  expect(hydrationErrors).toEqual([]);

  await expect(page.getByText(/questions? not answered yet: #1/)).toBeVisible();
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect.poll(() => asked).toMatch(/^\d+ questions? of \d+ (is|are) not answered \(#1(, #\d+)*\)\. Submit anyway\?/);
  // Dismissed: nothing was submitted.
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeEnabled();
  await expect(page.getByRole("heading", { level: 1, name: /^Attempt #\d+$/ })).toBeVisible();
});
