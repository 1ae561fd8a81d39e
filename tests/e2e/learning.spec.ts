// A course's life in one story: a trainer writes and publishes a course with
// an assessment, runs it as a cohort and enrolls learners; a learner reads
// the lesson, completes it, takes the assessment (answers saved as they go)
// and sees the result; the trainer then sees the learner's progress.
import { expect, test, type Page } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { AppShell } from "./pages/app-shell";
import { CohortsPage, CourseEditor } from "./pages/authoring-pages";
import { LearnerPages } from "./pages/learning-pages";
import { DEMO_PASSWORD, demoUsers, uniqueAccount } from "./support/accounts";

test.describe.configure({ mode: "serial" });

const run = uniqueAccount("course").id;
const course = `Negotiation basics ${run}`;
const assessment = `Negotiation check ${run}`;
const cohort = `Spring cohort ${run}`;
// Learners of the demo organization that no other spec uses.
const learner = "learner07@acme.test";
const secondLearner = "learner08@acme.test";

async function signIn(page: Page, email: string) {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signIn(email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/o\/acme$/);
}

test("a trainer writes and publishes a course with an assessment", async ({ page }, testInfo) => {
  await signIn(page, demoUsers.acmeTrainer);
  await new AppShell(page).navLink("Courses").click();

  const editor = new CourseEditor(page);
  await expect(page.getByRole("heading", { level: 1, name: "Courses" })).toBeVisible();
  await editor.createCourse(course);
  await editor.addSection("Getting started");
  await editor.addLesson("Getting started", {
    title: "Know your walk-away",
    body: "# Before you sit down\n\nDecide your **walk-away point** first.\n\n- Write it down\n- Keep it private\n\n<script>window.hacked = true</script>",
  });
  await editor.publish();

  await editor.createAssessment(assessment, 50);
  await editor.addQuestion({ kind: "Single choice", prompt: "What do you decide first?", choices: "The opening offer\n* The walk-away point\nThe venue" });
  await editor.addQuestion({ kind: "Numeric", prompt: "Half of 9?", value: "4.5" });
  await testInfo.attach("assessment-editor", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
});

test("a trainer creates a cohort of the course and enrolls learners", async ({ page }) => {
  await signIn(page, demoUsers.acmeTrainer);
  await new AppShell(page).navLink("Cohorts").click();
  const cohorts = new CohortsPage(page);
  await expect(page.getByRole("heading", { level: 1, name: "Cohorts" })).toBeVisible();
  await cohorts.createCohort({ course, name: cohort, startsOn: "2026-01-05", endsOn: "2026-12-18", learnerEmails: [learner] });
  await expect(cohorts.learnerRow(learner)).toContainText("0 %");

  await cohorts.enroll(secondLearner);
  await expect(cohorts.learnerRow(secondLearner)).toContainText("2026-12-18");

  // Reversed dates are refused with a message, and no cohort is created.
  await cohorts.goto("acme");
  const form = page.getByRole("form", { name: "Create a cohort" });
  await form.getByLabel("Course").selectOption({ label: course });
  await form.getByLabel("Cohort name").fill(`Backwards ${run}`);
  await form.getByLabel("Starts on").fill("2026-06-01");
  await form.getByLabel("Ends on").fill("2026-05-01");
  await form.getByRole("button", { name: "Create cohort" }).click();
  await expect(form.getByRole("alert")).toHaveText("The end date must be on or after the start date");
  // Nothing typed is lost: only the date needs correcting.
  await expect(form.getByLabel("Cohort name")).toHaveValue(`Backwards ${run}`);
  await expect(form.getByLabel("Starts on")).toHaveValue("2026-06-01");
  await expect(form.getByLabel("Ends on")).toHaveValue("2026-05-01");
  await page.reload();
  await expect(page.getByRole("link", { name: `Backwards ${run}` })).toHaveCount(0);
  await expect(page.getByRole("link", { name: cohort })).toBeVisible();
});

test("a learner completes a lesson and an assessment and sees the result", async ({ page }, testInfo) => {
  await signIn(page, learner);
  const learning = new LearnerPages(page);
  const home = new AppShell(page);
  await expect(home.homeCard("Your learning")).toBeVisible();
  const enrolled = learning.enrolledCourse(course);
  await expect(enrolled).toContainText("0 %");
  await enrolled.getByRole("link", { name: "Continue: Know your walk-away" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Know your walk-away" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Before you sit down" })).toBeVisible();
  await expect(page.locator("strong", { hasText: "walk-away point" })).toBeVisible();
  // Raw HTML in a lesson shows as text; it never runs.
  await expect(page.getByText("<script>window.hacked = true</script>")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { hacked?: boolean }).hacked)).toBeUndefined();
  await learning.completeLesson();

  await learning.gotoMyLearning("acme");
  await expect(learning.enrolledCourse(course)).toContainText("100 %");
  await learning.enrolledCourse(course).getByRole("link", { name: course }).click();
  await page.getByRole("link", { name: assessment }).click();
  await page.getByRole("button", { name: "Start the assessment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Attempt #1" })).toBeVisible();

  await page.getByLabel("The walk-away point").check();
  await page.getByLabel("Answer to question 2").fill("4.5");
  await expect(learning.saveStatus).toHaveText("All answers saved");
  // A reload loses nothing: both answers were saved as they were given.
  await page.reload();
  await expect(page.getByLabel("The walk-away point")).toBeChecked();
  await expect(page.getByLabel("Answer to question 2")).toHaveValue("4.5");

  await learning.submitAttempt();
  await expect(page.getByLabel("Score")).toContainText("100");
  await expect(page.getByText("Passed", { exact: true })).toBeVisible();
  await expect(page.getByText("Level 5 of 5 · Master")).toBeVisible();
  await expect(page.getByText("Share your approach with your cohort")).toBeVisible();
  await testInfo.attach("assessment-result", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
});

test("the trainer sees the learner's progress and graded submission", async ({ page }) => {
  await signIn(page, demoUsers.acmeTrainer);
  const cohorts = new CohortsPage(page);
  await cohorts.goto("acme");
  await page.getByRole("link", { name: cohort }).click();
  await expect(cohorts.learnerRow(learner)).toContainText("100 %");
  const submissions = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: /^Submissions/ }) });
  await expect(submissions.getByRole("row").filter({ hasText: assessment })).toContainText("Graded");
});
