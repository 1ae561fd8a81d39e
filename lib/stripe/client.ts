// The Stripe API client, made from the environment. Billing is "configured"
// when both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set; without them
// the billing pages explain how to configure it and nothing calls Stripe.
import Stripe from "stripe";
import { env, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export interface BillingConfig {
  configured: boolean;
  /** The variables still to set, in the order the README lists them. */
  missing: ("STRIPE_SECRET_KEY" | "STRIPE_WEBHOOK_SECRET")[];
  testMode: boolean;
}

export function billingConfig(source: Env = env()): BillingConfig {
  const missing = (["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"] as const).filter((key) => !source[key]);
  return { configured: missing.length === 0, missing, testMode: !source.STRIPE_SECRET_KEY?.includes("_live_") };
}

export const billingNotConfigured = () =>
  new AppError(503, "Billing is not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (see the README)");

const cache = globalThis as unknown as { senseiiwyzeStripe?: { key: string; client: Stripe } };

/** The client for API calls; throws a 503 AppError when billing is not configured. */
export function stripeClient(source: Env = env()): Stripe {
  if (!billingConfig(source).configured) throw billingNotConfigured();
  const key = [source.STRIPE_SECRET_KEY, source.STRIPE_API_HOST, source.STRIPE_API_PORT, source.STRIPE_API_PROTOCOL].join("|");
  if (cache.senseiiwyzeStripe?.key !== key) {
    const client = new Stripe(source.STRIPE_SECRET_KEY!, {
      // Calls happen in server actions a person is waiting on: fail in seconds, not minutes.
      timeout: 20_000,
      maxNetworkRetries: 1,
      appInfo: { name: "SenseiiWyze" },
      ...(source.STRIPE_API_HOST ? { host: source.STRIPE_API_HOST } : {}),
      ...(source.STRIPE_API_PORT ? { port: source.STRIPE_API_PORT } : {}),
      ...(source.STRIPE_API_PROTOCOL ? { protocol: source.STRIPE_API_PROTOCOL } : {}),
    });
    cache.senseiiwyzeStripe = { key, client };
  }
  return cache.senseiiwyzeStripe.client;
}

/**
 * Verifies a webhook's signature (HMAC of the raw body with the endpoint's
 * secret, timestamp within Stripe's default 5-minute tolerance) and parses it.
 * Throws Stripe's SignatureVerificationError when it does not verify.
 */
export function verifyWebhook(payload: string, signature: string, secret: string): Stripe.Event {
  return Stripe.webhooks.constructEvent(payload, signature, secret);
}

/** Maps a failed Stripe API call to a message for the admin (the details go to the server log). */
export function stripeFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Stripe.errors.StripeError) {
    console.error("[stripe]", error.type, error.code ?? "", error.message);
    if (error instanceof Stripe.errors.StripeConnectionError) {
      return new AppError(502, "Stripe could not be reached; try again in a moment");
    }
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      return new AppError(502, `Stripe refused the request: ${error.message}`);
    }
    return new AppError(502, "Stripe could not complete the request; try again in a moment");
  }
  throw error;
}
