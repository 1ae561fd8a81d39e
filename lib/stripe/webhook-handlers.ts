// What each Stripe event changes. One small handler per event type, and a
// dispatcher that runs it in one service transaction together with the
// stripe_events row: the event id's primary key makes a redelivery a no-op,
// and a handler that fails leaves no trace, so Stripe's retry applies it.
// Nothing here calls Stripe: the webhook answers from the payload alone, and
// out-of-order deliveries are settled by lib/stripe/ordering.ts.
import type Stripe from "stripe";
import { z } from "zod";
import type { Database, Tx } from "@/db/client";
import { getDb } from "@/db/client";
import { withServiceDb } from "@/db/rls";
import {
  applyOrderSnapshot,
  applySubscriptionSnapshot,
  findSubscriptionByStripeId,
  getPlan,
  knownPlanId,
  linkSubscriptionToOrganization,
  notifyBillingManagers,
  organizationExists,
  organizationOfCustomer,
  planIdForPrice,
  recordStripeEvent,
  SEAT_GRANTING_STATUSES,
  setStripeEventOutcome,
  upsertBillingCustomer,
  type SubscriptionSnapshot,
} from "@/db/queries/billing";
import type { OrderStatus, StripeEventOutcome, SubscriptionStatus } from "@/db/schema/billing";
import { AppError } from "@/lib/errors";
import {
  organizationIdOf,
  stripeCheckoutSessionSchema,
  stripeInvoiceSchema,
  stripeSubscriptionSchema,
  type StripeCheckoutSession,
  type StripeInvoice,
  type StripeSubscriptionSnapshot,
} from "@/lib/validation/billing";

export interface HandlerResult {
  outcome: Exclude<StripeEventOutcome, "received">;
  detail: string;
  organizationId?: string;
}

type Handler = (tx: Tx, event: Stripe.Event) => Promise<HandlerResult>;

const ignored = (detail: string): HandlerResult => ({ outcome: "ignored", detail });
const toDate = (seconds: number | null | undefined) => (seconds == null ? null : new Date(seconds * 1000));

/** Parses the event's object; a payload we cannot read is refused (400) and not recorded. */
function objectOf<S extends z.ZodType>(event: Stripe.Event, schema: S): z.infer<S> {
  const parsed = schema.safeParse(event.data.object);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(400, `Unexpected ${event.type} payload: ${issue.path.join(".") || "object"} ${issue.message}`);
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------
// Subscriptions: customer.subscription.created | updated | deleted
// ---------------------------------------------------------------------------

/** Known link first (it never changes), then our metadata, then the customer's organization. */
async function organizationOfSubscription(tx: Tx, subscription: StripeSubscriptionSnapshot): Promise<string | { missing: string }> {
  const known = await findSubscriptionByStripeId(tx, subscription.id);
  if (known) return known.organizationId;
  const fromMetadata = organizationIdOf(subscription.metadata.organization_id);
  if (fromMetadata) {
    return (await organizationExists(tx, fromMetadata)) ? fromMetadata : { missing: `organization ${fromMetadata} does not exist` };
  }
  return (await organizationOfCustomer(tx, subscription.customer)) ?? { missing: `no organization for customer ${subscription.customer}` };
}

async function subscriptionSnapshot(tx: Tx, organizationId: string, subscription: StripeSubscriptionSnapshot): Promise<SubscriptionSnapshot> {
  const items = await Promise.all(
    subscription.items.data.map(async (item) => ({
      stripeSubscriptionItemId: item.id,
      stripePriceId: item.price.id,
      planId: (await planIdForPrice(tx, item.price.id)) ?? (await knownPlanId(tx, item.price.metadata.plan_id)),
      quantity: item.quantity ?? 0,
    })),
  );
  const first = subscription.items.data[0];
  const interval = first?.price.recurring?.interval;
  const starts = subscription.items.data.map((item) => item.current_period_start).filter((s): s is number => s != null);
  const ends = subscription.items.data.map((item) => item.current_period_end).filter((s): s is number => s != null);
  return {
    organizationId,
    stripeSubscriptionId: subscription.id,
    stripeCustomerId: subscription.customer,
    // The price decides the plan (a plan change in the Portal changes the price, not our metadata).
    planId: items.find((item) => item.planId)?.planId ?? (await knownPlanId(tx, subscription.metadata.plan_id)),
    status: subscription.status,
    // Seats are the per-seat quantity, summed over the subscription's items.
    quantity: items.reduce((sum, item) => sum + item.quantity, 0),
    billingInterval: interval === "month" || interval === "year" ? interval : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    currentPeriodStart: toDate(starts.length ? Math.min(...starts) : null),
    currentPeriodEnd: toDate(ends.length ? Math.max(...ends) : null),
    cancelAt: toDate(subscription.cancel_at),
    canceledAt: toDate(subscription.canceled_at),
    endedAt: toDate(subscription.ended_at),
    trialEnd: toDate(subscription.trial_end),
    items,
  };
}

const grantsSeats = (status: SubscriptionStatus | null) =>
  status !== null && (SEAT_GRANTING_STATUSES as readonly string[]).includes(status);

async function notifyOnTransition(tx: Tx, organizationId: string, previous: SubscriptionStatus | null, current: SubscriptionStatus) {
  if (current === "past_due" && previous !== "past_due") {
    await notifyBillingManagers(tx, organizationId, {
      type: "billing.past_due",
      title: "Payment failed: your subscription is past due",
      body: "Stripe could not charge your payment method and will retry. Update it in the Customer Portal (Billing page) to keep your seats.",
      priority: "high",
    });
  }
  if (grantsSeats(previous) && !grantsSeats(current)) {
    const free = await getPlan(tx, "free");
    await notifyBillingManagers(tx, organizationId, {
      type: "billing.subscription_ended",
      title: "Your subscription has ended",
      body: `Your organization is on the Free plan (${free?.seatLimit ?? 0} seats). No data was deleted; new members can join once fewer seats are used or you subscribe again.`,
      priority: "high",
    });
  }
}

const handleSubscriptionChange: Handler = async (tx, event) => {
  const subscription = objectOf(event, stripeSubscriptionSchema);
  const organization = await organizationOfSubscription(tx, subscription);
  if (typeof organization !== "string") return ignored(`Subscription ${subscription.id}: ${organization.missing}`);

  const snapshot = await subscriptionSnapshot(tx, organization, subscription);
  const result = await applySubscriptionSnapshot(tx, snapshot, { id: event.id, created: event.created });
  if (result.decision === "stale") {
    return {
      outcome: "stale",
      detail: `Subscription ${subscription.id}: older than the state already applied (${result.previousStatus})`,
      organizationId: result.organizationId,
    };
  }
  await notifyOnTransition(tx, result.organizationId, result.previousStatus, snapshot.status);
  return {
    outcome: "applied",
    detail: `Subscription ${subscription.id}: ${result.previousStatus ?? "new"} → ${snapshot.status}, ${snapshot.quantity} seats`,
    organizationId: result.organizationId,
  };
};

// ---------------------------------------------------------------------------
// Checkout: checkout.session.completed | async_payment_succeeded | async_payment_failed
// ---------------------------------------------------------------------------
const CHECKOUT_STATUS: Record<StripeCheckoutSession["payment_status"], OrderStatus> = {
  paid: "paid",
  unpaid: "pending",
  no_payment_required: "no_payment_required",
};

async function applyCheckoutSession(tx: Tx, event: Stripe.Event, status: OrderStatus | null): Promise<HandlerResult> {
  const session = objectOf(event, stripeCheckoutSessionSchema);
  if (session.mode !== "subscription") return ignored(`Checkout ${session.id}: mode ${session.mode} is not sold here`);
  const organizationId = organizationIdOf(session.client_reference_id) ?? organizationIdOf(session.metadata.organization_id);
  if (!organizationId) return ignored(`Checkout ${session.id}: no organization id in client_reference_id or metadata`);
  if (!(await organizationExists(tx, organizationId))) return ignored(`Checkout ${session.id}: organization ${organizationId} does not exist`);

  const planId = await knownPlanId(tx, session.metadata.plan_id);
  if (session.customer) {
    await upsertBillingCustomer(tx, {
      organizationId,
      stripeCustomerId: session.customer,
      email: session.customer_details?.email ?? session.customer_email ?? null,
    });
    if (session.subscription) {
      await linkSubscriptionToOrganization(tx, {
        organizationId,
        stripeSubscriptionId: session.subscription,
        stripeCustomerId: session.customer,
        planId,
      });
    }
  }

  const seats = Number.parseInt(session.metadata.seats ?? "", 10);
  const plan = planId ? await getPlan(tx, planId) : null;
  const orderStatus = status ?? CHECKOUT_STATUS[session.payment_status];
  const amount = session.amount_total ?? 0;
  const decision = await applyOrderSnapshot(
    tx,
    {
      organizationId,
      kind: "checkout",
      stripeId: session.id,
      stripeSubscriptionId: session.subscription ?? null,
      planId,
      status: orderStatus,
      currency: session.currency ?? plan?.currency ?? "usd",
      amountTotal: amount,
      amountPaid: orderStatus === "paid" ? amount : 0,
      paidAt: orderStatus === "paid" ? new Date(event.created * 1000) : null,
      stripeCreatedAt: new Date(session.created * 1000),
      items: plan
        ? [{
            description: `${plan.name} plan${Number.isFinite(seats) ? `, ${seats} seats` : ""}${session.metadata.interval ? `, billed ${session.metadata.interval}ly` : ""}`,
            planId: plan.id,
            stripePriceId: null,
            quantity: Number.isFinite(seats) ? seats : 1,
            amount,
            currency: session.currency ?? plan.currency,
          }]
        : undefined,
    },
    event.created,
  );
  if (decision === "stale") return { outcome: "stale", detail: `Checkout ${session.id}: already settled`, organizationId };

  if (orderStatus === "failed") {
    await notifyBillingManagers(tx, organizationId, {
      type: "billing.checkout_failed",
      title: "Your payment did not go through",
      body: `The payment for the ${plan?.name ?? "new"} plan failed, so the subscription was not started. Try again from the Billing page.`,
      priority: "high",
    });
  }
  return { outcome: "applied", detail: `Checkout ${session.id}: ${orderStatus}`, organizationId };
}

const handleCheckoutSessionCompleted: Handler = (tx, event) => applyCheckoutSession(tx, event, null);
const handleCheckoutAsyncPaymentSucceeded: Handler = (tx, event) => applyCheckoutSession(tx, event, "paid");
const handleCheckoutAsyncPaymentFailed: Handler = (tx, event) => applyCheckoutSession(tx, event, "failed");

// ---------------------------------------------------------------------------
// Invoices: invoice.paid | invoice.payment_failed
// ---------------------------------------------------------------------------
async function organizationOfInvoice(tx: Tx, invoice: StripeInvoice): Promise<string | null> {
  const details = invoice.parent?.subscription_details;
  if (details) {
    const known = await findSubscriptionByStripeId(tx, details.subscription);
    if (known) return known.organizationId;
    const fromMetadata = organizationIdOf(details.metadata.organization_id);
    if (fromMetadata && (await organizationExists(tx, fromMetadata))) return fromMetadata;
  }
  return invoice.customer ? organizationOfCustomer(tx, invoice.customer) : null;
}

async function applyInvoice(tx: Tx, event: Stripe.Event, status: "paid" | "failed"): Promise<HandlerResult> {
  const invoice = objectOf(event, stripeInvoiceSchema);
  const organizationId = await organizationOfInvoice(tx, invoice);
  if (!organizationId) return ignored(`Invoice ${invoice.id}: no organization for its subscription or customer`);

  const items = await Promise.all(
    invoice.lines.data.map(async (line) => {
      const price = line.pricing?.price_details?.price ?? null;
      return {
        description: line.description ?? "",
        planId: price ? await planIdForPrice(tx, price) : null,
        stripePriceId: price,
        quantity: line.quantity ?? 1,
        amount: line.amount,
        currency: line.currency,
      };
    }),
  );
  const stripeSubscriptionId = invoice.parent?.subscription_details?.subscription ?? null;
  const subscription = stripeSubscriptionId ? await findSubscriptionByStripeId(tx, stripeSubscriptionId) : null;
  const decision = await applyOrderSnapshot(
    tx,
    {
      organizationId,
      kind: "invoice",
      stripeId: invoice.id,
      stripeSubscriptionId,
      planId: items.find((item) => item.planId)?.planId ?? subscription?.planId ?? null,
      status,
      currency: invoice.currency,
      amountTotal: invoice.total ?? invoice.amount_due,
      amountPaid: invoice.amount_paid,
      invoiceNumber: invoice.number ?? null,
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
      invoicePdfUrl: invoice.invoice_pdf ?? null,
      periodStart: toDate(invoice.period_start),
      periodEnd: toDate(invoice.period_end),
      paidAt: status === "paid" ? toDate(invoice.status_transitions?.paid_at ?? event.created) : null,
      stripeCreatedAt: new Date(invoice.created * 1000),
      items,
    },
    event.created,
  );
  if (decision === "stale") return { outcome: "stale", detail: `Invoice ${invoice.id}: already paid or newer state applied`, organizationId };
  // A failed renewal also moves the subscription to past_due, whose event notifies the admins.
  return { outcome: "applied", detail: `Invoice ${invoice.id}: ${status}`, organizationId };
}

const handleInvoicePaid: Handler = (tx, event) => applyInvoice(tx, event, "paid");
const handleInvoicePaymentFailed: Handler = (tx, event) => applyInvoice(tx, event, "failed");

// ---------------------------------------------------------------------------
// Dispatcher
// ---------------------------------------------------------------------------
export const WEBHOOK_HANDLERS = {
  "checkout.session.completed": handleCheckoutSessionCompleted,
  "checkout.session.async_payment_succeeded": handleCheckoutAsyncPaymentSucceeded,
  "checkout.session.async_payment_failed": handleCheckoutAsyncPaymentFailed,
  "customer.subscription.created": handleSubscriptionChange,
  "customer.subscription.updated": handleSubscriptionChange,
  "customer.subscription.deleted": handleSubscriptionChange,
  "invoice.paid": handleInvoicePaid,
  "invoice.payment_failed": handleInvoicePaymentFailed,
} satisfies Partial<Record<Stripe.Event["type"], Handler>>;

export type HandledEventType = keyof typeof WEBHOOK_HANDLERS;
/** The events to enable on the Stripe webhook endpoint. */
export const HANDLED_EVENT_TYPES = Object.keys(WEBHOOK_HANDLERS) as HandledEventType[];

export function isHandledEventType(type: string): type is HandledEventType {
  return Object.hasOwn(WEBHOOK_HANDLERS, type);
}

export type ProcessResult = { duplicate: true } | ({ duplicate: false } & HandlerResult);

/** Applies a verified event at most once: the stripe_events insert and the effect commit together. */
export async function processStripeEvent(event: Stripe.Event, db: Database = getDb()): Promise<ProcessResult> {
  if (!isHandledEventType(event.type)) throw new Error(`No handler for ${event.type}`);
  const handler = WEBHOOK_HANDLERS[event.type];
  return withServiceDb(
    "Stripe webhook: a verified event, applied once",
    async (tx) => {
      const objectId = (event.data.object as { id?: unknown }).id;
      const fresh = await recordStripeEvent(tx, {
        id: event.id,
        type: event.type,
        created: event.created,
        livemode: event.livemode,
        objectId: typeof objectId === "string" ? objectId : null,
      });
      if (!fresh) return { duplicate: true };
      const result = await handler(tx, event);
      await setStripeEventOutcome(tx, event.id, result.outcome, result.detail);
      return { duplicate: false, ...result };
    },
    db,
  );
}
