// What the frame around every page of an organization shows, read in the
// caller's one transaction: their organizations (to switch between), their
// unread notifications here, and, for billing managers, whether a payment
// failed (subscription past_due, while Stripe retries).
import type { Tx } from "../client";
import { listMyOrganizations } from "./organizations";
import { countUnreadNotifications } from "./notifications";
import { currentSubscriptionStatus } from "./billing";

export async function appShellData(tx: Tx, input: { organizationId: string; userId: string; billingManager: boolean }) {
  const [organizations, unreadNotifications, subscriptionStatus] = await Promise.all([
    listMyOrganizations(tx, input.userId),
    countUnreadNotifications(tx, { organizationId: input.organizationId, userId: input.userId }),
    input.billingManager ? currentSubscriptionStatus(tx, input.organizationId) : null,
  ]);
  return { organizations, unreadNotifications, paymentPastDue: subscriptionStatus === "past_due" };
}
