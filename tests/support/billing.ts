// Billing fixtures: rows as the webhook writes them, Stripe event payloads of
// the shape Stripe sends (only what matters here), and signed webhook requests.
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  billingCustomers,
  notifications,
  orderItems,
  orders,
  plans,
  stripeEvents,
  subscriptionItems,
  subscriptions,
  type SubscriptionStatus,
} from "@/db/schema";
import { testDb, uniqueSuffix, withServiceDb, type TestOrg } from "./db";

const service = <T>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test fixture", fn, testDb());

/** Not real Stripe values: the webhook secret and key the billing tests configure. */
export const TEST_WEBHOOK_SECRET = "whsec_test_only_not_a_real_secret";
export const TEST_SECRET_KEY = "sk_test_only_not_a_real_key";

/** Stripe price ids of the paid plans in tests (the migration leaves them unset). */
export const TEST_PRICES = {
  team: { month: "price_test_team_month", year: "price_test_team_year" },
  business: { month: "price_test_business_month", year: "price_test_business_year" },
} as const;

/** Sets the test price ids on the plans (idempotent; every billing test file may call it). */
export async function configureTestPrices() {
  await service(async (tx) => {
    for (const [planId, price] of Object.entries(TEST_PRICES)) {
      await tx.update(plans).set({ stripeMonthlyPriceId: price.month, stripeYearlyPriceId: price.year }).where(eq(plans.id, planId));
    }
  });
}

/** Gives the organization `seats` paid seats (an active subscription, Team unless `planId` says otherwise), as if the webhook had applied it. */
export async function givePaidSeats(organizationId: string, seats: number, status: SubscriptionStatus = "active", planId = "team") {
  const suffix = uniqueSuffix();
  return service(async (tx) => {
    const [row] = await tx
      .insert(subscriptions)
      .values({
        organizationId,
        stripeSubscriptionId: `sub_fx_${suffix}`,
        stripeCustomerId: `cus_fx_${suffix}`,
        planId,
        status,
        quantity: seats,
        billingInterval: "month",
        lastEventAt: new Date(),
      })
      .returning();
    return row;
  });
}

/** One row of every billing table for the organization (RLS attack matrix fixture). */
export async function seedBillingRows(org: TestOrg) {
  const suffix = uniqueSuffix().replace(/-/g, "");
  await service(async (tx) => {
    await tx.insert(billingCustomers).values({ organizationId: org.id, stripeCustomerId: `cus_fx_${suffix}` });
    const [subscription] = await tx
      .insert(subscriptions)
      .values({
        organizationId: org.id,
        stripeSubscriptionId: `sub_fx_${suffix}`,
        stripeCustomerId: `cus_fx_${suffix}`,
        planId: "team",
        status: "active",
        quantity: 20,
        billingInterval: "month",
        lastEventAt: new Date(),
      })
      .returning({ id: subscriptions.id });
    await tx.insert(subscriptionItems).values({
      organizationId: org.id,
      subscriptionId: subscription.id,
      stripeSubscriptionItemId: `si_fx_${suffix}`,
      stripePriceId: "price_fx_team_month",
      planId: "team",
      quantity: 20,
    });
    const [order] = await tx
      .insert(orders)
      .values({
        organizationId: org.id,
        kind: "invoice",
        stripeId: `in_fx_${suffix}`,
        subscriptionId: subscription.id,
        status: "paid",
        amountTotal: 16000,
        amountPaid: 16000,
        stripeCreatedAt: new Date(),
        lastEventAt: new Date(),
      })
      .returning({ id: orders.id });
    await tx.insert(orderItems).values({ organizationId: org.id, orderId: order.id, description: "20 × seat", quantity: 20, amount: 16000 });
    await tx.insert(notifications).values({
      organizationId: org.id,
      userId: org.owner.sub,
      type: "billing.past_due",
      title: "Payment failed",
    });
    await tx.insert(stripeEvents).values({
      id: `evt_fx_${suffix}`,
      type: "invoice.paid",
      stripeCreatedAt: new Date(),
      objectId: `in_fx_${suffix}`,
      outcome: "applied",
    });
  });
}

// ---------------------------------------------------------------------------
// Stripe event payloads
// ---------------------------------------------------------------------------
export const nowSeconds = () => Math.floor(Date.now() / 1000);
export const stripeTestId = (prefix: string) => `${prefix}_test_${randomUUID().replace(/-/g, "").slice(0, 20)}`;

export interface StripeTestEvent {
  id: string;
  object: "event";
  type: string;
  created: number;
  livemode: false;
  api_version: string;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: Record<string, unknown> };
}

export function stripeEvent(type: string, object: Record<string, unknown>, created = nowSeconds()): StripeTestEvent {
  return {
    id: stripeTestId("evt"),
    object: "event",
    type,
    created,
    livemode: false,
    api_version: Stripe.API_VERSION,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

export interface SubscriptionFields {
  id: string;
  customer: string;
  organizationId?: string;
  status: SubscriptionStatus;
  quantity: number;
  price?: string;
  interval?: "month" | "year";
  periodStart?: number;
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: number | null;
  endedAt?: number | null;
  itemId?: string;
}

export function subscriptionObject(fields: SubscriptionFields): Record<string, unknown> {
  const start = fields.periodStart ?? nowSeconds();
  const end = fields.periodEnd ?? start + 30 * 24 * 3600;
  return {
    id: fields.id,
    object: "subscription",
    customer: fields.customer,
    status: fields.status,
    metadata: fields.organizationId ? { organization_id: fields.organizationId, plan_id: "team" } : {},
    cancel_at_period_end: fields.cancelAtPeriodEnd ?? false,
    cancel_at: fields.cancelAtPeriodEnd ? end : null,
    canceled_at: fields.canceledAt ?? null,
    ended_at: fields.endedAt ?? null,
    trial_end: null,
    created: start,
    items: {
      object: "list",
      data: [
        {
          id: fields.itemId ?? `si_${fields.id.slice(4)}`,
          object: "subscription_item",
          quantity: fields.quantity,
          current_period_start: start,
          current_period_end: end,
          price: {
            id: fields.price ?? TEST_PRICES.team.month,
            object: "price",
            recurring: { interval: fields.interval ?? "month" },
            metadata: {},
          },
        },
      ],
    },
  };
}

export function checkoutSessionObject(fields: {
  id?: string;
  organizationId: string | null;
  customer: string;
  subscription: string | null;
  paymentStatus?: "paid" | "unpaid" | "no_payment_required";
  amountTotal?: number;
  seats?: number;
  planId?: string;
}): Record<string, unknown> {
  return {
    id: fields.id ?? stripeTestId("cs"),
    object: "checkout.session",
    mode: "subscription",
    client_reference_id: fields.organizationId,
    customer: fields.customer,
    customer_details: { email: "billing@example.test" },
    customer_email: null,
    subscription: fields.subscription,
    payment_status: fields.paymentStatus ?? "paid",
    amount_total: fields.amountTotal ?? 8000,
    currency: "usd",
    created: nowSeconds(),
    metadata: fields.organizationId
      ? { organization_id: fields.organizationId, plan_id: fields.planId ?? "team", interval: "month", seats: String(fields.seats ?? 10) }
      : {},
  };
}

export function invoiceObject(fields: {
  id?: string;
  customer: string;
  subscription: string | null;
  organizationId?: string;
  status: "paid" | "open";
  amount: number;
  quantity: number;
  price?: string;
}): Record<string, unknown> {
  const created = nowSeconds();
  return {
    id: fields.id ?? stripeTestId("in"),
    object: "invoice",
    customer: fields.customer,
    status: fields.status,
    number: `TEST-${created}`,
    currency: "usd",
    amount_due: fields.amount,
    amount_paid: fields.status === "paid" ? fields.amount : 0,
    total: fields.amount,
    created,
    period_start: created,
    period_end: created + 30 * 24 * 3600,
    hosted_invoice_url: "https://invoice.stripe.test/i/test",
    invoice_pdf: "https://invoice.stripe.test/i/test.pdf",
    status_transitions: { paid_at: fields.status === "paid" ? created : null },
    parent: fields.subscription
      ? {
          type: "subscription_details",
          quote_details: null,
          subscription_details: {
            subscription: fields.subscription,
            metadata: fields.organizationId ? { organization_id: fields.organizationId } : {},
          },
        }
      : null,
    lines: {
      object: "list",
      data: [
        {
          id: stripeTestId("il"),
          object: "line_item",
          description: `${fields.quantity} × Team seat`,
          amount: fields.amount,
          currency: "usd",
          quantity: fields.quantity,
          pricing: { type: "price_details", price_details: { price: fields.price ?? TEST_PRICES.team.month, product: "prod_test" } },
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------
// Signed requests to the webhook route
// ---------------------------------------------------------------------------
export function signedWebhookRequest(
  event: StripeTestEvent | string,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Request {
  const payload = typeof event === "string" ? event : JSON.stringify(event);
  const signature =
    options.signature === undefined
      ? Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? TEST_WEBHOOK_SECRET, timestamp: options.timestamp })
      : options.signature;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return new Request("http://localhost/api/stripe/webhook", { method: "POST", body: payload, headers });
}

/** Rows the webhook wrote for an organization, read as the service role. */
export async function billingState(organizationId: string) {
  return service(async (tx) => ({
    customers: await tx.select().from(billingCustomers).where(eq(billingCustomers.organizationId, organizationId)),
    subscriptions: await tx.select().from(subscriptions).where(eq(subscriptions.organizationId, organizationId)),
    items: await tx.select().from(subscriptionItems).where(eq(subscriptionItems.organizationId, organizationId)),
    orders: await tx.select().from(orders).where(eq(orders.organizationId, organizationId)),
    orderItems: await tx.select().from(orderItems).where(eq(orderItems.organizationId, organizationId)),
    notifications: await tx.select().from(notifications).where(eq(notifications.organizationId, organizationId)),
    seatLimit: (await tx.execute<{ n: number }>(sql`select public.org_seat_limit(${organizationId}::uuid) as n`))[0].n,
  }));
}
