// Each demo role signs in and lands on its own home, with navigation limited
// to what the role may use.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { SignInPage } from "./pages/sign-in-page";
import { DEMO_PASSWORD, demoUsers } from "./support/accounts";

const roles = [
  {
    role: "admin",
    email: demoUsers.acmeAdmin,
    home: "Organization overview",
    sections: { Learn: true, Teach: true, Admin: true },
    links: { Home: true, Members: true, "Audit log": true },
  },
  {
    role: "trainer",
    email: demoUsers.acmeTrainer,
    home: "Your cohorts",
    sections: { Learn: true, Teach: true, Admin: false },
    links: { Home: true, Members: false, "Audit log": false },
  },
  {
    role: "learner",
    email: demoUsers.acmeLearner,
    home: "Your learning",
    sections: { Learn: true, Teach: false, Admin: false },
    links: { Home: true, Members: false, "Audit log": false },
  },
];

for (const { role, email, home, sections, links } of roles) {
  test(`${role} signs in and sees their home and only their navigation`, async ({ page }, testInfo) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(email, DEMO_PASSWORD);

    await expect(page).toHaveURL(/\/o\/acme$/);
    const shell = new AppShell(page);
    await expect(shell.homeCard(home)).toBeVisible();
    for (const [title, shown] of Object.entries(sections)) {
      await expect(shell.navigation.getByRole("heading", { name: title, exact: true })).toHaveCount(shown ? 1 : 0);
    }
    for (const [name, shown] of Object.entries(links)) {
      await expect(shell.navLink(name)).toHaveCount(shown ? 1 : 0);
    }

    const file = path.join(testInfo.project.testDir, "artifacts", `home-${role}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`home-${role}`, { path: file, contentType: "image/png" });
  });
}
