// Every page of every role, on a phone (390 px) and a desktop (1280 px):
// nothing is wider than the viewport, axe finds no serious or critical
// accessibility violation, no page logs a hydration error, and a screenshot
// of each page at both widths is kept with the test results.
//
// The pages are the routes under app/o/[org] (read from the file system, so a
// new page is covered or the test says it was not reached); each role's
// session walks the links of the pages it can see, opening every route once.
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { DEMO_PASSWORD, demoUsers } from "./support/accounts";
import { attachScreenshot as screenshot, seriousViolations } from "./support/page-checks";

const SLUG = "acme";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Route patterns under /o/[org], e.g. "/cohorts/[cohortId]", from app/o/[org]/**\/page.tsx. */
function orgRoutes(): string[] {
  const root = path.join(process.cwd(), "app", "o", "[org]");
  const routes: string[] = [];
  const walk = (dir: string, route: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), entry.name.startsWith("(") ? route : `${route}/${entry.name}`);
      else if (entry.name === "page.tsx") routes.push(route);
    }
  };
  walk(root, "");
  return routes.sort();
}

const patternOf = (route: string) => new RegExp(`^/o/${SLUG}${route.replace(/\[[^\]]+\]/g, "[^/]+")}$`);

// Which routes each role reaches. A trainer or org admin has no attempts of
// their own, so the learner's attempt page is only the learner's.
const roles = [
  { role: "learner", email: demoUsers.acmeLearner, reaches: (route: string) => route === "" || route === "/notifications" || route.startsWith("/learn") },
  { role: "trainer", email: demoUsers.acmeTrainer, reaches: (route: string) => !route.startsWith("/admin") && !route.startsWith("/learn/attempts") },
  { role: "org-admin", email: demoUsers.acmeAdmin, reaches: (route: string) => !route.startsWith("/learn/attempts") },
];

async function signIn(page: Page, email: string) {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signIn(email, DEMO_PASSWORD);
  await expect(page).toHaveURL(new RegExp(`/o/${SLUG}$`));
}



for (const { role, email, reaches } of roles) {
  test(`${role}: every page fits a 390 px phone, passes axe, hydrates cleanly`, async ({ page }, testInfo) => {
    test.setTimeout(600_000);
    const hydrationErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /hydrat/i.test(message.text())) hydrationErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => {
      if (/hydrat/i.test(error.message)) hydrationErrors.push(`${page.url()}: ${error.message}`);
    });

    await page.setViewportSize(DESKTOP);
    await signIn(page, email);

    const routes = orgRoutes();
    const expected = routes.filter(reaches);
    const visited = new Map<string, string>(); // route → the URL that stood for it
    const queue = [`/o/${SLUG}`];
    // Other URLs of routes already checked: opened only to find links to routes not reached yet
    // (e.g. the one assessment the learner has attempts at).
    const spare: string[] = [];
    const opened = new Set<string>();
    const problems: string[] = [];

    const harvest = async () => {
      const hrefs = await page.locator(`a[href^="/o/${SLUG}"]`).evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
      for (const href of hrefs) {
        const target = href.replace(/[?#].*$/, "");
        const targetRoute = routes.find((r) => patternOf(r).test(target));
        if (targetRoute === undefined || opened.has(target) || queue.includes(target) || spare.includes(target)) continue;
        (visited.has(targetRoute) || queue.some((q) => patternOf(targetRoute).test(q)) ? spare : queue).push(target);
      }
    };

    // Spare pages are opened only to find links; a bounded number, so a route
    // no link leads to fails in seconds rather than after every learner's page.
    let sparesLeft = 40;
    while (queue.length || (spare.length && sparesLeft > 0 && expected.some((route) => !visited.has(route)))) {
      if (!queue.length) {
        sparesLeft -= 1;
        const url = spare.shift()!;
        opened.add(url);
        await page.goto(url);
        await harvest();
        continue;
      }
      const url = queue.shift()!;
      const route = routes.find((r) => patternOf(r).test(url));
      if (route === undefined || visited.has(route)) continue;
      visited.set(route, url);
      opened.add(url);
      const name = `${role}${route.replace(/\[|\]/g, "").replace(/\//g, "-") || "-home"}`;

      await page.setViewportSize(PHONE);
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      if (width > PHONE.width) problems.push(`${url}: ${width} px wide at ${PHONE.width} px`);
      for (const violation of await seriousViolations(page)) problems.push(`${url} @${PHONE.width}: ${violation}`);
      await screenshot(page, testInfo, `${name}-390`);

      await page.setViewportSize(DESKTOP);
      for (const violation of await seriousViolations(page)) problems.push(`${url} @${DESKTOP.width}: ${violation}`);
      await screenshot(page, testInfo, `${name}-1280`);
      await harvest();
    }

    expect(problems, problems.join("\n")).toEqual([]);
    expect(hydrationErrors, hydrationErrors.join("\n")).toEqual([]);
    expect(expected.filter((route) => !visited.has(route)), "routes this role should reach but no link led to").toEqual([]);
  });
}

test("on a phone the navigation sits behind a menu button and marks the current page", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signIn(page, demoUsers.acmeTrainer);
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  const navigation = page.getByRole("navigation", { name: "Main" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(navigation).toBeHidden();

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(navigation.getByRole("link", { name: "Home", exact: true })).toHaveAttribute("aria-current", "page");
  await navigation.getByRole("link", { name: "Cohorts", exact: true }).click();
  await expect(page).toHaveURL(/\/cohorts$/);
  // Following a link closes the drawer; the new page is the current one.
  await expect(navigation).toBeHidden();
  await menu.click();
  await expect(navigation.getByRole("link", { name: "Cohorts", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(navigation.getByRole("link", { name: "Home", exact: true })).not.toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Escape");
  await expect(navigation).toBeHidden();

  // The skip link is the first stop of the keyboard and lands in <main>.
  await page.reload();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await skip.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
});

test("the organization switcher is named after the organization", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page, demoUsers.acmeAdmin);
  await expect(page.getByText(/Organization: Acme Learning\. Switch organization/)).toHaveCount(1);
  const switcher = page.locator("summary").filter({ hasText: "Acme Learning" });
  await expect(switcher).toBeVisible();
  expect(await switcher.evaluate((el) => el.textContent)).toBe("Organization: Acme Learning. Switch organization");
});
