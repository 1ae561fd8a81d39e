// The audit log: who did what, by name; API keys, course publishing, grading
// and billing recorded in the transaction of the change; filters by actor,
// action and date; keyset pages that cover every entry exactly once.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { closeDb } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { auditLogs, memberships, profiles, subscriptions } from "@/db/schema";
import { authenticateApiKey, createApiKey, revokeApiKey } from "@/db/queries/api-keys";
import { setCoursePublished } from "@/db/queries/courses";
import { gradeAnswer, saveAnswer, startAttempt, submitAttempt } from "@/db/queries/attempts";
import { auditFilterOptions, listAuditLogs, recordBillingRequest, type AuditFilters } from "@/db/queries/audit-logs";
import { createInvitation } from "@/db/queries/invitations";
import { auditSearchInput, auditSearchSchema } from "@/lib/validation/audit";
import { actorLabel } from "@/components/audit/format";
import { createOrg, testDb, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import { givePaidSeats } from "../support/billing";
import { failure } from "../support/attempt";
import { as, createLearningWorld, service } from "../support/learning-world";

afterAll(closeDb);

/** Gives the user a recognisable name (fixtures all start as "Test User"). */
async function rename(user: SessionClaims, fullName: string) {
  await service((tx) => tx.update(profiles).set({ fullName }).where(eq(profiles.id, user.sub)));
}

/** Every entry of the organization, newest first, as its owner reads them (RLS, audit.view). */
async function entriesOf(org: TestOrg, filters: AuditFilters = {}) {
  return (await withUserDb(org.owner, (tx) => listAuditLogs(tx, org.id, { filters, limit: 1000 }), {}, testDb())).entries;
}

describe("what is recorded, with names", () => {
  it("API keys: creation and revocation by the admin, named; the key's hash never logged; being used is not an entry", async () => {
    const org = await createOrg();
    await rename(org.owner, "Olive Owner");
    const created = await withUserDb(org.owner, (tx) => createApiKey(tx, { organizationId: org.id, name: "LMS", createdBy: org.owner.sub }), { ip: "203.0.113.9", userAgent: "test" }, testDb());
    await service((tx) => authenticateApiKey(tx, created.key));
    await withUserDb(org.owner, (tx) => revokeApiKey(tx, { organizationId: org.id, apiKeyId: created.id }), {}, testDb());

    const keys = (await entriesOf(org)).filter((entry) => entry.resourceType === "api_key");
    expect(keys.map((entry) => entry.action)).toEqual(["api_key.revoked", "api_key.created"]);
    for (const entry of keys) {
      expect(entry).toMatchObject({ actorId: org.owner.sub, actorName: "Olive Owner", actorEmail: org.owner.email, subject: `LMS (${created.keyPrefix}…)` });
      expect(JSON.stringify([entry.oldValues, entry.newValues])).not.toContain("key_hash");
    }
    expect(keys[1].ipAddress).toBe("203.0.113.9");
    expect(actorLabel(keys[0])).toEqual({ name: "Olive Owner", email: org.owner.email });
  });

  it("course publishing and unpublishing, and grading — as the trainer, though grading writes as the service role", async () => {
    const world = await createLearningWorld();
    await rename(world.trainer, "Tom Trainer");
    await rename(world.learner, "Lea Learner");
    const organizationId = world.org.id;
    await as(world.trainer, (tx) => setCoursePublished(tx, { organizationId, courseId: world.courseId, publish: false }));
    await as(world.trainer, (tx) => setCoursePublished(tx, { organizationId, courseId: world.courseId, publish: true }));

    const { attempt } = await as(world.learner, (tx) => startAttempt(tx, { organizationId, assessmentId: world.assessmentId, userId: world.learner.sub }));
    await as(world.learner, (tx) =>
      saveAnswer(tx, { organizationId, attemptId: attempt.id, questionId: world.questionIds.text, userId: world.learner.sub, response: { text: "private words" } }),
    );
    await submitAttempt(world.learner, { organizationId, attemptId: attempt.id }, testDb());
    const [answer] = await service((tx) => tx.execute<{ id: string }>(sql`select id from public.answers where attempt_id = ${attempt.id}::uuid and question_id = ${world.questionIds.text}::uuid`));
    await gradeAnswer(world.trainer, { organizationId, answerId: answer.id, points: 3, feedback: "Good" }, testDb());

    const entries = await entriesOf(world.org);
    const courses = entries.filter((entry) => entry.resourceType === "course");
    // createLearningWorld published once; then unpublished and published again.
    expect(courses.map((entry) => entry.action)).toEqual(["course.published", "course.unpublished", "course.published"]);
    expect(courses[0]).toMatchObject({ actorName: "Tom Trainer", subject: "Numbers" });
    const graded = entries.filter((entry) => entry.action === "answer.graded");
    expect(graded).toHaveLength(1);
    expect(graded[0]).toMatchObject({ actorId: world.trainer.sub, actorName: "Tom Trainer", subject: `Lea Learner <${world.learner.email}>'s answer in Numbers quiz` });
    expect(graded[0].newValues).toMatchObject({ points_awarded: 3, feedback: "Good" });
    // The learner's own words stay in their answer, not in the log; saving answers is not an entry.
    expect(JSON.stringify(entries)).not.toContain("private words");
    expect(entries.filter((entry) => entry.resourceType === "answer")).toHaveLength(1);
  });

  it("billing: Stripe's subscription changes by kind, as Stripe; an admin's request to Stripe as the admin; a learner cannot write one", async () => {
    const org = await createOrg({ learner: "learner" });
    await rename(org.owner, "Bill Admin");
    const subscription = await givePaidSeats(org.id, 12);
    await service((tx) => tx.update(subscriptions).set({ planId: "business" }).where(eq(subscriptions.id, subscription.id)));
    await service((tx) => tx.update(subscriptions).set({ quantity: 15 }).where(eq(subscriptions.id, subscription.id)));
    await service((tx) => tx.update(subscriptions).set({ status: "canceled" }).where(eq(subscriptions.id, subscription.id)));
    await withUserDb(org.owner, (tx) => recordBillingRequest(tx, org.id, "change_requested", { planId: "business", seats: 20, interval: "year" }), {}, testDb());
    expect((await failure(withUserDb(org.members.learner, (tx) => recordBillingRequest(tx, org.id, "checkout_started", { planId: "team", seats: 5, interval: "month" }), {}, testDb()))).status).toBe(403);

    const billing = (await entriesOf(org)).filter((entry) => ["subscription", "billing"].includes(entry.resourceType));
    expect(billing.map((entry) => entry.action)).toEqual([
      "billing.change_requested",
      "subscription.canceled",
      "subscription.seats_changed",
      "subscription.plan_changed",
      "subscription.created",
    ]);
    expect(billing[0]).toMatchObject({ actorName: "Bill Admin", subject: "Business plan, 20 seats, yearly" });
    expect(billing[2]).toMatchObject({ actorId: null, subject: "Business plan, 15 seats, active" });
    expect(actorLabel(billing[2])).toEqual({ name: "Stripe", email: null });
  });

  it("a removed member's entries still name them", async () => {
    const org = await createOrg({ admin: "org_admin" });
    await rename(org.members.admin, "Gone Admin");
    await withUserDb(org.members.admin, (tx) => createInvitation(tx, { organizationId: org.id, email: `x-${randomUUID()}@example.test`, role: "learner", invitedBy: org.members.admin.sub }), {}, testDb());
    await service((tx) => tx.delete(memberships).where(and(eq(memberships.organizationId, org.id), eq(memberships.userId, org.members.admin.sub))));
    const [invited] = (await entriesOf(org)).filter((entry) => entry.action === "invitation.created");
    expect(invited).toMatchObject({ actorName: "Gone Admin", actorEmail: org.members.admin.email });
    expect(invited.subject).toMatch(/^x-.*@example\.test as learner$/);
    const removed = (await entriesOf(org)).find((entry) => entry.action === "membership.deleted")!;
    expect(removed.subject).toBe(`Gone Admin <${org.members.admin.email}> as org_admin`);
  });
});

describe("filters and pages", () => {
  async function orgWithHistory() {
    const org = await createOrg({ admin: "org_admin" });
    await rename(org.owner, "Olive Owner");
    await rename(org.members.admin, "Adam Admin");
    for (let i = 0; i < 5; i++) {
      await withUserDb(org.owner, (tx) => createApiKey(tx, { organizationId: org.id, name: `Owner key ${i}`, createdBy: org.owner.sub }), {}, testDb());
    }
    for (let i = 0; i < 3; i++) {
      await withUserDb(org.members.admin, (tx) => createApiKey(tx, { organizationId: org.id, name: `Admin key ${i}`, createdBy: org.members.admin.sub }), {}, testDb());
    }
    // Two entries in the past, written as the trigger would have (dates are the filter's subject).
    await service((tx) =>
      tx.insert(auditLogs).values([
        { organizationId: org.id, actorId: org.owner.sub, action: "membership.updated", resourceType: "membership", createdAt: new Date("2026-01-10T12:00:00Z") },
        { organizationId: org.id, actorId: org.owner.sub, action: "membership.updated", resourceType: "membership", createdAt: new Date("2026-01-20T23:59:59Z") },
      ]),
    );
    return org;
  }

  it("by actor (or Stripe/system), by action, by date range (inclusive days, UTC)", async () => {
    const org = await orgWithHistory();
    expect((await entriesOf(org, { actor: org.members.admin.sub })).map((entry) => entry.subject)).toEqual(
      ["Admin key 2", "Admin key 1", "Admin key 0"].map((name) => expect.stringMatching(new RegExp(`^${name} \\(`))),
    );
    // The fixture added the admin's membership as the service role: no person acted.
    expect((await entriesOf(org, { actor: "system" })).map((entry) => [entry.action, entry.actorId])).toEqual([["membership.created", null]]);
    expect((await entriesOf(org, { action: "api_key.created" })).length).toBe(8);
    expect((await entriesOf(org, { action: "membership.updated" })).length).toBe(2);
    expect((await entriesOf(org, { from: "2026-01-10", to: "2026-01-19" })).map((entry) => entry.createdAt.toISOString())).toEqual(["2026-01-10T12:00:00.000Z"]);
    expect((await entriesOf(org, { from: "2026-01-11", to: "2026-01-20" })).map((entry) => entry.createdAt.toISOString())).toEqual(["2026-01-20T23:59:59.000Z"]);
    expect((await entriesOf(org, { actor: org.owner.sub, action: "api_key.created" })).length).toBe(5);

    const options = await withUserDb(org.owner, (tx) => auditFilterOptions(tx, org.id), {}, testDb());
    expect(options.actors.map((actor) => actor.name)).toEqual(["Adam Admin", "Olive Owner"]);
    expect(options.actions).toEqual(expect.arrayContaining(["api_key.created", "membership.created", "membership.updated"]));
  });

  it("keyset pages, older and newer, cover every entry once, in order, with the filters kept", async () => {
    const org = await orgWithHistory();
    const all = await entriesOf(org);
    const read = (options: { before?: string; after?: string }) =>
      withUserDb(org.owner, (tx) => listAuditLogs(tx, org.id, { ...options, limit: 3 }), {}, testDb());

    const pages = [await read({})];
    expect(pages[0].newer).toBeNull();
    while (pages[pages.length - 1].older) pages.push(await read({ before: pages[pages.length - 1].older! }));
    expect(pages.flatMap((page) => page.entries.map((entry) => entry.id))).toEqual(all.map((entry) => entry.id));
    expect(pages.length).toBe(Math.ceil(all.length / 3));
    expect(pages[pages.length - 1].older).toBeNull();

    // Back from the last page to the first with "newer".
    let page = pages[pages.length - 1];
    const seen = [page.entries.map((entry) => entry.id)];
    while (page.newer) {
      page = await read({ after: page.newer });
      seen.unshift(page.entries.map((entry) => entry.id));
    }
    expect(seen.flat()).toEqual(all.map((entry) => entry.id));

    const filtered = await withUserDb(org.owner, (tx) => listAuditLogs(tx, org.id, { filters: { actor: org.owner.sub, action: "api_key.created" }, limit: 2 }), {}, testDb());
    const second = await withUserDb(org.owner, (tx) => listAuditLogs(tx, org.id, { filters: { actor: org.owner.sub, action: "api_key.created" }, before: filtered.older!, limit: 2 }), {}, testDb());
    expect([...filtered.entries, ...second.entries].map((entry) => entry.subject)).toEqual(
      ["Owner key 4", "Owner key 3", "Owner key 2", "Owner key 1"].map((name) => expect.stringMatching(new RegExp(`^${name} \\(`))),
    );
  });

  it("only holders of audit.view read the log; a member of another organization reads nothing", async () => {
    const org = await orgWithHistory();
    const learnerOrg = await createOrg({ learner: "learner" });
    expect((await withUserDb(learnerOrg.members.learner, (tx) => listAuditLogs(tx, learnerOrg.id), {}, testDb())).entries).toEqual([]);
    expect((await withUserDb(learnerOrg.owner, (tx) => listAuditLogs(tx, org.id), {}, testDb())).entries).toEqual([]);
  });

  it("the URL's filters are validated: blank fields ignored, anything else refused with the reason", () => {
    expect(auditSearchSchema.parse(auditSearchInput({ actor: "", action: "api_key.created", from: "2026-01-01", to: "" }))).toEqual({ action: "api_key.created", from: "2026-01-01" });
    expect(auditSearchSchema.safeParse(auditSearchInput({ actor: "not-a-person" })).success).toBe(false);
    expect(auditSearchSchema.safeParse(auditSearchInput({ action: "drop table" })).success).toBe(false);
    expect(auditSearchSchema.safeParse(auditSearchInput({ from: "2026-02-01", to: "2026-01-01" })).success).toBe(false);
    expect(auditSearchSchema.safeParse(auditSearchInput({ before: "2026-01-01T00:00:00.000000Z_12", after: "2026-01-01T00:00:00.000000Z_10" })).success).toBe(false);
    expect(auditSearchSchema.safeParse(auditSearchInput({ before: "2026-01-01T00:00:00Z_1; drop" })).success).toBe(false);
    expect(auditSearchSchema.safeParse(auditSearchInput({ actor: ["a", "b"] })).success).toBe(false);
  });
});
