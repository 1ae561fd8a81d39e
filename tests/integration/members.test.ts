// Members of an organization, driven through db/queries/members.ts inside
// withUserDb as the app does. RLS decides who may change what; the
// memberships guard trigger keeps an owner and protects owners.
import { describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createOrg, createUser, testDb, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import type { RequestMeta, SessionClaims } from "@/db/rls";
import type { Tx } from "@/db/client";
import { auditLogs, memberships } from "@/db/schema";
import { changeMemberRole, countMembersByRole, listMembers, removeMember, setMemberOwnership } from "@/db/queries/members";
import { AppError, toAppError } from "@/lib/errors";
import { failure } from "../support/attempt";
import type { MemberRole } from "@/lib/validation/tenancy";

const META: RequestMeta = { ip: "203.0.113.80", userAgent: "vitest members" };
const LAST_OWNER = "An organization must keep at least one owner; make someone else owner first";
const OWNER_IS_ADMIN = "An owner is always an org admin; make someone else owner before changing this role";
const ONLY_OWNER = "Only an owner can change or remove another owner";

const as = <T,>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>, meta: RequestMeta = META) => withUserDb(claims, fn, meta, testDb());
const service = <T,>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test fixture", fn, testDb());


/** The organization's memberships as the database holds them (bypassing RLS). */
const snapshot = (organizationId: string) =>
  service((tx) =>
    tx
      .select({ id: memberships.id, userId: memberships.userId, role: memberships.role, isOwner: memberships.isOwner })
      .from(memberships)
      .where(eq(memberships.organizationId, organizationId))
      .orderBy(asc(memberships.id)),
  );
const membershipIdOf = async (org: TestOrg, user: SessionClaims) =>
  (
    await service((tx) =>
      tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.organizationId, org.id), eq(memberships.userId, user.sub))),
    )
  )[0].id;
const auditOf = (resourceId: string) =>
  service((tx) => tx.select().from(auditLogs).where(eq(auditLogs.resourceId, resourceId)).orderBy(asc(auditLogs.id)));

async function addMember(org: TestOrg, user: SessionClaims, role: MemberRole, isOwner = false) {
  await service((tx) => tx.insert(memberships).values({ organizationId: org.id, userId: user.sub, role, isOwner }));
  return membershipIdOf(org, user);
}

describe("listMembers", () => {
  it("lists owners first, then admins, trainers, learners, each by name and email, with each member's details", async () => {
    const org = await createOrg();
    const zed = await createUser("zed", "Zed Learner");
    const amy = await createUser("amy", "Amy Learner");
    const same1 = await createUser("a-same", "Same Name");
    const same2 = await createUser("b-same", "Same Name");
    const bob = await createUser("bob", "Bob Trainer");
    const cat = await createUser("cat", "Cat Admin");
    for (const [user, role] of [
      [zed, "learner"],
      [bob, "trainer"],
      [same2, "learner"],
      [cat, "org_admin"],
      [amy, "learner"],
      [same1, "learner"],
    ] as const) {
      await addMember(org, user, role);
    }

    const members = await as(org.owner, (tx) => listMembers(tx, org.id));
    expect(members.map((m) => [m.email, m.fullName, m.role, m.isOwner])).toEqual([
      [org.owner.email, "Test User", "org_admin", true],
      [cat.email, "Cat Admin", "org_admin", false],
      [bob.email, "Bob Trainer", "trainer", false],
      [amy.email, "Amy Learner", "learner", false],
      [same1.email, "Same Name", "learner", false],
      [same2.email, "Same Name", "learner", false],
      [zed.email, "Zed Learner", "learner", false],
    ]);
    const owner = members[0];
    expect(owner.userId).toBe(org.owner.sub);
    expect(owner.membershipId).toBe(await membershipIdOf(org, org.owner));
    expect(owner.joinedAt).toBeInstanceOf(Date);
    expect(await as(org.owner, (tx) => countMembersByRole(tx, org.id))).toEqual({ org_admin: 2, learner: 4, trainer: 1 });
  });

  it("every member can see the member list; outsiders see nothing", async () => {
    const org = await createOrg({ learner: "learner" });
    const outsider = await createUser("outsider");
    expect(await as(org.members.learner, (tx) => listMembers(tx, org.id))).toHaveLength(2);
    expect(await as(outsider, (tx) => listMembers(tx, org.id))).toEqual([]);
    expect(await as(outsider, (tx) => countMembersByRole(tx, org.id))).toEqual({});
  });
});

describe("changeMemberRole", () => {
  it("an admin changes a member's role; the change is audited with old and new role", async () => {
    const org = await createOrg({ learner: "learner" });
    const id = await membershipIdOf(org, org.members.learner);

    expect(await as(org.owner, (tx) => changeMemberRole(tx, { organizationId: org.id, membershipId: id, role: "trainer" }))).toEqual({
      id,
      role: "trainer",
    });
    expect((await snapshot(org.id)).find((m) => m.id === id)?.role).toBe("trainer");

    const updated = (await auditOf(id)).filter((a) => a.action === "membership.updated");
    expect(updated).toEqual([
      expect.objectContaining({
        organizationId: org.id,
        resourceType: "membership",
        actorId: org.owner.sub,
        ipAddress: META.ip,
        userAgent: META.userAgent,
        oldValues: expect.objectContaining({ role: "learner", is_owner: false }),
        newValues: expect.objectContaining({ role: "trainer", is_owner: false }),
      }),
    ]);
  });

  it("a non-owner admin can change a non-owner's role", async () => {
    const org = await createOrg({ admin: "org_admin", learner: "learner" });
    const id = await membershipIdOf(org, org.members.learner);
    await as(org.members.admin, (tx) => changeMemberRole(tx, { organizationId: org.id, membershipId: id, role: "org_admin" }));
    expect((await snapshot(org.id)).find((m) => m.id === id)?.role).toBe("org_admin");
  });

  it("a learner or trainer cannot change roles, not even their own (404), and nothing changes", async () => {
    const org = await createOrg({ learner: "learner", trainer: "trainer", other: "learner" });
    const before = await snapshot(org.id);
    for (const who of [org.members.learner, org.members.trainer]) {
      for (const target of [who, org.members.other, org.owner]) {
        const membershipId = await membershipIdOf(org, target);
        const error = await failure(as(who, (tx) => changeMemberRole(tx, { organizationId: org.id, membershipId, role: "org_admin" })));
        expect(error).toMatchObject({ status: 404, message: "That member was not found" });
      }
    }
    expect(await snapshot(org.id)).toEqual(before);
  });

  it("an owner's role cannot be demoted (409), not even by the owner", async () => {
    const org = await createOrg();
    const coOwner = await createUser("co-owner");
    const coOwnerId = await addMember(org, coOwner, "org_admin", true);
    const ownerId = await membershipIdOf(org, org.owner);
    const before = await snapshot(org.id);

    for (const [who, membershipId] of [
      [org.owner, ownerId],
      [org.owner, coOwnerId],
    ] as const) {
      for (const role of ["trainer", "learner"] as const) {
        const error = await failure(as(who, (tx) => changeMemberRole(tx, { organizationId: org.id, membershipId, role })));
        expect(error).toMatchObject({ status: 409, message: OWNER_IS_ADMIN });
      }
    }
    expect(await snapshot(org.id)).toEqual(before);
  });

  it("a non-owner admin cannot change an owner (403)", async () => {
    const org = await createOrg({ admin: "org_admin" });
    const ownerId = await membershipIdOf(org, org.owner);
    const before = await snapshot(org.id);
    for (const role of ["learner", "org_admin"] as const) {
      const error = await failure(as(org.members.admin, (tx) => changeMemberRole(tx, { organizationId: org.id, membershipId: ownerId, role })));
      expect(error).toMatchObject({ status: 403, message: ONLY_OWNER });
    }
    expect(await snapshot(org.id)).toEqual(before);
  });

  it("a non-owner admin cannot make anyone an owner, themselves included (403)", async () => {
    const org = await createOrg({ admin: "org_admin" });
    const adminId = await membershipIdOf(org, org.members.admin);
    const before = await snapshot(org.id);
    const error = await failure(
      as(org.members.admin, (tx) => tx.update(memberships).set({ isOwner: true }).where(eq(memberships.id, adminId))),
    );
    expect(error).toMatchObject({ status: 403, message: "Only an owner can change ownership" });
    expect(await snapshot(org.id)).toEqual(before);
  });

  it("a membership cannot be moved to another organization (400)", async () => {
    const a = await createOrg({ learner: "learner" });
    const b = await createOrg();
    await addMember(b, a.owner, "org_admin");
    const id = await membershipIdOf(a, a.members.learner);
    const error = await failure(as(a.owner, (tx) => tx.update(memberships).set({ organizationId: b.id }).where(eq(memberships.id, id))));
    expect(error).toMatchObject({ status: 400, message: "A membership cannot move to another organization or user" });
    expect(await snapshot(b.id)).toHaveLength(2);
  });
});

describe("removeMember", () => {
  it("an admin removes a member; the removal is audited", async () => {
    const org = await createOrg({ learner: "learner" });
    const id = await membershipIdOf(org, org.members.learner);
    expect(await as(org.owner, (tx) => removeMember(tx, { organizationId: org.id, membershipId: id }))).toEqual({ id });
    expect((await snapshot(org.id)).map((m) => m.userId)).toEqual([org.owner.sub]);
    expect((await auditOf(id)).at(-1)).toMatchObject({
      action: "membership.deleted",
      actorId: org.owner.sub,
      ipAddress: META.ip,
      oldValues: expect.objectContaining({ role: "learner", user_id: org.members.learner.sub }),
      newValues: null,
    });
  });

  it("refuses to remove the last owner (409) and changes nothing", async () => {
    const org = await createOrg({ learner: "learner" });
    const ownerId = await membershipIdOf(org, org.owner);
    const before = await snapshot(org.id);
    const auditBefore = (await auditOf(ownerId)).length;

    const error = await failure(as(org.owner, (tx) => removeMember(tx, { organizationId: org.id, membershipId: ownerId })));
    expect(error).toMatchObject({ status: 409, message: LAST_OWNER });
    expect(error.message).toMatch(/at least one owner/);
    expect(await snapshot(org.id)).toEqual(before);
    expect(await auditOf(ownerId)).toHaveLength(auditBefore);
  });

  it("an owner may leave when another owner remains", async () => {
    const org = await createOrg();
    const coOwner = await createUser("co-owner");
    await addMember(org, coOwner, "org_admin", true);
    const ownerId = await membershipIdOf(org, org.owner);
    await as(org.owner, (tx) => removeMember(tx, { organizationId: org.id, membershipId: ownerId }));
    expect(await snapshot(org.id)).toEqual([expect.objectContaining({ userId: coOwner.sub, isOwner: true })]);
    // Now the remaining owner is the last one.
    const coOwnerId = await membershipIdOf(org, coOwner);
    expect((await failure(as(coOwner, (tx) => removeMember(tx, { organizationId: org.id, membershipId: coOwnerId })))).status).toBe(409);
  });

  // guard_membership_change() locks the organization row before counting owners.
  it("two owners leaving at the same time: one succeeds, the other gets a 409", async () => {
    const org = await createOrg();
    const coOwner = await createUser("co-owner");
    const coOwnerId = await addMember(org, coOwner, "org_admin", true);
    const ownerId = await membershipIdOf(org, org.owner);

    // Each transaction waits (briefly) for the other to reach the same point
    // before committing; with a lock in the guard the second one waits
    // instead, and the first one commits after the timeout.
    let arrivals = 0;
    let release!: () => void;
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    const leave = (who: SessionClaims, membershipId: string) =>
      as(who, async (tx) => {
        await removeMember(tx, { organizationId: org.id, membershipId });
        if (++arrivals === 2) release();
        await Promise.race([bothArrived, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      });

    const results = await Promise.allSettled([leave(org.owner, ownerId), leave(coOwner, coOwnerId)]);
    const owners = (await snapshot(org.id)).filter((m) => m.isOwner);
    expect(owners).toHaveLength(1);
    const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(toAppError(rejected[0].reason)).toMatchObject({ status: 409, message: LAST_OWNER });
  });

  it("an owner may remove another owner", async () => {
    const org = await createOrg();
    const coOwner = await createUser("co-owner");
    const coOwnerId = await addMember(org, coOwner, "org_admin", true);
    await as(org.owner, (tx) => removeMember(tx, { organizationId: org.id, membershipId: coOwnerId }));
    expect((await snapshot(org.id)).map((m) => m.userId)).toEqual([org.owner.sub]);
  });

  it("a non-owner admin cannot remove an owner (403), even when another owner would remain", async () => {
    const org = await createOrg({ admin: "org_admin" });
    const coOwner = await createUser("co-owner");
    await addMember(org, coOwner, "org_admin", true);
    const ownerId = await membershipIdOf(org, org.owner);
    const before = await snapshot(org.id);
    const error = await failure(as(org.members.admin, (tx) => removeMember(tx, { organizationId: org.id, membershipId: ownerId })));
    expect(error).toMatchObject({ status: 403, message: ONLY_OWNER });
    expect(await snapshot(org.id)).toEqual(before);
  });

  it("a non-owner admin can remove another admin", async () => {
    const org = await createOrg({ admin: "org_admin", admin2: "org_admin" });
    const id = await membershipIdOf(org, org.members.admin2);
    await as(org.members.admin, (tx) => removeMember(tx, { organizationId: org.id, membershipId: id }));
    expect((await snapshot(org.id)).some((m) => m.id === id)).toBe(false);
  });

  it("a member can leave (delete their own membership)", async () => {
    const org = await createOrg({ learner: "learner", trainer: "trainer" });
    for (const who of [org.members.learner, org.members.trainer]) {
      const id = await membershipIdOf(org, who);
      expect(await as(who, (tx) => removeMember(tx, { organizationId: org.id, membershipId: id }))).toEqual({ id });
      expect((await auditOf(id)).at(-1)).toMatchObject({ action: "membership.deleted", actorId: who.sub });
    }
    expect((await snapshot(org.id)).map((m) => m.userId)).toEqual([org.owner.sub]);
  });

  it("a learner or trainer cannot remove anyone else (404), and nothing changes", async () => {
    const org = await createOrg({ learner: "learner", trainer: "trainer" });
    const before = await snapshot(org.id);
    for (const [who, target] of [
      [org.members.learner, org.members.trainer],
      [org.members.trainer, org.members.learner],
      [org.members.learner, org.owner],
    ] as const) {
      const membershipId = await membershipIdOf(org, target);
      expect((await failure(as(who, (tx) => removeMember(tx, { organizationId: org.id, membershipId })))).status).toBe(404);
    }
    expect(await snapshot(org.id)).toEqual(before);
  });
});

describe("setMemberOwnership", () => {
  it("an owner hands ownership to an admin, who can then let the first owner go", async () => {
    const org = await createOrg();
    const admin = await createUser("heir", "Heir Admin");
    const adminId = await addMember(org, admin, "org_admin");
    await as(org.owner, (tx) => setMemberOwnership(tx, { organizationId: org.id, membershipId: adminId, isOwner: true }));
    const founderId = await membershipIdOf(org, org.owner);
    await as(admin, (tx) => removeMember(tx, { organizationId: org.id, membershipId: founderId }));
    expect((await snapshot(org.id)).map((m) => [m.userId, m.isOwner])).toEqual([[admin.sub, true]]);
  });

  it("a learner cannot be made owner, and a non-owner admin cannot make owners", async () => {
    const org = await createOrg();
    const learnerId = await addMember(org, await createUser("pupil"), "learner");
    const admin = await createUser("plain-admin");
    const adminId = await addMember(org, admin, "org_admin");
    const learnerFailure = await failure(
      as(org.owner, (tx) => setMemberOwnership(tx, { organizationId: org.id, membershipId: learnerId, isOwner: true })),
    );
    expect(learnerFailure.status).toBe(409);
    expect(learnerFailure.message).toBe("Only org admins can be owners; make them an org admin first");
    const adminFailure = await failure(
      as(admin, (tx) => setMemberOwnership(tx, { organizationId: org.id, membershipId: adminId, isOwner: true })),
    );
    expect(adminFailure.status).toBe(403);
  });
});

describe("cross-tenant ids", () => {
  it("an admin of org B cannot change or remove a membership of org A, whichever org id is passed (404)", async () => {
    const a = await createOrg({ learner: "learner" });
    const b = await createOrg({ learner: "learner" });
    const victimId = await membershipIdOf(a, a.members.learner);
    const ownerAId = await membershipIdOf(a, a.owner);
    const beforeA = await snapshot(a.id);
    const beforeB = await snapshot(b.id);

    for (const organizationId of [a.id, b.id]) {
      for (const membershipId of [victimId, ownerAId]) {
        const change = await failure(as(b.owner, (tx) => changeMemberRole(tx, { organizationId, membershipId, role: "org_admin" })));
        expect(change).toMatchObject({ status: 404, message: "That member was not found" });
        const remove = await failure(as(b.owner, (tx) => removeMember(tx, { organizationId, membershipId })));
        expect(remove).toMatchObject({ status: 404, message: "That member was not found" });
      }
    }
    expect(await snapshot(a.id)).toEqual(beforeA);
    expect(await snapshot(b.id)).toEqual(beforeB);
    expect(await as(b.owner, (tx) => listMembers(tx, a.id))).toEqual([]);
  });

  it("an admin of both orgs cannot reach org A's membership through org B's id", async () => {
    const a = await createOrg({ learner: "learner" });
    const b = await createOrg();
    await addMember(b, a.owner, "org_admin");
    const victimId = await membershipIdOf(a, a.members.learner);
    const before = await snapshot(a.id);
    expect((await failure(as(a.owner, (tx) => changeMemberRole(tx, { organizationId: b.id, membershipId: victimId, role: "trainer" })))).status).toBe(404);
    expect((await failure(as(a.owner, (tx) => removeMember(tx, { organizationId: b.id, membershipId: victimId })))).status).toBe(404);
    expect(await snapshot(a.id)).toEqual(before);
  });
});
