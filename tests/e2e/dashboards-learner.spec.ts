// The learner's dashboard on the seeded demo organization after the analytics
// jobs ran (scripts/e2e-server.ts → migrateAndSeed runs them after seeding):
// A learner mid-course (learner033) signs in, sees where to continue and non-empty charts, switches
// the leaderboard period; the page passes axe; screenshots at 1280 and 390 px.
// And privacy: a learner who turns anonymous loses their name on learner01's board.
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { LearnerDashboardPage } from "./pages/learner-dashboard-page";
import { DEMO_PASSWORD, demoUsers, uniqueAccount } from "./support/accounts";
import { withE2eDatabase } from "./support/database";
import { routeScriptBytes } from "./support/route-js";
import { DEMO_ORGS } from "../../db/seed";
import { attachScreenshot as screenshot, seriousViolations } from "./support/page-checks";

const CHARTS = [
  "How much have you been learning each week?",
  "Are you keeping pace with your target?",
  "Which skills have you mastered?",
  "How did your recent assessments go?",
];

async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signIn(email, password);
  await expect(page).toHaveURL(/\/o\/acme$/);
}


// A big page, axe and a loaded two-core machine: more than the default 30 s.
test.describe.configure({ timeout: 120_000 });

// learner033: a "regular" demo persona mid-way through a running course (the
// high-potential learner01 has finished every demo course, so their pace chart
// has nothing left to forecast).
const MIDWAY_LEARNER = "learner033@acme.test";

test("a learner mid-course sees where to continue, their progress and non-empty charts, and switches the leaderboard period", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, MIDWAY_LEARNER);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My learning", exact: true }).click();
  const dashboard = new LearnerDashboardPage(page);
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();

  await expect(page.getByRole("heading", { level: 2, name: /^(Continue|Start) learning$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /Resume lesson|Start the first lesson/ })).toBeVisible();
  const progress = dashboard.chart("Your progress");
  for (const term of ["Points", "Level", "Current streak", "Longest streak"]) {
    await expect(progress.getByRole("term").filter({ hasText: term })).toBeVisible();
  }
  await expect(progress.getByText(/pts to level \d+/)).toBeVisible();

  for (const question of CHARTS) {
    const card = dashboard.chart(question);
    await expect(card, question).toBeVisible();
    await expect(dashboard.marks(card).first(), `${question}: something drawn`).toBeVisible();
    const rows = await dashboard.dataRows(card);
    expect(await rows.count(), `${question}: data rows`).toBeGreaterThan(0);
  }
  // Pace: the estimated completion date or why there is none, in words.
  await expect(dashboard.chart(CHARTS[1])).toContainText(/estimated completion \d{4}-\d{2}-\d{2}|no completion date|no unfinished course|on track|ahead|behind/);

  // Skill gaps name the lesson that closes each (or say there are none); goals; courses still reachable.
  const gaps = page.locator("section#skill-gaps");
  await expect(gaps.getByRole("link", { name: /^Lesson: / }).first().or(gaps.getByText(/No skill gaps/))).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Your goals" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Your courses" })).toBeVisible();
  await expect(page.locator("section#peers")).toBeVisible();

  // Leaderboard: own rank; the month view comes through the route handler.
  await expect(dashboard.leaderboard.getByText(/You are #\d+ with/)).toBeVisible();
  await expect(dashboard.leaderboardRows.first()).toBeVisible();
  const response = page.waitForResponse((r) => r.url().includes("/dashboards/learner/leaderboard?period=month") && r.ok());
  await dashboard.period("This month");
  await response;
  await expect(dashboard.leaderboard.getByText(/Points earned in the last 30 days/)).toBeVisible();
  await expect(dashboard.leaderboard.getByText(/You are #\d+ with/)).toBeVisible();
  await dashboard.period("This week");
  // The widget's route handler: a wrong period is a 400 that says why; another organization is not found.
  const wrong = await page.request.get("/api/o/acme/dashboards/learner/leaderboard?period=year");
  expect(wrong.status()).toBe(400);
  expect(await wrong.json()).toEqual({ error: "Choose week or month" });
  expect((await page.request.get("/api/o/globex/dashboards/learner/leaderboard?period=week")).status()).toBe(404);
});

test("the dashboard has no serious accessibility violation and fits 1280 and 390 px", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, demoUsers.acmeLearner);
  const dashboard = new LearnerDashboardPage(page);
  await dashboard.goto();
  await expect(dashboard.marks(dashboard.chart(CHARTS[0])).first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, "dashboard-learner-1280");

  await page.setViewportSize({ width: 390, height: 844 });
  await dashboard.goto();
  await expect(dashboard.marks(dashboard.chart(CHARTS[0])).first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "no sideways scrolling at 390 px").toBeLessThanOrEqual(0);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, "dashboard-learner-390");
});

test("JavaScript the learner dashboard sends on a first visit, gzip", async ({ page, browser }, testInfo) => {
  await signIn(page, demoUsers.acmeLearner);
  // A fresh context (nothing cached), signed in as the same learner.
  const fresh = await browser.newContext({ storageState: await page.context().storageState(), viewport: { width: 1280, height: 900 } });
  const js = await routeScriptBytes(await fresh.newPage(), "/o/acme/learn");
  await fresh.close();
  const line = `/o/acme/learn: ${js.files} scripts, ${(js.gzip / 1024).toFixed(1)} kB gzip (largest: ${js.largest.join(", ")})`;
  console.log(`route JavaScript — ${line}`);
  testInfo.annotations.push({ type: "route-js", description: line });
  // Issue 9's goal is 250 kB; see the README (route JavaScript) for where the bytes are and the floor.
  expect(js.gzip, "route JavaScript grew past 300 kB gzip (goal 250 kB)").toBeLessThanOrEqual(300 * 1024);
});

test("a learner switches to anonymous and another learner's leaderboard no longer shows the name", async ({ page }) => {
  await signIn(page, demoUsers.acmeLearner);
  const dashboard = new LearnerDashboardPage(page);
  await dashboard.goto();
  await dashboard.period("This month");
  const before = await dashboard.names();
  const acme = DEMO_ORGS.find((o) => o.slug === "acme")!;
  // A learner named on learner01's board (not learner12, whom the reports spec turns anonymous).
  const other = acme.users.find((u) => u.email !== demoUsers.acmeLearner && u.email !== "learner12@acme.test" && before.includes(u.fullName));
  expect(other, `a named learner on the board: ${before.join(", ")}`).toBeTruthy();

  // The settings page where a learner makes this choice is on branch `reports`
  // (not merged here): the choice is made in the database as that page saves it.
  const setVisibility = (visibility: string) =>
    withE2eDatabase((sql) => sql`
      insert into public.user_preferences (organization_id, user_id, leaderboard_visibility)
      select m.organization_id, m.user_id, ${visibility}
      from public.memberships m join public.organizations o on o.id = m.organization_id join public.profiles p on p.id = m.user_id
      where o.slug = 'acme' and p.email = ${other!.email}
      on conflict (organization_id, user_id) do update set leaderboard_visibility = excluded.leaderboard_visibility`);
  await setVisibility("anonymous");
  try {
    await dashboard.goto();
    await dashboard.period("This month");
    const after = await dashboard.names();
    expect(after).not.toContain(other!.fullName);
    expect(after).toContain("Anonymous learner");
    expect(after.length).toBe(before.length);
  } finally {
    await setVisibility("public");
  }
});

test("a new learner with no activity is shown how to start, not empty charts", async ({ page }) => {
  const account = uniqueAccount("newcomer");
  // Joining through an invitation is covered by the onboarding spec; here the
  // account, its Acme membership and one enrollment are made directly.
  await withE2eDatabase(async (sql) => {
    const [user] = await sql`
      insert into auth.users (email, encrypted_password, aud, role, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
      values (${account.email}, extensions.crypt(${account.password}, extensions.gen_salt('bf', 4)), 'authenticated', 'authenticated', now(),
              ${sql.json({ provider: "email", providers: ["email"] })}, ${sql.json({ full_name: account.fullName })})
      returning id`;
    const [cohort] = await sql`
      select c.organization_id, c.id, c.course_id from public.cohorts c join public.organizations o on o.id = c.organization_id
      where o.slug = 'acme' and exists (select 1 from public.lessons l where l.course_id = c.course_id)
      order by c.name limit 1`;
    await sql`insert into public.memberships (organization_id, user_id, role) values (${cohort.organization_id}, ${user.id}, 'learner')`;
    await sql`insert into public.enrollments (organization_id, cohort_id, course_id, user_id) values (${cohort.organization_id}, ${cohort.id}, ${cohort.course_id}, ${user.id})`;
  });

  await signIn(page, account.email, account.password);
  const dashboard = new LearnerDashboardPage(page);
  await dashboard.goto();
  await expect(page.getByRole("heading", { level: 2, name: "Welcome! Start here" })).toBeVisible();
  for (const question of CHARTS) await expect(page.getByRole("heading", { name: question })).toHaveCount(0);
  await page.getByRole("link", { name: "Start the first lesson" }).click();
  await expect(page).toHaveURL(/\/o\/acme\/learn\/lessons\//);
  await expect(page.getByRole("button", { name: "Mark as complete" })).toBeVisible();
});
