// Whether a Stripe event may change what we stored. Stripe delivers events at
// least once and in no guaranteed order, so a webhook may bring an older
// snapshot of a subscription (or invoice, or Checkout session) than the one we
// hold; applying it would move the object backwards. Re-fetching the object
// from Stripe would settle it but puts a network call on the webhook's path,
// so instead each row keeps a watermark: the `created` time (whole seconds) of
// the last event applied to it.
//
// Subscriptions (`decideSubscriptionEvent`):
//   1. An ended subscription (canceled, incomplete_expired) is final in Stripe:
//      no event revives it. Only a strictly newer event that is itself ended
//      may still update it (e.g. an ended_at filled in later).
//   2. An event older than the watermark is stale and skipped.
//   3. An event from the same second as the watermark (Stripe often emits
//      created, updated and deleted within one second) is applied only if it
//      does not move the status back in the lifecycle
//      incomplete → trialing/active/past_due/unpaid/paused → ended.
//      Between two same-second snapshots of the same stage the later
//      arrival wins: Stripe's payload carries nothing finer to order them by.
//   4. A newer event is applied.
// A row that only links a subscription to an organization (created at
// Checkout, before any subscription event) has no watermark and takes any event.
//
// Orders (`decideOrderEvent`): `paid` is final, so is a failed Checkout
// (`failed` on a checkout order); otherwise rules 2-4 with the stages
// pending/failed → paid/no_payment_required.
import type { OrderStatus, SubscriptionStatus } from "@/db/schema/billing";

export type Decision = "apply" | "stale";

const ENDED: ReadonlySet<SubscriptionStatus> = new Set(["canceled", "incomplete_expired"]);

function subscriptionStage(status: SubscriptionStatus): number {
  if (status === "incomplete") return 0;
  if (ENDED.has(status)) return 2;
  return 1;
}

export function isEnded(status: SubscriptionStatus): boolean {
  return ENDED.has(status);
}

export interface StoredState<S> {
  status: S;
  /** Stripe `created` (seconds) of the last applied event; null when none was applied. */
  lastEventAt: Date | null;
}

export interface IncomingState<S> {
  status: S;
  /** The event's `created`, in seconds since the epoch. */
  eventCreated: number;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function decideSubscriptionEvent(
  stored: StoredState<SubscriptionStatus> | null,
  incoming: IncomingState<SubscriptionStatus>,
): Decision {
  if (!stored || stored.lastEventAt === null) return "apply";
  const watermark = seconds(stored.lastEventAt);
  if (isEnded(stored.status)) {
    return isEnded(incoming.status) && incoming.eventCreated > watermark ? "apply" : "stale";
  }
  if (incoming.eventCreated < watermark) return "stale";
  if (incoming.eventCreated === watermark) {
    return subscriptionStage(incoming.status) >= subscriptionStage(stored.status) ? "apply" : "stale";
  }
  return "apply";
}

function orderStage(status: OrderStatus): number {
  return status === "paid" || status === "no_payment_required" ? 1 : 0;
}

export function decideOrderEvent(
  stored: (StoredState<OrderStatus> & { kind: "checkout" | "invoice" }) | null,
  incoming: IncomingState<OrderStatus>,
): Decision {
  if (!stored || stored.lastEventAt === null) return "apply";
  if (stored.status === "paid") return "stale";
  if (stored.kind === "checkout" && stored.status === "failed") return "stale";
  const watermark = seconds(stored.lastEventAt);
  if (incoming.eventCreated < watermark) return "stale";
  if (incoming.eventCreated === watermark && orderStage(incoming.status) < orderStage(stored.status)) return "stale";
  return "apply";
}
