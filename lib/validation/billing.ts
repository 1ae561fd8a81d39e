// Billing inputs: the admin's forms, and the parts of Stripe's webhook objects
// the handlers read. Webhook payloads are signed by Stripe, but are still
// parsed: an API-version change must fail loudly, not write nonsense.
import { z } from "zod";
import { SUBSCRIPTION_STATUSES } from "@/db/schema/billing";

export const BILLING_INTERVALS = ["month", "year"] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

export const MAX_SEATS = 10_000;

const planIdSchema = z.string({ error: "Choose a plan" }).regex(/^[a-z][a-z0-9_]{1,30}$/, "Choose a plan");
const seatsSchema = z.coerce
  .number({ error: "Enter a number of seats" })
  .int("Enter a whole number of seats")
  .min(1, "Choose at least 1 seat")
  .max(MAX_SEATS, `Choose at most ${MAX_SEATS} seats`);

/** Subscribe through Checkout, or change the current subscription's plan, interval or seats. */
export const planSelectionSchema = z.object({
  planId: planIdSchema,
  interval: z.enum(BILLING_INTERVALS, { error: "Choose monthly or yearly billing" }),
  seats: seatsSchema,
});
export type PlanSelection = z.infer<typeof planSelectionSchema>;

// ---------------------------------------------------------------------------
// Stripe objects (only the fields used; Stripe sends many more)
// ---------------------------------------------------------------------------
const stripeId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_]+$`), `must be a Stripe ${prefix}_ id`);
const expandable = (prefix: string) =>
  z.union([stripeId(prefix), z.object({ id: stripeId(prefix) }).transform((object) => object.id)]);
const timestamp = z.number().int().nonnegative();
const metadata = z.record(z.string(), z.string()).nullish().transform((value) => value ?? {});

/** An organization id from our own metadata/client_reference_id; anything else counts as absent. */
export const organizationIdOf = (value: unknown): string | null => {
  const parsed = z.uuid().safeParse(value);
  return parsed.success ? parsed.data : null;
};

export const stripeSubscriptionSchema = z.object({
  id: stripeId("sub"),
  customer: expandable("cus"),
  status: z.enum(SUBSCRIPTION_STATUSES),
  metadata,
  cancel_at_period_end: z.boolean().default(false),
  cancel_at: timestamp.nullish(),
  canceled_at: timestamp.nullish(),
  ended_at: timestamp.nullish(),
  trial_end: timestamp.nullish(),
  items: z.object({
    data: z.array(
      z.object({
        id: z.string().min(1),
        quantity: z.number().int().nonnegative().nullish(),
        current_period_start: timestamp.nullish(),
        current_period_end: timestamp.nullish(),
        price: z.object({
          id: z.string().min(1),
          recurring: z.object({ interval: z.string() }).nullish(),
          metadata,
        }),
      }),
    ),
  }),
});
export type StripeSubscriptionSnapshot = z.infer<typeof stripeSubscriptionSchema>;

export const stripeCheckoutSessionSchema = z.object({
  id: stripeId("cs"),
  mode: z.enum(["payment", "setup", "subscription"]),
  client_reference_id: z.string().nullish(),
  customer: expandable("cus").nullish(),
  customer_details: z.object({ email: z.string().nullish() }).nullish(),
  customer_email: z.string().nullish(),
  subscription: expandable("sub").nullish(),
  payment_status: z.enum(["paid", "unpaid", "no_payment_required"]),
  amount_total: z.number().int().nullish(),
  currency: z.string().regex(/^[a-z]{3}$/).nullish(),
  created: timestamp,
  metadata,
});
export type StripeCheckoutSession = z.infer<typeof stripeCheckoutSessionSchema>;

export const stripeInvoiceSchema = z.object({
  id: stripeId("in"),
  customer: expandable("cus").nullish(),
  status: z.string().nullish(),
  number: z.string().nullish(),
  currency: z.string().regex(/^[a-z]{3}$/),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  total: z.number().int().nullish(),
  created: timestamp,
  period_start: timestamp.nullish(),
  period_end: timestamp.nullish(),
  hosted_invoice_url: z.string().nullish(),
  invoice_pdf: z.string().nullish(),
  status_transitions: z.object({ paid_at: timestamp.nullish() }).nullish(),
  parent: z
    .object({
      subscription_details: z
        .object({ subscription: expandable("sub"), metadata })
        .nullish(),
    })
    .nullish(),
  lines: z
    .object({
      data: z.array(
        z.object({
          description: z.string().nullish(),
          amount: z.number().int(),
          currency: z.string().regex(/^[a-z]{3}$/),
          quantity: z.number().int().nullish(),
          pricing: z
            .object({
              price_details: z
                .object({ price: z.union([z.string(), z.object({ id: z.string() }).transform((price) => price.id)]) })
                .nullish(),
            })
            .nullish(),
        }),
      ),
    })
    .default({ data: [] }),
});
export type StripeInvoice = z.infer<typeof stripeInvoiceSchema>;
