// Invitations, driven through db/queries/invitations.ts inside withUserDb as
// the app does: RLS decides who may manage them, the security-definer
// functions decide who may preview and accept them, triggers write the audit.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { createOrg, createUser, testDb, uniqueSuffix, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import type { RequestMeta, SessionClaims } from "@/db/rls";
import type { Tx } from "@/db/client";
import { auditLogs, invitations, memberships } from "@/db/schema";
import {
  acceptInvitation,
  createInvitation,
  INVITATION_TTL_DAYS,
  listInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from "@/db/queries/invitations";
import { AppError, toAppError } from "@/lib/errors";
import { failure } from "../support/attempt";
import { inviteMemberSchema, type MemberRole } from "@/lib/validation/tenancy";

const META: RequestMeta = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (vitest invitations)" };
const DAY_MS = 24 * 60 * 60 * 1000;

const as = <T,>(claims: SessionClaims | null, fn: (tx: Tx) => Promise<T>, meta: RequestMeta = META) =>
  withUserDb(claims, fn, meta, testDb());
const service = <T,>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test assertion", fn, testDb());


const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const newEmail = (label = "invitee") => `${label}-${uniqueSuffix()}@example.test`;

function invite(org: TestOrg, email: string, role: MemberRole = "learner", by: SessionClaims = org.owner, meta = META) {
  return as(by, (tx) => createInvitation(tx, { organizationId: org.id, email, role, invitedBy: by.sub }), meta);
}

const rowsOf = (organizationId: string) =>
  service((tx) => tx.select().from(invitations).where(eq(invitations.organizationId, organizationId)).orderBy(asc(invitations.createdAt)));
const rowById = async (id: string) => (await service((tx) => tx.select().from(invitations).where(eq(invitations.id, id))))[0];
const auditOf = (resourceId: string) =>
  service((tx) => tx.select().from(auditLogs).where(eq(auditLogs.resourceId, resourceId)).orderBy(asc(auditLogs.id)));
const auditCount = async (organizationId: string) =>
  (await service((tx) => tx.select({ id: auditLogs.id }).from(auditLogs).where(eq(auditLogs.organizationId, organizationId)))).length;
const membershipOf = async (organizationId: string, userId: string) =>
  (
    await service((tx) =>
      tx.select().from(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId))),
    )
  )[0];
const expireNow = (id: string) =>
  service((tx) => tx.update(invitations).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(invitations.id, id)));

function expectAboutNowPlus(date: Date, ms: number) {
  expect(Math.abs(date.getTime() - (Date.now() + ms))).toBeLessThan(60_000);
}

describe("creating an invitation", () => {
  it("returns a one-time token and stores only its SHA-256", async () => {
    const org = await createOrg();
    const email = newEmail();
    const created = await invite(org, email, "trainer");
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(created.email).toBe(email);

    const [row] = await rowsOf(org.id);
    expect(row).toMatchObject({
      id: created.id,
      email,
      role: "trainer",
      invitedBy: org.owner.sub,
      sendCount: 1,
      acceptedAt: null,
      revokedAt: null,
      tokenHash: sha256(created.token),
    });
    expect(JSON.stringify(row)).not.toContain(created.token);
    expectAboutNowPlus(row.expiresAt, INVITATION_TTL_DAYS * DAY_MS);
  });

  it("every invitation gets its own token", async () => {
    const org = await createOrg();
    const a = await invite(org, newEmail());
    const b = await invite(org, newEmail());
    expect(a.token).not.toBe(b.token);
  });

  it("is listed for the admin with its status", async () => {
    const org = await createOrg();
    const email = newEmail();
    await invite(org, email, "trainer");
    const list = await as(org.owner, (tx) => listInvitations(tx, org.id));
    expect(list).toEqual([
      expect.objectContaining({ email, role: "trainer", status: "open", sendCount: 1, invitedByName: "Test User" }),
    ]);
    expect(list[0]).not.toHaveProperty("tokenHash");
  });

  it("refuses to invite someone who is already a member (409) and writes nothing", async () => {
    const org = await createOrg({ learner: "learner" });
    const before = await auditCount(org.id);
    // As typed in the form, in another case: the schema lowercases it.
    const input = inviteMemberSchema.parse({ email: org.members.learner.email.toUpperCase(), role: "trainer" });
    const error = await failure(invite(org, input.email, input.role));
    expect(error.status).toBe(409);
    expect(error.message).toBe(`${org.members.learner.email} is already a member of this organization`);
    expect(await rowsOf(org.id)).toEqual([]);
    expect(await auditCount(org.id)).toBe(before);
  });

  it("refuses a second open invitation for the same email (409)", async () => {
    const org = await createOrg();
    const email = newEmail();
    await invite(org, email);
    const error = await failure(invite(org, email, "org_admin"));
    expect(error.status).toBe(409);
    expect(error.message).toBe(`${email} already has an open invitation; resend it instead`);
    const rows = await rowsOf(org.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe("learner");
  });

  it("two simultaneous invitations for one email: one is created, the other gets a 409", async () => {
    const org = await createOrg();
    const email = newEmail();
    const results = await Promise.allSettled([invite(org, email), invite(org, email, "trainer")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(toAppError(rejected.reason).status).toBe(409);
    expect(await rowsOf(org.id)).toHaveLength(1);
  });

  it("a member who was removed can be invited again", async () => {
    const org = await createOrg();
    const email = newEmail();
    const first = await invite(org, email);
    const invitee = await createUserWithEmail(email);
    await as(invitee, (tx) => acceptInvitation(tx, first.token));
    await service((tx) => tx.delete(memberships).where(and(eq(memberships.organizationId, org.id), eq(memberships.userId, invitee.sub))));

    const second = await invite(org, email, "trainer");
    expect(await as(invitee, (tx) => acceptInvitation(tx, second.token))).toBe(org.slug);
    expect(await membershipOf(org.id, invitee.sub)).toMatchObject({ role: "trainer" });
  });

  it("the same email may be invited by two organizations", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const email = newEmail();
    await invite(a, email);
    await invite(b, email);
    expect(await rowsOf(a.id)).toHaveLength(1);
    expect(await rowsOf(b.id)).toHaveLength(1);
  });

  it("a malformed email or a bad role is refused by inviteMemberSchema", () => {
    for (const input of [
      { email: "not-an-email", role: "learner" },
      { email: "a@b", role: "learner" },
      { email: "new@example.com", role: "owner" },
      { email: "new@example.com", role: "admin" },
    ]) {
      expect(inviteMemberSchema.safeParse(input).success).toBe(false);
    }
  });

  it("a malformed email or a bad role that skipped the schema is refused by the database (400), nothing written", async () => {
    const org = await createOrg();
    const direct = (values: { email: string; role: string }) =>
      as(org.owner, (tx) =>
        tx.insert(invitations).values({
          organizationId: org.id,
          ...values,
          tokenHash: sha256(`token-${uniqueSuffix()}`),
          invitedBy: org.owner.sub,
          expiresAt: sql`now() + interval '7 days'`,
        }),
      );
    for (const values of [
      { email: "not-an-email", role: "learner" },
      { email: "a@b", role: "learner" },
      { email: "Upper@Example.com", role: "learner" },
      { email: "two words@example.com", role: "learner" },
    ]) {
      const error = await failure(direct(values));
      expect(error, values.email).toMatchObject({ status: 400, message: "That value is not allowed" });
    }
    for (const role of ["owner", "admin", ""]) {
      expect((await failure(direct({ email: newEmail(), role }))).status).toBe(400);
    }
    // Through createInvitation too, when a caller forgets the schema.
    const error = await failure(invite(org, "not-an-email"));
    expect(error.status).toBe(400);
    expect(await failure(invite(org, newEmail(), "owner" as MemberRole))).toMatchObject({ status: 400 });
    expect(await rowsOf(org.id)).toEqual([]);
  });

  it("a malformed token hash is refused by the database", async () => {
    const org = await createOrg();
    const error = await failure(
      as(org.owner, (tx) =>
        tx.insert(invitations).values({
          organizationId: org.id,
          email: newEmail(),
          role: "learner",
          tokenHash: "the-token-itself",
          expiresAt: sql`now() + interval '7 days'`,
        }),
      ),
    );
    expect(error.status).toBe(400);
    expect(await rowsOf(org.id)).toEqual([]);
  });
});

describe("previewing an invitation link", () => {
  it("works for an anonymous visitor holding the token", async () => {
    const org = await createOrg();
    const email = newEmail();
    const { token } = await invite(org, email, "trainer");
    expect(await as(null, (tx) => previewInvitation(tx, token))).toEqual({
      organizationName: `Test Org ${org.slug}`,
      organizationSlug: org.slug,
      email,
      role: "trainer",
      status: "open",
      hasFreeSeat: true,
    });
  });

  it("shows nothing for an unknown or empty token", async () => {
    expect(await as(null, (tx) => previewInvitation(tx, "no-such-token"))).toBeNull();
    expect(await as(null, (tx) => previewInvitation(tx, ""))).toBeNull();
  });

  it("does not match the stored hash used as a token", async () => {
    const org = await createOrg();
    const { token } = await invite(org, newEmail());
    expect(await as(null, (tx) => previewInvitation(tx, sha256(token)))).toBeNull();
  });

  it("an anonymous visitor cannot read the invitations table itself", async () => {
    const org = await createOrg();
    await invite(org, newEmail());
    expect((await failure(as(null, (tx) => tx.select().from(invitations)))).status).toBe(403);
  });
});

describe("resending an invitation", () => {
  it("issues a new token, kills the old link, counts the send and restarts the 7 days", async () => {
    const org = await createOrg();
    const email = newEmail();
    const first = await invite(org, email);
    await service((tx) =>
      tx.update(invitations).set({ expiresAt: sql`now() + interval '1 day'`, lastSentAt: sql`now() - interval '6 days'` }).where(eq(invitations.id, first.id)),
    );

    const second = await as(org.owner, (tx) => resendInvitation(tx, { organizationId: org.id, invitationId: first.id }));
    expect(second.id).toBe(first.id);
    expect(second.token).not.toBe(first.token);

    expect(await as(null, (tx) => previewInvitation(tx, first.token))).toBeNull();
    expect(await as(null, (tx) => previewInvitation(tx, second.token))).toMatchObject({ email, status: "open" });

    const row = await rowById(first.id);
    expect(row.sendCount).toBe(2);
    expect(row.tokenHash).toBe(sha256(second.token));
    expectAboutNowPlus(row.expiresAt, INVITATION_TTL_DAYS * DAY_MS);
    expectAboutNowPlus(row.lastSentAt, 0);

    // The old link cannot be accepted any more; the new one can.
    const invitee = await createUserWithEmail(email);
    expect((await failure(as(invitee, (tx) => acceptInvitation(tx, first.token)))).status).toBe(404);
    expect(await as(invitee, (tx) => acceptInvitation(tx, second.token))).toBe(org.slug);
  });

  it("revives an expired invitation", async () => {
    const org = await createOrg();
    const { id } = await invite(org, newEmail());
    await expireNow(id);
    const { token } = await as(org.owner, (tx) => resendInvitation(tx, { organizationId: org.id, invitationId: id }));
    expect((await as(null, (tx) => previewInvitation(tx, token)))?.status).toBe("open");
  });

  it("refuses a revoked or accepted invitation (404)", async () => {
    const org = await createOrg();
    const revoked = await invite(org, newEmail());
    await as(org.owner, (tx) => revokeInvitation(tx, { organizationId: org.id, invitationId: revoked.id }));
    const error = await failure(as(org.owner, (tx) => resendInvitation(tx, { organizationId: org.id, invitationId: revoked.id })));
    expect(error).toMatchObject({ status: 404, message: "An open invitation with that id was not found" });
    expect((await rowById(revoked.id)).sendCount).toBe(1);
  });
});

describe("revoking an invitation", () => {
  it("closes the link: preview says revoked and accepting fails with 410", async () => {
    const org = await createOrg();
    const email = newEmail();
    const { id, token } = await invite(org, email);
    expect(await as(org.owner, (tx) => revokeInvitation(tx, { organizationId: org.id, invitationId: id }))).toEqual({ id });
    expect((await rowById(id)).revokedAt).toBeInstanceOf(Date);
    expect((await as(null, (tx) => previewInvitation(tx, token)))?.status).toBe("revoked");

    const invitee = await createUserWithEmail(email);
    const error = await failure(as(invitee, (tx) => acceptInvitation(tx, token)));
    expect(error.status).toBe(410);
    expect(error.message).toMatch(/revoked/);
    expect(await membershipOf(org.id, invitee.sub)).toBeUndefined();
  });

  it("a second revoke finds no open invitation (404)", async () => {
    const org = await createOrg();
    const { id } = await invite(org, newEmail());
    await as(org.owner, (tx) => revokeInvitation(tx, { organizationId: org.id, invitationId: id }));
    expect((await failure(as(org.owner, (tx) => revokeInvitation(tx, { organizationId: org.id, invitationId: id })))).status).toBe(404);
  });

  it("lets the same email be invited again", async () => {
    const org = await createOrg();
    const email = newEmail();
    const { id } = await invite(org, email);
    await as(org.owner, (tx) => revokeInvitation(tx, { organizationId: org.id, invitationId: id }));
    await invite(org, email, "trainer");
    expect((await rowsOf(org.id)).map((r) => [r.role, r.revokedAt === null])).toEqual([
      ["learner", false],
      ["trainer", true],
    ]);
  });
});

describe("an expired invitation", () => {
  it("cannot be accepted (410), and a new invitation for the same email revokes it", async () => {
    const org = await createOrg();
    const email = newEmail();
    const old = await invite(org, email);
    await expireNow(old.id);
    expect((await as(null, (tx) => previewInvitation(tx, old.token)))?.status).toBe("expired");
    expect((await as(org.owner, (tx) => listInvitations(tx, org.id)))[0].status).toBe("expired");

    const invitee = await createUserWithEmail(email);
    const error = await failure(as(invitee, (tx) => acceptInvitation(tx, old.token)));
    expect(error.status).toBe(410);
    expect(error.message).toMatch(/expired/);

    const fresh = await invite(org, email, "trainer");
    const oldRow = await rowById(old.id);
    expect(oldRow.revokedAt).toBeInstanceOf(Date);
    expect(oldRow.acceptedAt).toBeNull();
    expect((await as(null, (tx) => previewInvitation(tx, old.token)))?.status).toBe("revoked");
    expect((await as(null, (tx) => previewInvitation(tx, fresh.token)))?.status).toBe("open");
    const revokedAudit = (await auditOf(old.id)).find((a) => a.action === "invitation.revoked");
    expect(revokedAudit).toMatchObject({ actorId: org.owner.sub });

    expect(await as(invitee, (tx) => acceptInvitation(tx, fresh.token))).toBe(org.slug);
    expect(await membershipOf(org.id, invitee.sub)).toMatchObject({ role: "trainer" });
  });
});

describe("accepting an invitation", () => {
  it("joins the invitee with the invitation's role; the link then stops working", async () => {
    const org = await createOrg();
    const email = newEmail();
    const { id, token } = await invite(org, email, "trainer");
    const invitee = await createUserWithEmail(email);

    expect(await as(invitee, (tx) => acceptInvitation(tx, token))).toBe(org.slug);
    expect(await membershipOf(org.id, invitee.sub)).toMatchObject({ role: "trainer", isOwner: false });
    const row = await rowById(id);
    expect(row.acceptedAt).toBeInstanceOf(Date);
    expect(row.acceptedBy).toBe(invitee.sub);
    expect((await as(null, (tx) => previewInvitation(tx, token)))?.status).toBe("accepted");

    const again = await failure(as(invitee, (tx) => acceptInvitation(tx, token)));
    expect(again).toMatchObject({ status: 410, message: "This invitation has already been used" });
  });

  it("an org_admin invitation makes an admin, not an owner", async () => {
    const org = await createOrg();
    const email = newEmail();
    const { token } = await invite(org, email, "org_admin");
    const invitee = await createUserWithEmail(email);
    await as(invitee, (tx) => acceptInvitation(tx, token));
    expect(await membershipOf(org.id, invitee.sub)).toMatchObject({ role: "org_admin", isOwner: false });
  });

  it("refuses a user whose email differs (403) and writes nothing", async () => {
    const org = await createOrg();
    const email = newEmail();
    const { id, token } = await invite(org, email);
    const stranger = await createUser("stranger");
    const before = await auditCount(org.id);

    const error = await failure(as(stranger, (tx) => acceptInvitation(tx, token)));
    expect(error.status).toBe(403);
    expect(error.message).toBe(`This invitation is for ${email}; sign in with that email to accept it`);
    expect(await membershipOf(org.id, stranger.sub)).toBeUndefined();
    expect((await rowById(id)).acceptedAt).toBeNull();
    expect(await auditCount(org.id)).toBe(before);
  });

  it("refuses someone who is already a member (409) and leaves the invitation open", async () => {
    const org = await createOrg();
    const email = newEmail();
    const { id, token } = await invite(org, email, "trainer");
    const invitee = await createUserWithEmail(email);
    await service((tx) => tx.insert(memberships).values({ organizationId: org.id, userId: invitee.sub, role: "learner" }));

    const error = await failure(as(invitee, (tx) => acceptInvitation(tx, token)));
    expect(error).toMatchObject({ status: 409, message: "You are already a member of this organization" });
    expect(await membershipOf(org.id, invitee.sub)).toMatchObject({ role: "learner" });
    expect((await rowById(id)).acceptedAt).toBeNull();
  });

  it("refuses an unknown token (404)", async () => {
    const user = await createUser();
    expect(await failure(as(user, (tx) => acceptInvitation(tx, "no-such-token")))).toMatchObject({
      status: 404,
      message: "This invitation link is not valid",
    });
  });

  it("refuses an anonymous caller and writes nothing", async () => {
    const org = await createOrg();
    const { id, token } = await invite(org, newEmail());
    const error = await failure(as(null, (tx) => acceptInvitation(tx, token)));
    expect([401, 403]).toContain(error.status);
    expect((await rowById(id)).acceptedAt).toBeNull();
  });

  it("two simultaneous accepts by the invitee: one membership, the other fails cleanly", async () => {
    const org = await createOrg();
    const email = newEmail();
    const { token } = await invite(org, email);
    const invitee = await createUserWithEmail(email);
    const results = await Promise.allSettled([
      as(invitee, (tx) => acceptInvitation(tx, token)),
      as(invitee, (tx) => acceptInvitation(tx, token)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(toAppError(rejected.reason).status).toBe(410);
  });
});

describe("who may manage invitations", () => {
  it("a learner cannot create (403) or see (empty list) the organization's invitations", async () => {
    const org = await createOrg({ learner: "learner" });
    await invite(org, newEmail());
    const learner = org.members.learner;

    const error = await failure(invite(org, newEmail(), "learner", learner));
    expect(error).toMatchObject({ status: 403, message: "You do not have permission to do that" });
    expect(await as(learner, (tx) => listInvitations(tx, org.id))).toEqual([]);
    expect(await rowsOf(org.id)).toHaveLength(1);
  });

  it("a learner or trainer cannot resend or revoke (404: the invitation is invisible to them)", async () => {
    const org = await createOrg({ learner: "learner", trainer: "trainer" });
    const { id, token } = await invite(org, newEmail());
    for (const who of [org.members.learner, org.members.trainer]) {
      expect((await failure(as(who, (tx) => resendInvitation(tx, { organizationId: org.id, invitationId: id })))).status).toBe(404);
      expect((await failure(as(who, (tx) => revokeInvitation(tx, { organizationId: org.id, invitationId: id })))).status).toBe(404);
    }
    const row = await rowById(id);
    expect(row).toMatchObject({ sendCount: 1, revokedAt: null, tokenHash: sha256(token) });
  });

  it("a non-owner org admin can manage invitations", async () => {
    const org = await createOrg({ admin: "org_admin" });
    const created = await invite(org, newEmail(), "learner", org.members.admin);
    expect((await rowById(created.id)).invitedBy).toBe(org.members.admin.sub);
  });

  it("an admin of another organization can neither see nor touch them", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const { id, token } = await invite(a, newEmail());

    expect(await as(b.owner, (tx) => listInvitations(tx, a.id))).toEqual([]);
    for (const organizationId of [a.id, b.id]) {
      expect((await failure(as(b.owner, (tx) => resendInvitation(tx, { organizationId, invitationId: id })))).status).toBe(404);
      expect((await failure(as(b.owner, (tx) => revokeInvitation(tx, { organizationId, invitationId: id })))).status).toBe(404);
    }
    const error = await failure(as(b.owner, (tx) => createInvitation(tx, { organizationId: a.id, email: newEmail(), role: "org_admin", invitedBy: b.owner.sub })));
    expect(error.status).toBe(403);
    expect(await rowsOf(a.id)).toEqual([expect.objectContaining({ id, tokenHash: sha256(token), sendCount: 1, revokedAt: null })]);
  });

  it("the org id in the call must be the invitation's own: another org's id finds nothing", async () => {
    const org = await createOrg();
    const other = await createOrg();
    const { id } = await invite(org, newEmail());
    // The owner of `org` also administers `other`, but the id pair does not match.
    await service((tx) => tx.insert(memberships).values({ organizationId: other.id, userId: org.owner.sub, role: "org_admin" }));
    expect((await failure(as(org.owner, (tx) => revokeInvitation(tx, { organizationId: other.id, invitationId: id })))).status).toBe(404);
    expect((await rowById(id)).revokedAt).toBeNull();
  });
});

describe("the audit trail", () => {
  it("records created, resent, revoked with actor, ip and user agent, and never the token hash", async () => {
    const org = await createOrg();
    const email = newEmail();
    const created = await invite(org, email, "trainer");
    const resent = await as(org.owner, (tx) => resendInvitation(tx, { organizationId: org.id, invitationId: created.id }), {
      ip: "2001:db8::42",
      userAgent: "agent-resend",
    });
    await as(org.owner, (tx) => revokeInvitation(tx, { organizationId: org.id, invitationId: created.id }), {
      ip: "192.0.2.55, 10.0.0.1",
      userAgent: "agent-revoke",
    });

    const audit = await auditOf(created.id);
    expect(audit.map((a) => [a.action, a.resourceType, a.organizationId, a.actorId, a.ipAddress, a.userAgent])).toEqual([
      ["invitation.created", "invitation", org.id, org.owner.sub, META.ip, META.userAgent],
      ["invitation.resent", "invitation", org.id, org.owner.sub, "2001:db8::42", "agent-resend"],
      ["invitation.revoked", "invitation", org.id, org.owner.sub, "192.0.2.55", "agent-revoke"],
    ]);
    expect(audit[0].oldValues).toBeNull();
    expect(audit[0].newValues).toMatchObject({ email, role: "trainer", send_count: 1 });
    expect(audit[1].oldValues).toMatchObject({ send_count: 1 });
    expect(audit[1].newValues).toMatchObject({ send_count: 2 });
    expect(audit[2].newValues).toMatchObject({ revoked_at: expect.any(String) });

    const text = JSON.stringify(audit);
    expect(text).not.toContain("token_hash");
    for (const secret of [created.token, resent.token, sha256(created.token), sha256(resent.token)]) {
      expect(text).not.toContain(secret);
    }
  });

  it("records the acceptance (invitation.accepted and membership.created) as the invitee", async () => {
    const org = await createOrg();
    const email = newEmail();
    const { id, token } = await invite(org, email);
    const invitee = await createUserWithEmail(email);
    await as(invitee, (tx) => acceptInvitation(tx, token), { ip: "198.51.100.23", userAgent: "agent-accept" });

    const accepted = (await auditOf(id)).filter((a) => a.action === "invitation.accepted");
    expect(accepted).toEqual([
      expect.objectContaining({ actorId: invitee.sub, ipAddress: "198.51.100.23", userAgent: "agent-accept", organizationId: org.id }),
    ]);
    expect(accepted[0].oldValues).toMatchObject({ accepted_at: null });
    expect(accepted[0].newValues).toMatchObject({ accepted_by: invitee.sub });
    expect(JSON.stringify(accepted)).not.toContain("token_hash");

    const membership = await membershipOf(org.id, invitee.sub);
    expect(await auditOf(membership.id)).toEqual([
      expect.objectContaining({
        action: "membership.created",
        actorId: invitee.sub,
        ipAddress: "198.51.100.23",
        newValues: expect.objectContaining({ role: "learner", user_id: invitee.sub }),
      }),
    ]);
  });

  it("without request metadata, or with a malformed ip, the change is still made and audited with nulls", async () => {
    const org = await createOrg();
    const a = await invite(org, newEmail(), "learner", org.owner, {});
    const b = await invite(org, newEmail(), "learner", org.owner, { ip: "not-an-ip", userAgent: "x".repeat(600) });
    expect(await auditOf(a.id)).toEqual([expect.objectContaining({ action: "invitation.created", ipAddress: null, userAgent: null })]);
    const [auditB] = await auditOf(b.id);
    expect(auditB.ipAddress).toBeNull();
    expect(auditB.userAgent).toHaveLength(512);
  });

  it("a refused change leaves no audit row", async () => {
    const org = await createOrg({ learner: "learner" });
    const before = await auditCount(org.id);
    await failure(invite(org, newEmail(), "learner", org.members.learner));
    expect(await auditCount(org.id)).toBe(before);
  });
});

/** A user signed up with exactly this email (the invitee). */
async function createUserWithEmail(email: string): Promise<SessionClaims> {
  const { createPasswordUser } = await import("@/db/queries/auth-users");
  const user = await withServiceDb("test fixture", (tx) => createPasswordUser(tx, { email, password: "invitee password", fullName: "Invitee" }), testDb());
  return { sub: user.id, email: user.email };
}
