// Mirrors supabase/migrations/20261122000200_billing.sql (tests/integration/schema-drift.test.ts
// fails when the two disagree). The migration is the source of truth.
import { boolean, integer, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, profiles } from "./tenancy";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => timestamptz("created_at").notNull().defaultNow();
const updatedAt = () => timestamptz("updated_at").notNull().defaultNow();
const organizationId = () =>
  uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" });

export const plans = pgTable("plans", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  features: text("features").array().notNull().default([]),
  seatPriceMonthly: integer("seat_price_monthly").notNull().default(0),
  seatPriceYearly: integer("seat_price_yearly").notNull().default(0),
  currency: text("currency").notNull().default("usd"),
  seatLimit: integer("seat_limit"),
  stripeProductId: text("stripe_product_id").unique(),
  stripeMonthlyPriceId: text("stripe_monthly_price_id").unique(),
  stripeYearlyPriceId: text("stripe_yearly_price_id").unique(),
  isActive: boolean("is_active").notNull().default(true),
  sortOrder: smallint("sort_order").notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const billingCustomers = pgTable("billing_customers", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId().unique(),
  stripeCustomerId: text("stripe_customer_id").notNull().unique(),
  email: text("email"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const SUBSCRIPTION_STATUSES = [
  "incomplete",
  "incomplete_expired",
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "paused",
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const subscriptions = pgTable("subscriptions", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  stripeSubscriptionId: text("stripe_subscription_id").notNull().unique(),
  stripeCustomerId: text("stripe_customer_id").notNull(),
  planId: text("plan_id").references(() => plans.id),
  status: text("status", { enum: SUBSCRIPTION_STATUSES }).notNull(),
  quantity: integer("quantity").notNull().default(0),
  billingInterval: text("billing_interval", { enum: ["month", "year"] }),
  cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
  currentPeriodStart: timestamptz("current_period_start"),
  currentPeriodEnd: timestamptz("current_period_end"),
  cancelAt: timestamptz("cancel_at"),
  canceledAt: timestamptz("canceled_at"),
  endedAt: timestamptz("ended_at"),
  trialEnd: timestamptz("trial_end"),
  lastEventAt: timestamptz("last_event_at"),
  lastEventId: text("last_event_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const subscriptionItems = pgTable("subscription_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  subscriptionId: uuid("subscription_id").notNull().references(() => subscriptions.id, { onDelete: "cascade" }),
  stripeSubscriptionItemId: text("stripe_subscription_item_id").notNull().unique(),
  stripePriceId: text("stripe_price_id").notNull(),
  planId: text("plan_id").references(() => plans.id),
  quantity: integer("quantity").notNull().default(0),
  createdAt: createdAt(),
});

export const ORDER_STATUSES = ["pending", "paid", "no_payment_required", "failed"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = pgTable("orders", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  kind: text("kind", { enum: ["checkout", "invoice"] }).notNull(),
  stripeId: text("stripe_id").notNull().unique(),
  subscriptionId: uuid("subscription_id").references(() => subscriptions.id, { onDelete: "set null" }),
  stripeSubscriptionId: text("stripe_subscription_id"),
  planId: text("plan_id").references(() => plans.id),
  status: text("status", { enum: ORDER_STATUSES }).notNull(),
  currency: text("currency").notNull().default("usd"),
  amountTotal: integer("amount_total").notNull().default(0),
  amountPaid: integer("amount_paid").notNull().default(0),
  invoiceNumber: text("invoice_number"),
  hostedInvoiceUrl: text("hosted_invoice_url"),
  invoicePdfUrl: text("invoice_pdf_url"),
  periodStart: timestamptz("period_start"),
  periodEnd: timestamptz("period_end"),
  paidAt: timestamptz("paid_at"),
  stripeCreatedAt: timestamptz("stripe_created_at").notNull(),
  lastEventAt: timestamptz("last_event_at").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const orderItems = pgTable("order_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  orderId: uuid("order_id").notNull().references(() => orders.id, { onDelete: "cascade" }),
  description: text("description").notNull().default(""),
  planId: text("plan_id").references(() => plans.id),
  stripePriceId: text("stripe_price_id"),
  quantity: integer("quantity").notNull().default(1),
  amount: integer("amount").notNull().default(0),
  currency: text("currency").notNull().default("usd"),
  createdAt: createdAt(),
});

export const STRIPE_EVENT_OUTCOMES = ["received", "applied", "ignored", "stale"] as const;
export type StripeEventOutcome = (typeof STRIPE_EVENT_OUTCOMES)[number];

export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  stripeCreatedAt: timestamptz("stripe_created_at").notNull(),
  livemode: boolean("livemode").notNull().default(false),
  objectId: text("object_id"),
  outcome: text("outcome", { enum: STRIPE_EVENT_OUTCOMES }).notNull().default("received"),
  detail: text("detail"),
  receivedAt: timestamptz("received_at").notNull().defaultNow(),
});

export const NOTIFICATION_PRIORITIES = ["low", "normal", "high", "urgent"] as const;

export const notifications = pgTable("notifications", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  userId: uuid("user_id").notNull().references(() => profiles.id, { onDelete: "cascade" }),
  type: text("type").notNull(),
  title: text("title").notNull(),
  body: text("body").notNull().default(""),
  priority: text("priority", { enum: NOTIFICATION_PRIORITIES }).notNull().default("normal"),
  readAt: timestamptz("read_at"),
  createdAt: createdAt(),
  /** Path inside the organization (the app prefixes /o/<slug>) of what it is about. */
  linkPath: text("link_path"),
});

export type Plan = typeof plans.$inferSelect;
export type Subscription = typeof subscriptions.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
