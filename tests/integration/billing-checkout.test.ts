// Checkout, plan changes and the Customer Portal against a local stub of the
// Stripe API (tests/support/stripe-stub.ts): what the app sends Stripe, and
// what it refuses before sending anything.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLogs, billingCustomers, memberships, subscriptionItems } from "@/db/schema";
import { parseEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { billingConfig, stripeClient } from "@/lib/stripe/client";
import { changeSubscription, openCustomerPortal, startCheckout, type CheckoutRequest } from "@/lib/stripe/checkout";
import { createOrg, createUser, testDb, withServiceDb, type TestOrg } from "../support/db";
import { configureTestPrices, givePaidSeats, TEST_PRICES, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from "../support/billing";
import { startStripeStub } from "../support/stripe-stub";


// The stub must be listening before anything reads the environment.
const stub = await startStripeStub();
Object.assign(process.env, stub.env(), { STRIPE_SECRET_KEY: TEST_SECRET_KEY, STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET });

beforeAll(configureTestPrices);
beforeEach(() => stub.reset());
afterAll(() => stub.close());

const service = <T>(fn: Parameters<typeof withServiceDb<T>>[1]) => withServiceDb("test fixture", fn, testDb());

function checkoutRequest(org: TestOrg, overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return {
    organizationId: org.id,
    planId: "team",
    interval: "month",
    seats: 12,
    email: org.owner.email,
    successUrl: `http://localhost:3000/o/${org.slug}/admin/billing?checkout=success`,
    cancelUrl: `http://localhost:3000/o/${org.slug}/admin/billing?checkout=canceled`,
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function addLearners(org: TestOrg, count: number) {
  for (let i = 0; i < count; i++) {
    const user = await createUser("member");
    await service((tx) => tx.insert(memberships).values({ organizationId: org.id, userId: user.sub, role: "learner" }));
  }
}

describe("Stripe Checkout", () => {
  it("creates a subscription Checkout carrying the organization id, the plan's price and the seat count", async () => {
    const org = await createOrg({ learner: "learner" });
    const { url } = await startCheckout(org.owner, checkoutRequest(org), testDb());

    const [request] = stub.requestsTo("POST", "/v1/checkout/sessions");
    expect(stub.requests).toHaveLength(1);
    expect(request.headers.authorization).toBe(`Bearer ${TEST_SECRET_KEY}`);
    expect(request.form).toMatchObject({
      mode: "subscription",
      client_reference_id: org.id,
      "metadata[organization_id]": org.id,
      "metadata[plan_id]": "team",
      "metadata[seats]": "12",
      "metadata[interval]": "month",
      "subscription_data[metadata][organization_id]": org.id,
      "line_items[0][price]": TEST_PRICES.team.month,
      "line_items[0][quantity]": "12",
      customer_email: org.owner.email,
      success_url: checkoutRequest(org).successUrl,
      cancel_url: checkoutRequest(org).cancelUrl,
    });
    expect(request.form.customer).toBeUndefined();
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_stub_/);
  });

  it("reuses the organization's Stripe customer, and the yearly price", async () => {
    const org = await createOrg();
    await service((tx) => tx.insert(billingCustomers).values({ organizationId: org.id, stripeCustomerId: "cus_checkout_reuse" }));
    await startCheckout(org.owner, checkoutRequest(org, { planId: "business", interval: "year", seats: 3 }), testDb());
    const [request] = stub.requestsTo("POST", "/v1/checkout/sessions");
    expect(request.form).toMatchObject({
      customer: "cus_checkout_reuse",
      "line_items[0][price]": TEST_PRICES.business.year,
      "line_items[0][quantity]": "3",
    });
    expect(request.form.customer_email).toBeUndefined();
  });

  it("records the admin's request in the audit log, as the admin; a refused request records nothing", async () => {
    const org = await createOrg();
    await startCheckout(org.owner, checkoutRequest(org, { planId: "business", interval: "year", seats: 3 }), testDb());
    await refusal(startCheckout(org.owner, checkoutRequest(org, { seats: 0 }), testDb()));
    const entries = await service((tx) =>
      tx.select().from(auditLogs).where(and(eq(auditLogs.organizationId, org.id), eq(auditLogs.resourceType, "billing"))),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "billing.checkout_started", actorId: org.owner.sub, actorEmail: org.owner.email, subject: "Business plan, 3 seats, yearly" });
  });

  it("refuses fewer seats than members, with the number to remove, before calling Stripe", async () => {
    const org = await createOrg();
    await addLearners(org, 4); // 5 members
    const error = await refusal(startCheckout(org.owner, checkoutRequest(org, { seats: 3 }), testDb()));
    expect(error.status).toBe(409);
    expect(error.message).toBe("Your organization has 5 members, more than 3 seats: remove 2 members first, or choose at least 5 seats.");
    expect(stub.requests).toEqual([]);
  });

  it("refuses a second subscription: an active one is changed, not bought again", async () => {
    const org = await createOrg();
    await givePaidSeats(org.id, 20);
    const error = await refusal(startCheckout(org.owner, checkoutRequest(org, { seats: 20 }), testDb()));
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/already has a subscription/);
    expect(stub.requests).toEqual([]);
  });

  it("refuses the free plan, a plan's seat cap, and members without billing.manage", async () => {
    const org = await createOrg({ learner: "learner", trainer: "trainer" });
    expect((await refusal(startCheckout(org.owner, checkoutRequest(org, { planId: "free" }), testDb()))).status).toBe(400);
    expect((await refusal(startCheckout(org.owner, checkoutRequest(org, { seats: 201 }), testDb()))).message).toMatch(/at most 200 seats/);
    expect((await refusal(startCheckout(org.members.learner, checkoutRequest(org), testDb()))).status).toBe(403);
    expect((await refusal(startCheckout(org.members.trainer, checkoutRequest(org), testDb()))).status).toBe(403);
    const other = await createOrg();
    expect((await refusal(startCheckout(other.owner, checkoutRequest(org), testDb()))).status).toBe(403);
    expect(stub.requests).toEqual([]);
  });
});

describe("changing the current subscription", () => {
  async function subscribedOrg(seats: number) {
    const org = await createOrg();
    const subscription = await givePaidSeats(org.id, seats);
    const itemId = `si_change_${subscription.stripeSubscriptionId.slice(7)}`;
    await service((tx) =>
      tx.insert(subscriptionItems).values({
        organizationId: org.id,
        subscriptionId: subscription.id,
        stripeSubscriptionItemId: itemId,
        stripePriceId: TEST_PRICES.team.month,
        planId: "team",
        quantity: seats,
      }),
    );
    return { org, subscription, itemId };
  }

  it("updates the subscription item's price and quantity, prorated", async () => {
    const { org, subscription, itemId } = await subscribedOrg(10);
    await changeSubscription(org.owner, { organizationId: org.id, planId: "business", interval: "year", seats: 40 }, testDb());
    const [request] = stub.requestsTo("POST", `/v1/subscriptions/${subscription.stripeSubscriptionId}`);
    expect(stub.requests).toHaveLength(1);
    expect(request.form).toMatchObject({
      "items[0][id]": itemId,
      "items[0][price]": TEST_PRICES.business.year,
      "items[0][quantity]": "40",
      proration_behavior: "create_prorations",
      "metadata[organization_id]": org.id,
      "metadata[plan_id]": "business",
    });
  });

  it("refuses a downgrade below the seats used, with the number to remove", async () => {
    const { org } = await subscribedOrg(12);
    await addLearners(org, 10); // 11 members
    const error = await refusal(changeSubscription(org.owner, { organizationId: org.id, planId: "team", interval: "month", seats: 8 }, testDb()));
    expect(error.status).toBe(409);
    expect(error.message).toBe("Your organization has 11 members, more than 8 seats: remove 3 members first, or choose at least 11 seats.");
    expect(stub.requests).toEqual([]);
  });

  it("refuses when there is nothing to change", async () => {
    const { org } = await subscribedOrg(10);
    expect((await refusal(changeSubscription(org.owner, { organizationId: org.id, planId: "team", interval: "month", seats: 10 }, testDb()))).status).toBe(400);
    const free = await createOrg();
    expect((await refusal(changeSubscription(free.owner, { organizationId: free.id, planId: "team", interval: "month", seats: 5 }, testDb()))).message).toMatch(/no active subscription/);
    expect(stub.requests).toEqual([]);
  });
});

describe("Customer Portal", () => {
  it("opens a portal session for the organization's Stripe customer, returning to the billing page", async () => {
    const org = await createOrg();
    await service((tx) => tx.insert(billingCustomers).values({ organizationId: org.id, stripeCustomerId: "cus_portal_test" }));
    const returnUrl = `http://localhost:3000/o/${org.slug}/admin/billing`;
    const { url } = await openCustomerPortal(org.owner, { organizationId: org.id, returnUrl }, testDb());
    const [request] = stub.requestsTo("POST", "/v1/billing_portal/sessions");
    expect(request.form).toEqual({ customer: "cus_portal_test", return_url: returnUrl });
    expect(url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\//);
  });

  it("refuses before the organization has a Stripe customer, and for members without billing.manage", async () => {
    const org = await createOrg({ learner: "learner" });
    expect((await refusal(openCustomerPortal(org.owner, { organizationId: org.id, returnUrl: "http://localhost/" }, testDb()))).status).toBe(409);
    await service((tx) => tx.insert(billingCustomers).values({ organizationId: org.id, stripeCustomerId: `cus_portal_${org.slug.slice(4)}` }));
    expect((await refusal(openCustomerPortal(org.members.learner, { organizationId: org.id, returnUrl: "http://localhost/" }, testDb()))).status).toBe(403);
    expect(stub.requests).toEqual([]);
  });
});

describe("without Stripe keys", () => {
  it("billing is not configured, and the client refuses with a 503 that says what to set", () => {
    const bare = parseEnv({});
    expect(billingConfig(bare)).toEqual({ configured: false, missing: ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"], testMode: true });
    expect(billingConfig(parseEnv({ STRIPE_SECRET_KEY: TEST_SECRET_KEY })).missing).toEqual(["STRIPE_WEBHOOK_SECRET"]);
    let error: unknown;
    try {
      stripeClient(bare);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(503);
    expect((error as AppError).message).toMatch(/STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET/);
  });

  it("the environment refuses half a Stripe configuration in production", () => {
    // A production environment complete but for Stripe (APP_URL is required in production too).
    const production = { NODE_ENV: "production", DATABASE_URL: "postgres://x@db.example.com/db", AUTH_JWT_SECRET: "s".repeat(32), APP_URL: "https://app.example.com" };
    expect(() => parseEnv({ ...production, STRIPE_SECRET_KEY: TEST_SECRET_KEY })).toThrow(/STRIPE_WEBHOOK_SECRET: is required in production/);
    expect(() => parseEnv({ ...production, STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })).toThrow(/STRIPE_SECRET_KEY: is required in production/);
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "pk_test_wrong_kind" })).toThrow(/STRIPE_SECRET_KEY/);
    expect(parseEnv({ ...production })).not.toHaveProperty("STRIPE_SECRET_KEY");
  });
});
