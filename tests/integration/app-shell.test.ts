// The frame around every organization page reads its data in one transaction:
// the caller's organizations, their unread notifications there, and, for
// billing managers, whether the subscription's payment failed.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createOrg, testDb, withServiceDb, withUserDb } from "../support/db";
import { givePaidSeats } from "../support/billing";
import type { SessionClaims } from "@/db/rls";
import type { Tx } from "@/db/client";
import { notifications } from "@/db/schema";
import { appShellData } from "@/db/queries/app-shell";

const as = <T,>(claims: SessionClaims, fn: (tx: Tx) => Promise<T>) => withUserDb(claims, fn, {}, testDb());
const service = <T,>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test fixture", fn, testDb());

async function notify(organizationId: string, userId: string, count: number, read = false) {
  await service((tx) =>
    tx.insert(notifications).values(Array.from({ length: count }, (_, i) => ({ organizationId, userId, type: "test.note", title: `Note ${i}`, readAt: read ? sql`now()` : null }))),
  );
}

describe("appShellData", () => {
  it("an org admin of a past-due organization: their organizations, unread notifications here, and the failed payment", async () => {
    const org = await createOrg({ learner: "learner" });
    await givePaidSeats(org.id, 20, "past_due");
    await notify(org.id, org.owner.sub, 2);
    await notify(org.id, org.owner.sub, 1, true);
    await notify(org.id, org.members.learner.sub, 4);

    const shell = await as(org.owner, (tx) => appShellData(tx, { organizationId: org.id, userId: org.owner.sub, billingManager: true }));

    expect(shell).toEqual({
      organizations: [expect.objectContaining({ organization: { id: org.id, name: `Test Org ${org.slug}`, slug: org.slug }, role: "org_admin", isOwner: true })],
      unreadNotifications: 2,
      paymentPastDue: true,
    });
  });

  it("a learner of the same organization is not told about payments, and counts only their notifications", async () => {
    const org = await createOrg({ learner: "learner" });
    await givePaidSeats(org.id, 20, "past_due");
    await notify(org.id, org.members.learner.sub, 3);
    const learner = org.members.learner;
    expect(await as(learner, (tx) => appShellData(tx, { organizationId: org.id, userId: learner.sub, billingManager: false }))).toMatchObject({
      unreadNotifications: 3,
      paymentPastDue: false,
    });
    // Even asked for it, RLS shows a learner no subscription.
    expect(await as(learner, (tx) => appShellData(tx, { organizationId: org.id, userId: learner.sub, billingManager: true }))).toMatchObject({ paymentPastDue: false });
  });

  it("no banner when the subscription is active, or on the free plan; every organization of the caller to switch to", async () => {
    const paid = await createOrg();
    await givePaidSeats(paid.id, 20, "active");
    const free = await createOrg();
    await service((tx) => tx.execute(sql`insert into public.memberships (organization_id, user_id, role) values (${free.id}, ${paid.owner.sub}, 'trainer')`));

    const shell = await as(paid.owner, (tx) => appShellData(tx, { organizationId: paid.id, userId: paid.owner.sub, billingManager: true }));
    expect(shell.paymentPastDue).toBe(false);
    expect(shell.organizations.map((m) => [m.organization.slug, m.role]).sort()).toEqual([[free.slug, "trainer"], [paid.slug, "org_admin"]].sort());
    expect(await as(free.owner, (tx) => appShellData(tx, { organizationId: free.id, userId: free.owner.sub, billingManager: true }))).toMatchObject({ paymentPastDue: false });
  });
});
