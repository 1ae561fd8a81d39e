// A new customer creates their organization, invites a trainer, and the
// trainer joins through the invitation link in their own browser.
import { expect, test, type Page } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { MembersPage } from "./pages/members-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { uniqueAccount } from "./support/accounts";

function newCustomer() {
  const owner = uniqueAccount("owner");
  return { ...owner, organizationName: `E2E Academy ${owner.id}` };
}


/** A visitor signs up a new organization; returns it with its members page object. */
async function signUpNewOrganization(page: Page) {
  const customer = newCustomer();
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.createOrganization(customer);
  await expect(page).toHaveURL(/\/o\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2];
  return { customer, slug, members: new MembersPage(page) };
}

test("signing up creates the organization and opens its overview", async ({ page }) => {
  const customer = newCustomer();
  const signUp = new SignUpPage(page);

  await signUp.goto();
  await signUp.createOrganization(customer);

  await expect(page).toHaveURL(new RegExp(`/o/e2e-academy-${customer.id}$`));
  await expect(new AppShell(page).homeCard("Organization overview")).toBeVisible();
  await expect(page.getByText(`${customer.organizationName} · Org admin`)).toBeVisible();
});

test("the admin invites a trainer, who joins through the link", async ({ page: adminPage, browser }) => {
  const trainer = uniqueAccount("trainer");
  const { customer, slug, members } = await signUpNewOrganization(adminPage);
  await test.step("the admin invites the trainer by email", async () => {
    await members.goto(slug);
    await members.invite(trainer.email, "Trainer");
    await expect(members.inviteConfirmation).toContainText(`Invited ${trainer.email} as Trainer`);
    await expect(members.invitationLink).toHaveValue(/\/invite\/[\w-]+$/);
  });
  const link = await members.invitationLink.inputValue();

  // The invitee is someone else, on another device: no cookies shared with the admin.
  const inviteeContext = await browser.newContext();
  try {
    const inviteePage = await inviteeContext.newPage();
    await test.step("the trainer opens the link and signs up with the invited email", async () => {
      await inviteePage.goto(link);
      await expect(inviteePage.getByRole("heading", { name: `Join ${customer.organizationName}` })).toBeVisible();
      const join = new SignUpPage(inviteePage);
      await expect(join.email).toHaveValue(trainer.email);
      await expect(join.email).not.toBeEditable();
      await join.joinAs(trainer);
    });

    await test.step("the trainer lands in the organization on their cohorts", async () => {
      await expect(inviteePage).toHaveURL(new RegExp(`/o/${slug}$`));
      const shell = new AppShell(inviteePage);
      await expect(shell.homeCard("Your cohorts")).toBeVisible();
      await expect(shell.navLink("Members")).toHaveCount(0);
    });
  } finally {
    await inviteeContext.close();
  }

  await test.step("the admin sees the trainer among the members, no longer invited", async () => {
    await members.goto(slug);
    const row = members.memberRow(trainer.email);
    await expect(row).toContainText(trainer.fullName);
    await expect(row.getByRole("combobox", { name: `Role of ${trainer.fullName}` })).toHaveValue("trainer");
    await expect(members.invitationRow(trainer.email)).toHaveCount(0);
  });
});

test("an invitee who goes to sign in, then 'Create an account', signs up on the invitation and joins", async ({ page: adminPage, browser }) => {
  const learner = uniqueAccount("learner");
  const { customer, slug, members } = await signUpNewOrganization(adminPage);
  await members.goto(slug);
  await members.invite(learner.email, "Learner");
  const link = await members.invitationLink.inputValue();
  const invitePath = new URL(link).pathname;

  const inviteeContext = await browser.newContext();
  try {
    const inviteePage = await inviteeContext.newPage();
    await inviteePage.goto(link);
    await inviteePage.getByRole("link", { name: "Sign in to accept" }).click();
    await expect(inviteePage.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(new SignInPage(inviteePage).email).toHaveValue(learner.email);

    // No account yet after all: creating one must not create an organization of their own.
    await inviteePage.getByRole("link", { name: "Create an account" }).click();
    await expect(inviteePage).toHaveURL(new RegExp(`${invitePath}$`));
    await expect(inviteePage.getByRole("heading", { name: `Join ${customer.organizationName}` })).toBeVisible();
    await new SignUpPage(inviteePage).joinAs(learner);

    await expect(inviteePage).toHaveURL(new RegExp(`/o/${slug}$`));
    await expect(new AppShell(inviteePage).homeCard("Your learning")).toBeVisible();
  } finally {
    await inviteeContext.close();
  }
});

test("sign-up follows only invitation links as where to go next", async ({ page }) => {
  await page.goto(`/sign-up?next=${encodeURIComponent("/invite/no-such-token")}`);
  await expect(page).toHaveURL(/\/invite\/no-such-token$/);
  await expect(page.getByRole("heading", { name: "Invitation not found" })).toBeVisible();

  for (const next of ["/o/acme", "//evil.example/invite/x", "https://evil.example/invite/x"]) {
    await page.goto(`/sign-up?next=${encodeURIComponent(next)}`);
    await expect(page.getByRole("heading", { name: "Create your organization" })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-up\?next=/);
  }
});
