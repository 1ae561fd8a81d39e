// Sign-up's two steps — the account, then the organization it creates or the
// invitation it accepts — against the real database. Once the account exists
// the person is never sent back to the sign-up form: a failed second step
// redirects to where it can be finished, saying why.
import { afterEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { createOrg, testDb, uniqueSuffix, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import type { SessionClaims } from "@/db/rls";
import type { Tx } from "@/db/client";
import { authUsers, memberships } from "@/db/schema";
import { createPasswordUser } from "@/db/queries/auth-users";
import { createOrganization } from "@/db/queries/organizations";
import { acceptInvitation, createInvitation, previewInvitation, revokeInvitation } from "@/db/queries/invitations";
import { shownError, signUpAndJoin, type SignUpSteps } from "@/lib/tenancy/sign-up";
import { signUpSchema } from "@/lib/validation/auth";

const as = <T,>(claims: SessionClaims | null, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());
const service = <T,>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test assertion", fn, testDb());

/** The app's steps on the test database (the auth backend's part: the account row). */
const realSteps: SignUpSteps = {
  createAccount: (account) => service(async (tx) => {
    const user = await createPasswordUser(tx, account);
    return { sub: user.id, email: user.email };
  }),
  createOrganization: (claims, name) => as(claims, (tx) => createOrganization(tx, { name, slug: `signup-${uniqueSuffix()}` })),
  previewInvitation: (token) => as(null, (tx) => previewInvitation(tx, token)),
  acceptInvitation: (claims, token) => as(claims, (tx) => acceptInvitation(tx, token)),
};

const newAccount = (fields: Record<string, string> = {}) =>
  signUpSchema.parse({ fullName: "Grace Hopper", email: `signup-${uniqueSuffix()}@example.test`, password: "correct horse battery", ...fields });

const accountExists = async (email: string) => (await service((tx) => tx.select().from(authUsers).where(eq(authUsers.email, email)))).length === 1;

async function invite(org: TestOrg, email: string) {
  return as(org.owner, (tx) => createInvitation(tx, { organizationId: org.id, email, role: "learner", invitedBy: org.owner.sub }));
}

afterEach(() => vi.restoreAllMocks());

describe("signing up", () => {
  it("creates the account and the organization, and opens it", async () => {
    const input = newAccount({ organizationName: "Hopper Academy" });
    const outcome = await signUpAndJoin(input, realSteps);
    expect(outcome).toEqual({ redirectTo: expect.stringMatching(/^\/o\/signup-[\w-]+$/) });
    expect(await accountExists(input.email)).toBe(true);
  });

  it("with an invitation, creates the account and joins the organization", async () => {
    const org = await createOrg();
    const input = newAccount();
    const { token } = await invite(org, input.email);
    expect(await signUpAndJoin({ ...input, inviteToken: token }, realSteps)).toEqual({ redirectTo: `/o/${org.slug}` });
  });

  it("refuses on the form, creating no account, what can be checked first", async () => {
    const org = await createOrg();
    const input = newAccount();
    const { token } = await invite(org, `someone-else-${uniqueSuffix()}@example.test`);
    expect(await signUpAndJoin({ ...input, inviteToken: token }, realSteps)).toEqual({
      state: expect.objectContaining({ ok: false, message: expect.stringMatching(/^This invitation is for someone-else-/) }),
    });
    expect(await signUpAndJoin({ ...input, organizationName: "x" }, realSteps)).toEqual({
      state: expect.objectContaining({ ok: false, message: "Use at least 2 characters", fieldErrors: { organizationName: ["Use at least 2 characters"] } }),
    });
    expect(await accountExists(input.email)).toBe(false);
  });

  it("an existing account is refused on the form", async () => {
    const input = newAccount({ organizationName: "Twice" });
    await signUpAndJoin(input, realSteps);
    expect(await signUpAndJoin(input, realSteps)).toEqual({
      state: expect.objectContaining({ ok: false, message: "An account with this email already exists; sign in instead" }),
    });
  });
});

describe("when the step after the account fails", () => {
  it("an invitation revoked while the account was being created: the invitee lands on the invitation, told why", async () => {
    const org = await createOrg();
    const input = newAccount();
    const invitation = await invite(org, input.email);
    const revokedMeanwhile: SignUpSteps = {
      ...realSteps,
      createAccount: async (account) => {
        const claims = await realSteps.createAccount(account);
        await as(org.owner, (tx) => revokeInvitation(tx, { organizationId: org.id, invitationId: invitation.id }));
        return claims;
      },
    };

    const outcome = await signUpAndJoin({ ...input, inviteToken: invitation.token }, revokedMeanwhile);

    expect(outcome).toEqual({
      redirectTo: `/invite/${invitation.token}?error=${encodeURIComponent("This invitation was revoked; ask your admin for a new one")}`,
    });
    // The account exists (a retry on the form would say so): hence the redirect, never the form.
    expect(await accountExists(input.email)).toBe(true);
    const [user] = await service((tx) => tx.select({ id: authUsers.id }).from(authUsers).where(eq(authUsers.email, input.email)));
    expect(await service((tx) => tx.select().from(memberships).where(eq(memberships.userId, user.id)))).toEqual([]);
  });

  it("an organization that cannot be created: the new user lands on /o to create one, with no internal detail", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const input = newAccount({ organizationName: "Unlucky Academy" });
    const outcome = await signUpAndJoin(input, {
      ...realSteps,
      createOrganization: async () => {
        throw new Error("connect ECONNRESET 10.0.0.7:5432");
      },
    });

    expect(outcome).toEqual({ redirectTo: `/o?error=${encodeURIComponent("Something went wrong on our side")}` });
    expect(JSON.stringify(outcome)).not.toContain("ECONNRESET");
    expect(await accountExists(input.email)).toBe(true);
  });
});

describe("shownError", () => {
  it("shows a ?error= as bounded text, and nothing for none", () => {
    expect(shownError(undefined)).toBeNull();
    expect(shownError(["a", "b"])).toBeNull();
    expect(shownError("  ")).toBeNull();
    expect(shownError("No free seat")).toBe("No free seat");
    expect(shownError("x".repeat(1000))).toHaveLength(300);
  });
});
