// Billing data. Reads run inside withUserDb: RLS shows billing rows only to
// holders of `billing.manage` (plans to everyone, active plans to visitors).
// Writes run only in the webhook's service transaction (`tx` passed in), next
// to the stripe_events row that makes them happen once.
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Tx } from "../client";
import {
  billingCustomers,
  memberships,
  notifications,
  orderItems,
  orders,
  organizations,
  plans,
  rolePermissions,
  stripeEvents,
  subscriptionItems,
  subscriptions,
  type OrderStatus,
  type StripeEventOutcome,
  type SubscriptionStatus,
} from "../schema";
import { decideOrderEvent, decideSubscriptionEvent, type Decision } from "@/lib/stripe/ordering";

/** Statuses whose quantity counts as paid seats (past_due: while Stripe retries the payment). */
export const SEAT_GRANTING_STATUSES = ["active", "trialing", "past_due"] as const satisfies readonly SubscriptionStatus[];

// ---------------------------------------------------------------------------
// Reads (RLS-scoped)
// ---------------------------------------------------------------------------
export async function listPlansForSale(tx: Tx) {
  return tx.select().from(plans).where(eq(plans.isActive, true)).orderBy(asc(plans.sortOrder), asc(plans.id));
}

export async function getPlan(tx: Tx, planId: string) {
  const [row] = await tx.select().from(plans).where(eq(plans.id, planId));
  return row ?? null;
}

export async function hasBillingPermission(tx: Tx, organizationId: string): Promise<boolean> {
  const [row] = await tx.execute<{ allowed: boolean }>(
    sql`select authz.has_permission(${organizationId}::uuid, 'billing.manage') as allowed`,
  );
  return row?.allowed === true;
}

/** Members counted against seats paid (or the free plan's seats); null for callers who may not see it. */
export async function seatUsage(tx: Tx, organizationId: string): Promise<{ used: number; limit: number } | null> {
  const [row] = await tx.execute<{ seats_used: number; seat_limit: number }>(
    sql`select seats_used, seat_limit from public.seat_usage(${organizationId}::uuid)`,
  );
  return row ? { used: row.seats_used, limit: row.seat_limit } : null;
}

/** The current subscription first: the one that grants seats now (latest period first), else the most recent one of any status. */
function currentFirst() {
  const live = inArray(subscriptions.status, [...SEAT_GRANTING_STATUSES]);
  return [sql`${live} desc`, sql`${subscriptions.currentPeriodEnd} desc nulls last`, desc(subscriptions.createdAt)];
}

/** The subscription that grants seats now (latest period first), else the most recent one of any status. */
export async function currentSubscription(tx: Tx, organizationId: string) {
  const [row] = await tx
    .select({ subscription: subscriptions, plan: plans })
    .from(subscriptions)
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(subscriptions.organizationId, organizationId))
    .orderBy(...currentFirst())
    .limit(1);
  if (!row) return null;
  const items = await tx
    .select()
    .from(subscriptionItems)
    .where(eq(subscriptionItems.subscriptionId, row.subscription.id))
    .orderBy(asc(subscriptionItems.createdAt));
  return { ...row.subscription, plan: row.plan, items, grantsSeats: (SEAT_GRANTING_STATUSES as readonly string[]).includes(row.subscription.status) };
}
export type CurrentSubscription = NonNullable<Awaited<ReturnType<typeof currentSubscription>>>;

/** Only the status of currentSubscription's subscription (null: none, or not visible to the caller), in one query. */
export async function currentSubscriptionStatus(tx: Tx, organizationId: string): Promise<SubscriptionStatus | null> {
  const [row] = await tx
    .select({ status: subscriptions.status })
    .from(subscriptions)
    .where(eq(subscriptions.organizationId, organizationId))
    .orderBy(...currentFirst())
    .limit(1);
  return row?.status ?? null;
}

export async function getBillingCustomer(tx: Tx, organizationId: string) {
  const [row] = await tx.select().from(billingCustomers).where(eq(billingCustomers.organizationId, organizationId));
  return row ?? null;
}

export async function listOrders(tx: Tx, organizationId: string, limit = 50) {
  const rows = await tx
    .select({ order: orders, planName: plans.name })
    .from(orders)
    .leftJoin(plans, eq(plans.id, orders.planId))
    .where(eq(orders.organizationId, organizationId))
    .orderBy(desc(orders.stripeCreatedAt))
    .limit(limit);
  const ids = rows.map((row) => row.order.id);
  const items = ids.length
    ? await tx.select().from(orderItems).where(inArray(orderItems.orderId, ids)).orderBy(asc(orderItems.createdAt))
    : [];
  return rows.map((row) => ({ ...row.order, planName: row.planName, items: items.filter((item) => item.orderId === row.order.id) }));
}

// ---------------------------------------------------------------------------
// Writes (service role, webhook transaction)
// ---------------------------------------------------------------------------

/** Records the event; false when it was recorded before (a redelivery). Concurrent deliveries wait on the key. */
export async function recordStripeEvent(
  tx: Tx,
  event: { id: string; type: string; created: number; livemode: boolean; objectId: string | null },
): Promise<boolean> {
  const inserted = await tx
    .insert(stripeEvents)
    .values({
      id: event.id,
      type: event.type,
      stripeCreatedAt: new Date(event.created * 1000),
      livemode: event.livemode,
      objectId: event.objectId,
    })
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  return inserted.length === 1;
}

export async function setStripeEventOutcome(tx: Tx, id: string, outcome: StripeEventOutcome, detail: string | null) {
  await tx.update(stripeEvents).set({ outcome, detail }).where(eq(stripeEvents.id, id));
}

export async function organizationExists(tx: Tx, organizationId: string): Promise<boolean> {
  const [row] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId));
  return Boolean(row);
}

export async function organizationOfCustomer(tx: Tx, stripeCustomerId: string): Promise<string | null> {
  const [row] = await tx
    .select({ organizationId: billingCustomers.organizationId })
    .from(billingCustomers)
    .where(eq(billingCustomers.stripeCustomerId, stripeCustomerId));
  return row?.organizationId ?? null;
}

export async function findSubscriptionByStripeId(tx: Tx, stripeSubscriptionId: string, options: { lock?: boolean } = {}) {
  const query = tx.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, stripeSubscriptionId));
  const [row] = options.lock ? await query.for("update") : await query;
  return row ?? null;
}

/** The plan whose monthly or yearly Stripe price this is. */
export async function planIdForPrice(tx: Tx, stripePriceId: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: plans.id })
    .from(plans)
    .where(or(eq(plans.stripeMonthlyPriceId, stripePriceId), eq(plans.stripeYearlyPriceId, stripePriceId)));
  return row?.id ?? null;
}

export async function knownPlanId(tx: Tx, planId: string | undefined): Promise<string | null> {
  if (!planId) return null;
  return (await getPlan(tx, planId))?.id ?? null;
}

/** One Stripe customer per organization: the latest Checkout's customer becomes the organization's. */
export async function upsertBillingCustomer(tx: Tx, input: { organizationId: string; stripeCustomerId: string; email: string | null }) {
  await tx
    .insert(billingCustomers)
    .values(input)
    .onConflictDoUpdate({
      target: billingCustomers.organizationId,
      set: { stripeCustomerId: input.stripeCustomerId, email: sql`coalesce(excluded.email, ${billingCustomers.email})` },
      setWhere: sql`${billingCustomers.stripeCustomerId} is distinct from excluded.stripe_customer_id
                    or (excluded.email is not null and ${billingCustomers.email} is distinct from excluded.email)`,
    });
}

/**
 * Ties a subscription created by Checkout to its organization before any
 * subscription event is applied (no watermark: the first snapshot will apply).
 */
export async function linkSubscriptionToOrganization(
  tx: Tx,
  input: { organizationId: string; stripeSubscriptionId: string; stripeCustomerId: string; planId: string | null },
) {
  await tx
    .insert(subscriptions)
    .values({ ...input, status: "incomplete" })
    .onConflictDoNothing({ target: subscriptions.stripeSubscriptionId });
}

export interface SubscriptionSnapshot {
  organizationId: string;
  stripeSubscriptionId: string;
  stripeCustomerId: string;
  planId: string | null;
  status: SubscriptionStatus;
  quantity: number;
  billingInterval: "month" | "year" | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAt: Date | null;
  canceledAt: Date | null;
  endedAt: Date | null;
  trialEnd: Date | null;
  items: { stripeSubscriptionItemId: string; stripePriceId: string; planId: string | null; quantity: number }[];
}

/**
 * Applies a subscription snapshot from the event created at `eventCreated`,
 * unless the ordering rule (lib/stripe/ordering.ts) says it is stale. The row
 * is locked, so concurrent events for one subscription are decided in turn.
 */
export async function applySubscriptionSnapshot(
  tx: Tx,
  snapshot: SubscriptionSnapshot,
  event: { id: string; created: number },
): Promise<{ decision: Decision; previousStatus: SubscriptionStatus | null; organizationId: string }> {
  const stored = await findSubscriptionByStripeId(tx, snapshot.stripeSubscriptionId, { lock: true });
  const decision = decideSubscriptionEvent(stored, { status: snapshot.status, eventCreated: event.created });
  if (stored && decision === "stale") return { decision, previousStatus: stored.status, organizationId: stored.organizationId };

  const { items, ...fields } = snapshot;
  const values = { ...fields, lastEventAt: new Date(event.created * 1000), lastEventId: event.id };
  let row: typeof subscriptions.$inferSelect;
  if (stored) {
    // The organization of a known subscription never changes.
    const { organizationId: _ignored, ...changes } = values;
    void _ignored;
    [row] = await tx.update(subscriptions).set(changes).where(eq(subscriptions.id, stored.id)).returning();
  } else {
    const [inserted] = await tx
      .insert(subscriptions)
      .values(values)
      .onConflictDoNothing({ target: subscriptions.stripeSubscriptionId })
      .returning();
    // Another delivery inserted it meanwhile: decide again against its row.
    if (!inserted) return applySubscriptionSnapshot(tx, snapshot, event);
    row = inserted;
  }

  await tx.delete(subscriptionItems).where(eq(subscriptionItems.subscriptionId, row.id));
  if (items.length) {
    await tx
      .insert(subscriptionItems)
      .values(items.map((item) => ({ ...item, organizationId: row.organizationId, subscriptionId: row.id })));
  }
  // A row that only linked the subscription at Checkout had no known state.
  const previousStatus = stored && stored.lastEventAt !== null ? stored.status : null;
  return { decision, previousStatus, organizationId: row.organizationId };
}

export interface OrderSnapshot {
  organizationId: string;
  kind: "checkout" | "invoice";
  stripeId: string;
  stripeSubscriptionId: string | null;
  planId: string | null;
  status: OrderStatus;
  currency: string;
  amountTotal: number;
  amountPaid: number;
  invoiceNumber?: string | null;
  hostedInvoiceUrl?: string | null;
  invoicePdfUrl?: string | null;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  paidAt: Date | null;
  stripeCreatedAt: Date;
  /** Replaces the order's items when given. */
  items?: { description: string; planId: string | null; stripePriceId: string | null; quantity: number; amount: number; currency: string }[];
}

/** Creates or updates an order from an event created at `eventCreated`, unless stale. */
export async function applyOrderSnapshot(tx: Tx, snapshot: OrderSnapshot, eventCreated: number): Promise<Decision> {
  const [stored] = await tx.select().from(orders).where(eq(orders.stripeId, snapshot.stripeId)).for("update");
  const decision = decideOrderEvent(stored ?? null, { status: snapshot.status, eventCreated });
  if (decision === "stale") return decision;

  const { items, ...fields } = snapshot;
  const subscription = snapshot.stripeSubscriptionId
    ? await findSubscriptionByStripeId(tx, snapshot.stripeSubscriptionId)
    : null;
  const values = { ...fields, subscriptionId: subscription?.id ?? null, lastEventAt: new Date(eventCreated * 1000) };
  let orderId: string;
  if (stored) {
    const { organizationId: _ignored, ...changes } = values;
    void _ignored;
    // Keep what an earlier event knew and this one does not (e.g. the plan of a Checkout).
    await tx
      .update(orders)
      .set({ ...changes, planId: changes.planId ?? stored.planId, paidAt: changes.paidAt ?? stored.paidAt })
      .where(eq(orders.id, stored.id));
    orderId = stored.id;
  } else {
    const [inserted] = await tx.insert(orders).values(values).returning({ id: orders.id });
    orderId = inserted.id;
  }
  if (items) {
    await tx.delete(orderItems).where(eq(orderItems.orderId, orderId));
    if (items.length) {
      await tx.insert(orderItems).values(items.map((item) => ({ ...item, orderId, organizationId: snapshot.organizationId })));
    }
  }
  return decision;
}

/** Notifies every member who manages the organization's billing. */
export async function notifyBillingManagers(
  tx: Tx,
  organizationId: string,
  notification: { type: string; title: string; body: string; priority: "normal" | "high" | "urgent" },
) {
  const managers = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(rolePermissions, eq(rolePermissions.role, memberships.role))
    .where(and(eq(memberships.organizationId, organizationId), eq(rolePermissions.permission, "billing.manage")));
  if (managers.length === 0) return 0;
  await tx.insert(notifications).values(managers.map(({ userId }) => ({ organizationId, userId, ...notification })));
  return managers.length;
}
