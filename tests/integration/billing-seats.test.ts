// Seats, enforced by the database: every membership insert (invitation
// acceptance, sign-up through an invitation, a service-role insert) is refused
// with SW402 once the organization's seats are used; paid seats are the
// quantity of its active/trialing/past_due subscriptions, else the free plan's 10.
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { acceptInvitation, createInvitation, previewInvitation } from "@/db/queries/invitations";
import { assertInvitationUsable } from "@/lib/tenancy/invitation-status";
import { seatUsage } from "@/db/queries/billing";
import { invitations, memberships, subscriptions } from "@/db/schema";
import { toAppError } from "@/lib/errors";
import { seatChangeProblem } from "@/lib/stripe/checkout";
import { sqlState } from "../support/attempt";
import { createOrg, createUser, testDb, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import { givePaidSeats } from "../support/billing";

const service = <T>(fn: Parameters<typeof withServiceDb<T>>[1]) => withServiceDb("test fixture", fn, testDb());

async function addLearners(org: TestOrg, count: number) {
  for (let i = 0; i < count; i++) {
    const user = await createUser("seat");
    await service((tx) => tx.insert(memberships).values({ organizationId: org.id, userId: user.sub, role: "learner" }));
  }
}

async function memberCount(organizationId: string) {
  return service(async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from public.memberships where organization_id = ${organizationId}`))[0].n);
}

async function inviteAndAccept(org: TestOrg) {
  const invitee = await createUser("invitee");
  const { token } = await withUserDb(
    org.owner,
    (tx) => createInvitation(tx, { organizationId: org.id, email: invitee.email, role: "learner", invitedBy: org.owner.sub }),
    {},
    testDb(),
  );
  const accepted = await withUserDb(invitee, (tx) => acceptInvitation(tx, token), {}, testDb()).then(
    () => null,
    (error: unknown) => error,
  );
  return { invitee, token, error: accepted };
}

describe("the free tier: 10 seats", () => {
  it("accepting an invitation when all 10 seats are used fails with a clear 402, and changes nothing", async () => {
    const org = await createOrg();
    await addLearners(org, 9);
    expect(await memberCount(org.id)).toBe(10);

    const { invitee, error } = await inviteAndAccept(org);
    expect(sqlState(error)).toBe("SW402");
    const appError = toAppError(error);
    expect(appError.status).toBe(402);
    expect(appError.message).toBe("No free seat: 10 of 10 seats are used. Upgrade your plan or remove a member.");
    expect(await memberCount(org.id)).toBe(10);
    const [invitation] = await service((tx) => tx.select().from(invitations).where(eq(invitations.email, invitee.email)));
    expect(invitation.acceptedAt).toBeNull(); // still open: it works once a seat is free
  });

  it("the invitation link says there is no free seat before anyone signs up through it", async () => {
    const org = await createOrg();
    await addLearners(org, 9);
    const email = `newcomer-${Date.now()}@example.test`;
    const { token } = await withUserDb(
      org.owner,
      (tx) => createInvitation(tx, { organizationId: org.id, email, role: "learner", invitedBy: org.owner.sub }),
      {},
      testDb(),
    );
    const preview = await withUserDb(null, (tx) => previewInvitation(tx, token), {}, testDb());
    expect(preview).toMatchObject({ status: "open", hasFreeSeat: false });
    expect(() => assertInvitationUsable(preview, email)).toThrow(expect.objectContaining({ status: 402 }));
    await givePaidSeats(org.id, 20);
    const after = await withUserDb(null, (tx) => previewInvitation(tx, token), {}, testDb());
    expect(after?.hasFreeSeat).toBe(true);
  });

  it("the tenth member can join, and a freed seat can be taken again", async () => {
    const org = await createOrg();
    await addLearners(org, 8);
    expect((await inviteAndAccept(org)).error).toBeNull();
    expect(await memberCount(org.id)).toBe(10);

    const [someone] = await service((tx) =>
      tx.select({ id: memberships.id }).from(memberships).where(sql`${memberships.organizationId} = ${org.id} and not ${memberships.isOwner}`).limit(1),
    );
    await withUserDb(org.owner, (tx) => tx.delete(memberships).where(eq(memberships.id, someone.id)), {}, testDb());
    expect((await inviteAndAccept(org)).error).toBeNull();
  });

  it("applies to service-role inserts too", async () => {
    const org = await createOrg();
    await addLearners(org, 9);
    const extra = await createUser("extra");
    const error = await service((tx) => tx.insert(memberships).values({ organizationId: org.id, userId: extra.sub, role: "learner" })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(sqlState(error)).toBe("SW402");
  });

  it("concurrent joins cannot both take the last seat", async () => {
    const org = await createOrg();
    await addLearners(org, 8);
    const [a, b] = await Promise.all([createUser("racer"), createUser("racer")]);
    const results = await Promise.allSettled(
      [a, b].map((user) => service((tx) => tx.insert(memberships).values({ organizationId: org.id, userId: user.sub, role: "learner" }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await memberCount(org.id)).toBe(10);
  });
});

describe("paid seats", () => {
  it("an active subscription's quantity is the limit", async () => {
    const org = await createOrg();
    await givePaidSeats(org.id, 12);
    await addLearners(org, 11);
    const { error } = await inviteAndAccept(org);
    expect(toAppError(error).message).toBe("No free seat: 12 of 12 seats are used. Upgrade your plan or remove a member.");
  });

  it("past_due keeps the seats; canceled drops to the free tier without removing anyone", async () => {
    const org = await createOrg();
    const subscription = await givePaidSeats(org.id, 15, "past_due");
    await addLearners(org, 13);
    expect(await memberCount(org.id)).toBe(14);

    await service((tx) => tx.update(subscriptions).set({ status: "canceled" }).where(eq(subscriptions.id, subscription.id)));
    expect(await memberCount(org.id)).toBe(14);
    const { error } = await inviteAndAccept(org);
    expect(toAppError(error).message).toBe("No free seat: 14 of 10 seats are used. Upgrade your plan or remove a member.");
  });

  it("seat usage is shown to billing/member admins, not to learners", async () => {
    const org = await createOrg({ learner: "learner", trainer: "trainer" });
    await givePaidSeats(org.id, 30);
    expect(await withUserDb(org.owner, (tx) => seatUsage(tx, org.id), {}, testDb())).toEqual({ used: 3, limit: 30 });
    expect(await withUserDb(org.members.learner, (tx) => seatUsage(tx, org.id), {}, testDb())).toBeNull();
    expect(await withUserDb(org.members.trainer, (tx) => seatUsage(tx, org.id), {}, testDb())).toBeNull();
  });
});

describe("downgrades below the seats used", () => {
  it("are refused with the number of members to remove", () => {
    const team = { name: "Team", seatLimit: 200 };
    expect(seatChangeProblem({ usedSeats: 23, seats: 20, plan: team })).toBe(
      "Your organization has 23 members, more than 20 seats: remove 3 members first, or choose at least 23 seats.",
    );
    expect(seatChangeProblem({ usedSeats: 2, seats: 1, plan: team })).toBe(
      "Your organization has 2 members, more than 1 seat: remove 1 member first, or choose at least 2 seats.",
    );
    expect(seatChangeProblem({ usedSeats: 23, seats: 23, plan: team })).toBeNull();
    expect(seatChangeProblem({ usedSeats: 23, seats: 201, plan: team })).toMatch(/at most 200 seats/);
    expect(seatChangeProblem({ usedSeats: 23, seats: 5000, plan: { name: "Business", seatLimit: null } })).toBeNull();
  });
});
