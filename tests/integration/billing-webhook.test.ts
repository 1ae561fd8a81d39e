// POST /api/stripe/webhook, called with real Requests whose payloads are
// signed like Stripe signs them: each event type's effect, redelivery,
// reordering, and what must change nothing (bad signature, stale timestamp,
// unknown type, an organization that does not exist).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { POST } from "@/app/api/stripe/webhook/route";
import { closeDb } from "@/db/client";
import { auditLogs, notifications, stripeEvents } from "@/db/schema";
import { currentSubscription } from "@/db/queries/billing";
import { sqlState } from "../support/attempt";
import { createOrg, testDb, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import {
  billingState,
  checkoutSessionObject,
  configureTestPrices,
  invoiceObject,
  nowSeconds,
  signedWebhookRequest,
  stripeEvent,
  stripeTestId,
  subscriptionObject,
  TEST_PRICES,
  TEST_SECRET_KEY,
  TEST_WEBHOOK_SECRET,
  type StripeTestEvent,
  type SubscriptionFields,
} from "../support/billing";

process.env.STRIPE_SECRET_KEY = TEST_SECRET_KEY;
process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;

beforeAll(configureTestPrices);
afterAll(closeDb);

async function deliver(event: StripeTestEvent | string, options?: Parameters<typeof signedWebhookRequest>[1]) {
  const response = await POST(signedWebhookRequest(event, options));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function recordedEvent(id: string) {
  return withServiceDb(
    "test: inspect the event ledger",
    async (tx) => (await tx.select().from(stripeEvents).where(eq(stripeEvents.id, id)))[0] ?? null,
    testDb(),
  );
}

async function auditActions(organizationId: string, resourceType: string) {
  return withServiceDb(
    "test: inspect the audit log",
    async (tx) =>
      (
        await tx
          .select({ action: auditLogs.action, newValues: auditLogs.newValues })
          .from(auditLogs)
          .where(and(eq(auditLogs.organizationId, organizationId), eq(auditLogs.resourceType, resourceType)))
          .orderBy(auditLogs.id)
      ).map((row) => row.action),
    testDb(),
  );
}

/** A fresh org and the Stripe ids of its subscription-to-be. */
async function subscriber() {
  const org = await createOrg({ learner: "learner" });
  return { org, customer: stripeTestId("cus"), subscription: stripeTestId("sub") };
}

function subscriptionEvent(type: string, fields: SubscriptionFields, created: number) {
  return stripeEvent(type, subscriptionObject(fields), created);
}

describe("signature and envelope", () => {
  it("refuses a payload signed with another secret: 400 and nothing recorded", async () => {
    const { org, customer, subscription } = await subscriber();
    const event = subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 30 }, nowSeconds());
    const { status, body } = await deliver(event, { secret: "whsec_some_other_secret" });
    expect(status).toBe(400);
    expect(String(body.error)).toMatch(/signature/i);
    expect(await recordedEvent(event.id)).toBeNull();
    expect((await billingState(org.id)).subscriptions).toEqual([]);
  });

  it("refuses a request without a Stripe-Signature header, and a tampered body", async () => {
    const { org, customer, subscription } = await subscriber();
    const event = subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 30 }, nowSeconds());
    expect((await deliver(event, { signature: null })).status).toBe(400);

    const signed = signedWebhookRequest(event);
    const tampered = new Request(signed.url, {
      method: "POST",
      headers: signed.headers,
      body: JSON.stringify({ ...event, data: { object: { ...event.data.object, quantity: 999 } } }),
    });
    expect((await POST(tampered)).status).toBe(400);
    expect(await recordedEvent(event.id)).toBeNull();
    expect((await billingState(org.id)).subscriptions).toEqual([]);
  });

  it("refuses a correctly signed event whose timestamp is outside Stripe's 5-minute tolerance (replay)", async () => {
    const { org, customer, subscription } = await subscriber();
    const event = subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 30 }, nowSeconds());
    const { status, body } = await deliver(event, { timestamp: nowSeconds() - 10 * 60 });
    expect(status).toBe(400);
    expect(String(body.error)).toMatch(/tolerance/i);
    expect(await recordedEvent(event.id)).toBeNull();
    expect((await billingState(org.id)).subscriptions).toEqual([]);
  });

  it("answers 200 to an event type it does not handle, and records nothing", async () => {
    const event = stripeEvent("customer.created", { id: stripeTestId("cus"), object: "customer" });
    const { status, body } = await deliver(event);
    expect(status).toBe(200);
    expect(body.ignored).toMatch(/customer.created is not handled/);
    expect(await recordedEvent(event.id)).toBeNull();
  });

  it("refuses (400) a signed event of a handled type whose object it cannot read, and records nothing", async () => {
    const event = stripeEvent("customer.subscription.updated", { id: "not-a-subscription", object: "subscription" });
    const { status, body } = await deliver(event);
    expect(status).toBe(400);
    expect(String(body.error)).toMatch(/Unexpected customer.subscription.updated payload/);
    expect(await recordedEvent(event.id)).toBeNull();
  });
});

describe("each event type", () => {
  it("checkout.session.completed: links customer and subscription to the organization and records the order", async () => {
    const { org, customer, subscription } = await subscriber();
    const event = stripeEvent("checkout.session.completed", checkoutSessionObject({ organizationId: org.id, customer, subscription, seats: 12, amountTotal: 9600 }));
    const { status, body } = await deliver(event);
    expect(status).toBe(200);
    expect(body.outcome).toBe("applied");

    const state = await billingState(org.id);
    expect(state.customers.map((c) => [c.stripeCustomerId, c.email])).toEqual([[customer, "billing@example.test"]]);
    // Linked, but no seats until Stripe reports the subscription's own state.
    expect(state.subscriptions.map((s) => [s.stripeSubscriptionId, s.status, s.lastEventAt])).toEqual([[subscription, "incomplete", null]]);
    expect(state.seatLimit).toBe(10);
    expect(state.orders.map((o) => [o.kind, o.status, o.amountTotal, o.planId])).toEqual([["checkout", "paid", 9600, "team"]]);
    expect(state.orderItems.map((i) => [i.quantity, i.description])).toEqual([[12, "Team plan, 12 seats, billed monthly"]]);
    expect((await recordedEvent(event.id))?.outcome).toBe("applied");
    expect(await auditActions(org.id, "billing_customer")).toEqual(["billing_customer.created"]);
  });

  it("customer.subscription.created: the organization gets the paid seats, plan and period", async () => {
    const { org, customer, subscription } = await subscriber();
    const start = nowSeconds();
    const event = subscriptionEvent(
      "customer.subscription.created",
      { id: subscription, customer, organizationId: org.id, status: "active", quantity: 25, periodStart: start, periodEnd: start + 3600 },
      start,
    );
    expect((await deliver(event)).status).toBe(200);
    const state = await billingState(org.id);
    expect(state.subscriptions).toHaveLength(1);
    expect(state.subscriptions[0]).toMatchObject({ status: "active", quantity: 25, planId: "team", billingInterval: "month", lastEventId: event.id });
    expect(state.subscriptions[0].currentPeriodEnd?.getTime()).toBe((start + 3600) * 1000);
    expect(state.items.map((i) => [i.stripePriceId, i.quantity, i.planId])).toEqual([[TEST_PRICES.team.month, 25, "team"]]);
    expect(state.seatLimit).toBe(25);
    expect(await auditActions(org.id, "subscription")).toEqual(["subscription.created"]);
  });

  it("customer.subscription.updated: a plan and seat change follows the price, past_due notifies the billing admins", async () => {
    const { org, customer, subscription } = await subscriber();
    const t = nowSeconds();
    await deliver(subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 20 }, t));
    await deliver(
      subscriptionEvent("customer.subscription.updated", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 40, price: TEST_PRICES.business.year, interval: "year" }, t + 1),
    );
    let state = await billingState(org.id);
    expect(state.subscriptions[0]).toMatchObject({ planId: "business", quantity: 40, billingInterval: "year" });
    expect(state.seatLimit).toBe(40);

    await deliver(subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "past_due", quantity: 40, price: TEST_PRICES.business.year, interval: "year" }, t + 2));
    state = await billingState(org.id);
    expect(state.subscriptions[0].status).toBe("past_due");
    expect(state.seatLimit).toBe(40); // seats stay while Stripe retries
    // Only the owner manages billing; the learner is not notified.
    expect(state.notifications.map((n) => [n.userId, n.type, n.priority])).toEqual([[org.owner.sub, "billing.past_due", "high"]]);
    // The audit log names the kind of change (20261130000410_audit_coverage.sql).
    expect(await auditActions(org.id, "subscription")).toEqual(["subscription.created", "subscription.plan_changed", "subscription.status_changed"]);
  });

  it("customer.subscription.deleted: the organization drops to the free tier and keeps every member", async () => {
    const { org, customer, subscription } = await subscriber();
    const t = nowSeconds();
    await deliver(subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 15 }, t));
    await deliver(
      subscriptionEvent("customer.subscription.updated", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 15, cancelAtPeriodEnd: true }, t + 1),
    );
    expect((await billingState(org.id)).subscriptions[0].cancelAtPeriodEnd).toBe(true);

    const deleted = subscriptionEvent("customer.subscription.deleted", { id: subscription, customer, organizationId: org.id, status: "canceled", quantity: 15, canceledAt: t + 2, endedAt: t + 2 }, t + 2);
    expect((await deliver(deleted)).body.outcome).toBe("applied");
    const state = await billingState(org.id);
    expect(state.subscriptions[0]).toMatchObject({ status: "canceled", quantity: 15 });
    expect(state.subscriptions[0].endedAt?.getTime()).toBe((t + 2) * 1000);
    expect(state.seatLimit).toBe(10);
    expect(state.notifications.map((n) => n.type)).toEqual(["billing.subscription_ended"]);
    const members = await withServiceDb(
      "test: count members",
      async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from public.memberships where organization_id = ${org.id}`))[0].n,
      testDb(),
    );
    expect(members).toBe(2);
  });

  it("invoice.paid and invoice.payment_failed: the invoice is recorded with its lines; a retry that succeeds marks it paid", async () => {
    const { org, customer, subscription } = await subscriber();
    await deliver(subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 10 }, nowSeconds()));
    const invoiceId = stripeTestId("in");
    const failed = stripeEvent("invoice.payment_failed", invoiceObject({ id: invoiceId, customer, subscription, status: "open", amount: 8000, quantity: 10 }), nowSeconds());
    expect((await deliver(failed)).body.outcome).toBe("applied");
    let state = await billingState(org.id);
    expect(state.orders.map((o) => [o.kind, o.stripeId, o.status, o.amountTotal, o.amountPaid, o.planId])).toEqual([["invoice", invoiceId, "failed", 8000, 0, "team"]]);
    expect(state.orders[0].subscriptionId).toBe(state.subscriptions[0].id);

    const paid = stripeEvent("invoice.paid", invoiceObject({ id: invoiceId, customer, subscription, status: "paid", amount: 8000, quantity: 10 }), nowSeconds() + 1);
    expect((await deliver(paid)).body.outcome).toBe("applied");
    state = await billingState(org.id);
    expect(state.orders.map((o) => [o.status, o.amountPaid, o.hostedInvoiceUrl])).toEqual([["paid", 8000, "https://invoice.stripe.test/i/test"]]);
    expect(state.orderItems.map((i) => [i.quantity, i.amount, i.stripePriceId, i.planId])).toEqual([[10, 8000, TEST_PRICES.team.month, "team"]]);
    expect(await auditActions(org.id, "order")).toEqual(["order.created", "order.updated"]);
  });

  it("an invoice of a subscription not seen yet finds the organization through the customer", async () => {
    const { org, customer } = await subscriber();
    await deliver(stripeEvent("checkout.session.completed", checkoutSessionObject({ organizationId: org.id, customer, subscription: null })));
    const paid = stripeEvent("invoice.paid", invoiceObject({ customer, subscription: stripeTestId("sub"), status: "paid", amount: 8000, quantity: 10 }));
    expect((await deliver(paid)).body.outcome).toBe("applied");
    expect((await billingState(org.id)).orders.filter((o) => o.kind === "invoice")).toHaveLength(1);
  });

  it("checkout.session.async_payment_succeeded and _failed settle a pending Checkout", async () => {
    const { org, customer, subscription } = await subscriber();
    const session = checkoutSessionObject({ organizationId: org.id, customer, subscription, paymentStatus: "unpaid", amountTotal: 8000 });
    const t = nowSeconds();
    await deliver(stripeEvent("checkout.session.completed", session, t));
    expect((await billingState(org.id)).orders.map((o) => o.status)).toEqual(["pending"]);
    await deliver(stripeEvent("checkout.session.async_payment_succeeded", { ...session, payment_status: "paid" }, t + 1));
    let state = await billingState(org.id);
    expect(state.orders.map((o) => [o.status, o.amountPaid])).toEqual([["paid", 8000]]);
    expect(state.orders[0].paidAt).not.toBeNull();

    const other = await subscriber();
    const failing = checkoutSessionObject({ organizationId: other.org.id, customer: other.customer, subscription: other.subscription, paymentStatus: "unpaid" });
    await deliver(stripeEvent("checkout.session.completed", failing, t));
    await deliver(stripeEvent("checkout.session.async_payment_failed", failing, t + 1));
    state = await billingState(other.org.id);
    expect(state.orders.map((o) => o.status)).toEqual(["failed"]);
    expect(state.notifications.map((n) => [n.userId, n.type])).toEqual([[other.org.owner.sub, "billing.checkout_failed"]]);
    // A late "succeeded" for a failed Checkout does not resurrect it.
    const late = stripeEvent("checkout.session.async_payment_succeeded", { ...failing, payment_status: "paid" }, t + 2);
    expect((await deliver(late)).body.outcome).toBe("stale");
    expect((await billingState(other.org.id)).orders.map((o) => o.status)).toEqual(["failed"]);
  });
});

describe("exactly once, whatever the order", () => {
  it("a redelivered event changes nothing the second time", async () => {
    const { org, customer, subscription } = await subscriber();
    const created = subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "past_due", quantity: 20 }, nowSeconds());
    expect((await deliver(created)).body.outcome).toBe("applied");
    const before = await billingState(org.id);
    const second = await deliver(created);
    expect(second).toEqual({ status: 200, body: { received: true, duplicate: true } });
    const after = await billingState(org.id);
    expect(after).toEqual(before); // same rows, same updated_at, one notification
    expect(after.notifications).toHaveLength(1);
    expect(await auditActions(org.id, "subscription")).toEqual(["subscription.created"]);
  });

  it("two concurrent deliveries of one event apply it once", async () => {
    const { org, customer, subscription } = await subscriber();
    const event = stripeEvent("checkout.session.completed", checkoutSessionObject({ organizationId: org.id, customer, subscription }));
    const results = await Promise.all([deliver(event), deliver(event)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => (r.body.duplicate ? "duplicate" : r.body.outcome)).sort()).toEqual(["applied", "duplicate"]);
    const state = await billingState(org.id);
    expect(state.orders).toHaveLength(1);
    expect(await auditActions(org.id, "order")).toEqual(["order.created"]);
  });

  it("updated delivered before created: the older created event does not move the subscription back", async () => {
    const { org, customer, subscription } = await subscriber();
    const t = nowSeconds();
    const created = subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "incomplete", quantity: 10 }, t);
    const updated = subscriptionEvent("customer.subscription.updated", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 30 }, t + 5);
    expect((await deliver(updated)).body.outcome).toBe("applied");
    const { status, body } = await deliver(created);
    expect(status).toBe(200);
    expect(body.outcome).toBe("stale");
    expect((await recordedEvent(created.id))?.outcome).toBe("stale");
    const state = await billingState(org.id);
    expect(state.subscriptions[0]).toMatchObject({ status: "active", quantity: 30, lastEventId: updated.id });
    expect(state.seatLimit).toBe(30);
  });

  it("created and updated from the same second, reversed: incomplete does not overwrite active", async () => {
    const { org, customer, subscription } = await subscriber();
    const t = nowSeconds();
    await deliver(subscriptionEvent("customer.subscription.updated", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 12 }, t));
    const late = await deliver(subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "incomplete", quantity: 12 }, t));
    expect(late.body.outcome).toBe("stale");
    expect((await billingState(org.id)).subscriptions[0].status).toBe("active");
  });

  it("deleted delivered before updated: a canceled subscription is never revived", async () => {
    const { org, customer, subscription } = await subscriber();
    const t = nowSeconds();
    await deliver(subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 20 }, t));
    await deliver(subscriptionEvent("customer.subscription.deleted", { id: subscription, customer, organizationId: org.id, status: "canceled", quantity: 20, endedAt: t + 10 }, t + 10));
    const older = await deliver(subscriptionEvent("customer.subscription.updated", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 50 }, t + 5));
    expect(older.body.outcome).toBe("stale");
    const sameSecond = await deliver(subscriptionEvent("customer.subscription.updated", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 50 }, t + 10));
    expect(sameSecond.body.outcome).toBe("stale");
    const state = await billingState(org.id);
    expect(state.subscriptions[0]).toMatchObject({ status: "canceled", quantity: 20 });
    expect(state.seatLimit).toBe(10);
  });

  it("deleted arriving first for a subscription never seen: recorded as canceled, the late created is stale", async () => {
    const { org, customer, subscription } = await subscriber();
    const t = nowSeconds();
    await deliver(subscriptionEvent("customer.subscription.deleted", { id: subscription, customer, organizationId: org.id, status: "canceled", quantity: 5 }, t + 3));
    expect((await deliver(subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 5 }, t))).body.outcome).toBe("stale");
    expect((await billingState(org.id)).subscriptions.map((s) => s.status)).toEqual(["canceled"]);
  });

  it("a paid invoice is not turned back to failed by a late payment_failed", async () => {
    const { org, customer, subscription } = await subscriber();
    await deliver(subscriptionEvent("customer.subscription.created", { id: subscription, customer, organizationId: org.id, status: "active", quantity: 10 }, nowSeconds()));
    const invoiceId = stripeTestId("in");
    const t = nowSeconds();
    await deliver(stripeEvent("invoice.paid", invoiceObject({ id: invoiceId, customer, subscription, status: "paid", amount: 8000, quantity: 10 }), t + 2));
    const late = await deliver(stripeEvent("invoice.payment_failed", invoiceObject({ id: invoiceId, customer, subscription, status: "open", amount: 8000, quantity: 10 }), t + 1));
    expect(late.body.outcome).toBe("stale");
    expect((await billingState(org.id)).orders.map((o) => o.status)).toEqual(["paid"]);
  });
});

describe("events that cannot be tied to an organization", () => {
  it("a subscription for an organization that does not exist: 200, recorded as ignored, nothing else written", async () => {
    const ghost = "00000000-0000-4000-8000-000000000000";
    const subscription = stripeTestId("sub");
    const event = subscriptionEvent("customer.subscription.created", { id: subscription, customer: stripeTestId("cus"), organizationId: ghost, status: "active", quantity: 500 }, nowSeconds());
    const { status, body } = await deliver(event);
    expect(status).toBe(200);
    expect(body.outcome).toBe("ignored");
    expect(body.detail).toMatch(/does not exist/);
    expect((await recordedEvent(event.id))?.outcome).toBe("ignored");
    const rows = await withServiceDb(
      "test: look for the subscription",
      async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from public.subscriptions where stripe_subscription_id = ${subscription}`))[0].n,
      testDb(),
    );
    expect(rows).toBe(0);
  });

  it("a Checkout naming an organization that does not exist is ignored", async () => {
    const customer = stripeTestId("cus");
    const event = stripeEvent("checkout.session.completed", checkoutSessionObject({ organizationId: "00000000-0000-4000-8000-000000000001", customer, subscription: stripeTestId("sub") }));
    const { status, body } = await deliver(event);
    expect(status).toBe(200);
    expect(body.outcome).toBe("ignored");
    const customers = await withServiceDb(
      "test: look for the customer",
      async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from public.billing_customers where stripe_customer_id = ${customer}`))[0].n,
      testDb(),
    );
    expect(customers).toBe(0);
  });

  it("a subscription without our metadata, of an unknown customer, is ignored", async () => {
    const event = subscriptionEvent("customer.subscription.updated", { id: stripeTestId("sub"), customer: stripeTestId("cus"), status: "active", quantity: 3 }, nowSeconds());
    expect((await deliver(event)).body).toMatchObject({ outcome: "ignored", detail: expect.stringMatching(/no organization for customer/) });
  });
});

describe("billing data stays with billing admins", () => {
  let org: TestOrg;
  beforeAll(async () => {
    const s = await subscriber();
    org = s.org;
    await deliver(subscriptionEvent("customer.subscription.created", { id: s.subscription, customer: s.customer, organizationId: org.id, status: "active", quantity: 11 }, nowSeconds()));
  });

  it("members read and mark read only their own notifications", async () => {
    const s = await subscriber();
    await deliver(subscriptionEvent("customer.subscription.created", { id: s.subscription, customer: s.customer, organizationId: s.org.id, status: "past_due", quantity: 11 }, nowSeconds()));
    const mine = (claims: typeof s.org.owner) =>
      withUserDb(claims, (tx) => tx.select().from(notifications).where(eq(notifications.organizationId, s.org.id)), {}, testDb());
    const [notification] = await mine(s.org.owner);
    expect(notification).toMatchObject({ type: "billing.past_due", readAt: null });
    expect(await mine(s.org.members.learner)).toEqual([]);

    const marked = await withUserDb(
      s.org.members.learner,
      (tx) => tx.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, notification.id)).returning(),
      {},
      testDb(),
    );
    expect(marked).toEqual([]);
    await withUserDb(s.org.owner, (tx) => tx.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, notification.id)), {}, testDb());
    expect((await mine(s.org.owner))[0].readAt).not.toBeNull();
    // Only read_at is writable, even on one's own notification.
    const retitle = await withUserDb(s.org.owner, (tx) => tx.update(notifications).set({ title: "Changed" }).where(eq(notifications.id, notification.id)), {}, testDb()).then(
      () => "updated",
      (error: unknown) => sqlState(error),
    );
    expect(retitle).toBe("42501");
  });

  it("the learner reads no subscription; the owner does", async () => {
    expect(await withUserDb(org.members.learner, (tx) => currentSubscription(tx, org.id), {}, testDb())).toBeNull();
    expect((await withUserDb(org.owner, (tx) => currentSubscription(tx, org.id), {}, testDb()))?.quantity).toBe(11);
  });
});
