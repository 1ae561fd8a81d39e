// How billing values read on screen: money in minor units, dates in UTC, Stripe statuses in words.
import type { SubscriptionStatus } from "@/db/schema/billing";

export function formatMoney(minorUnits: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(minorUnits / 100);
}

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
export const formatDate = (date: Date | null | undefined) => (date ? dateFormat.format(date) : "—");

export const SUBSCRIPTION_STATUS_LABELS: Record<SubscriptionStatus, string> = {
  active: "Active",
  trialing: "Trial",
  past_due: "Past due",
  canceled: "Canceled",
  incomplete: "Awaiting payment",
  incomplete_expired: "Expired",
  unpaid: "Unpaid",
  paused: "Paused",
};

export const ORDER_STATUS_LABELS = {
  pending: "Pending",
  paid: "Paid",
  no_payment_required: "No payment due",
  failed: "Failed",
} as const;
