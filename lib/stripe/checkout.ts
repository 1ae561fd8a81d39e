// What an org admin starts from the billing page: Stripe Checkout to
// subscribe, a plan or seat change of the current subscription, and the
// Customer Portal. Each reads the organization's state in the caller's
// RLS-scoped transaction (which also proves `billing.manage`), refuses what
// cannot work with a message that says why, and only then calls Stripe,
// outside any database transaction. None of them writes billing rows: Stripe's
// webhooks do, once the change has happened. What the admin asked Stripe for
// (a Checkout, a plan or seat change) goes into the audit log as theirs.
import type { Database } from "@/db/client";
import { getDb } from "@/db/client";
import { withUserDb, type SessionClaims } from "@/db/rls";
import { currentSubscription, getBillingCustomer, getPlan, hasBillingPermission, seatUsage } from "@/db/queries/billing";
import { recordBillingRequest, type BillingRequest } from "@/db/queries/audit-logs";
import type { Plan } from "@/db/schema/billing";
import { AppError, badRequest, conflict, forbidden } from "@/lib/errors";
import type { PlanSelection } from "@/lib/validation/billing";
import { stripeClient, stripeFailure } from "./client";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Refuses fewer seats than members (the number to remove is in the message) and more than the plan allows. */
export function seatChangeProblem(input: { usedSeats: number; seats: number; plan: Pick<Plan, "name" | "seatLimit"> }): string | null {
  const { usedSeats, seats, plan } = input;
  if (seats < usedSeats) {
    const excess = usedSeats - seats;
    return `Your organization has ${plural(usedSeats, "member")}, more than ${plural(seats, "seat")}: remove ${plural(excess, "member")} first, or choose at least ${usedSeats} seats.`;
  }
  if (plan.seatLimit !== null && seats > plan.seatLimit) {
    return `The ${plan.name} plan allows at most ${plan.seatLimit} seats; choose a larger plan for more.`;
  }
  return null;
}

/** Audits what was asked of Stripe; Stripe already has it, so a failure here is logged, not shown as the request failing. */
async function auditRequest(claims: SessionClaims, db: Database, organizationId: string, action: BillingRequest, selection: PlanSelection) {
  try {
    await withUserDb(claims, (tx) => recordBillingRequest(tx, organizationId, action, selection), {}, db);
  } catch (error) {
    console.error("[billing] could not audit a billing request", error);
  }
}

interface PlanContext {
  plan: Plan;
  priceId: string;
  usedSeats: number;
  subscription: Awaited<ReturnType<typeof currentSubscription>>;
  customer: Awaited<ReturnType<typeof getBillingCustomer>>;
}

async function loadPlanContext(claims: SessionClaims, organizationId: string, selection: PlanSelection, db: Database): Promise<PlanContext> {
  return withUserDb(
    claims,
    async (tx) => {
      if (!(await hasBillingPermission(tx, organizationId))) throw forbidden("Only members who manage billing can do that");
      const plan = await getPlan(tx, selection.planId);
      if (!plan || !plan.isActive) throw badRequest("That plan is not on sale", { planId: ["Choose a plan from the list"] });
      if (plan.id === "free") {
        throw badRequest("The Free plan needs no checkout: cancel your subscription in the Customer Portal to return to it");
      }
      const priceId = selection.interval === "year" ? plan.stripeYearlyPriceId : plan.stripeMonthlyPriceId;
      if (!priceId) {
        const column = selection.interval === "year" ? "stripe_yearly_price_id" : "stripe_monthly_price_id";
        throw new AppError(503, `The ${plan.name} plan has no Stripe price for ${selection.interval}ly billing yet: set plans.${column} (see the README)`);
      }
      const usage = await seatUsage(tx, organizationId);
      const problem = seatChangeProblem({ usedSeats: usage?.used ?? 0, seats: selection.seats, plan });
      if (problem) throw new AppError(409, problem);
      return {
        plan,
        priceId,
        usedSeats: usage?.used ?? 0,
        subscription: await currentSubscription(tx, organizationId),
        customer: await getBillingCustomer(tx, organizationId),
      };
    },
    {},
    db,
  );
}

export interface CheckoutRequest extends PlanSelection {
  organizationId: string;
  /** Prefilled on Stripe's page when the organization has no Stripe customer yet. */
  email: string;
  successUrl: string;
  cancelUrl: string;
}

/** A Checkout session for an organization without a subscription; returns Stripe's URL. */
export async function startCheckout(claims: SessionClaims, request: CheckoutRequest, db: Database = getDb()): Promise<{ url: string }> {
  const stripe = stripeClient();
  const context = await loadPlanContext(claims, request.organizationId, request, db);
  if (context.subscription?.grantsSeats) {
    throw conflict("Your organization already has a subscription: change its plan or seats instead (a second Checkout would bill twice)");
  }
  try {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      // Both carry the organization back in the webhook; the subscription keeps it in its own metadata.
      client_reference_id: request.organizationId,
      ...(context.customer ? { customer: context.customer.stripeCustomerId } : { customer_email: request.email }),
      line_items: [{ price: context.priceId, quantity: request.seats }],
      metadata: {
        organization_id: request.organizationId,
        plan_id: context.plan.id,
        interval: request.interval,
        seats: String(request.seats),
      },
      subscription_data: { metadata: { organization_id: request.organizationId, plan_id: context.plan.id } },
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
    });
    if (!session.url) throw new AppError(502, "Stripe did not return a Checkout page");
    await auditRequest(claims, db, request.organizationId, "checkout_started", request);
    return { url: session.url };
  } catch (error) {
    throw stripeFailure(error);
  }
}

/** Moves the current subscription to another plan, interval or seat count (Stripe prorates). */
export async function changeSubscription(
  claims: SessionClaims,
  request: PlanSelection & { organizationId: string },
  db: Database = getDb(),
): Promise<{ stripeSubscriptionId: string }> {
  const stripe = stripeClient();
  const context = await loadPlanContext(claims, request.organizationId, request, db);
  const subscription = context.subscription;
  if (!subscription?.grantsSeats) throw conflict("Your organization has no active subscription to change: subscribe first");
  if (subscription.items.length !== 1) {
    throw conflict("This subscription has several items; change it in the Customer Portal");
  }
  const [item] = subscription.items;
  if (item.stripePriceId === context.priceId && item.quantity === request.seats) {
    throw badRequest("That is already your plan and seat count");
  }
  try {
    await stripe.subscriptions.update(subscription.stripeSubscriptionId, {
      items: [{ id: item.stripeSubscriptionItemId, price: context.priceId, quantity: request.seats }],
      proration_behavior: "create_prorations",
      metadata: { organization_id: request.organizationId, plan_id: context.plan.id },
    });
    await auditRequest(claims, db, request.organizationId, "change_requested", request);
    return { stripeSubscriptionId: subscription.stripeSubscriptionId };
  } catch (error) {
    throw stripeFailure(error);
  }
}

/** A Customer Portal session (payment method, invoices, cancellation); returns Stripe's URL. */
export async function openCustomerPortal(
  claims: SessionClaims,
  request: { organizationId: string; returnUrl: string },
  db: Database = getDb(),
): Promise<{ url: string }> {
  const stripe = stripeClient();
  const customer = await withUserDb(
    claims,
    async (tx) => {
      if (!(await hasBillingPermission(tx, request.organizationId))) throw forbidden("Only members who manage billing can do that");
      return getBillingCustomer(tx, request.organizationId);
    },
    {},
    db,
  );
  if (!customer) throw conflict("Subscribe first: the Customer Portal opens once your organization has paid through Stripe");
  try {
    const session = await stripe.billingPortal.sessions.create({ customer: customer.stripeCustomerId, return_url: request.returnUrl });
    return { url: session.url };
  } catch (error) {
    throw stripeFailure(error);
  }
}
