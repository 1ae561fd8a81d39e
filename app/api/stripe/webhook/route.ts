// POST /api/stripe/webhook — Stripe's billing events, verified, each applied once.
// Raw body → signature check → one service transaction (lib/stripe/webhook-handlers.ts).
// A bad or missing signature gets 400 and changes nothing; an event we do not
// handle gets 200 so Stripe stops sending it; a failure gets 500 so Stripe retries.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { verifyWebhook } from "@/lib/stripe/client";
import { isHandledEventType, processStripeEvent } from "@/lib/stripe/webhook-handlers";

// Stripe's payloads are a few kilobytes; anything far larger is not from Stripe.
const MAX_BODY_BYTES = 512 * 1024;

const problem = (status: number, error: string) => Response.json({ error }, { status });

export async function POST(request: Request): Promise<Response> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) return problem(400, "Stripe webhooks are not configured here: set STRIPE_WEBHOOK_SECRET");
  const signature = request.headers.get("stripe-signature");
  if (!signature) return problem(400, "Missing the Stripe-Signature header");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return problem(413, "Payload too large");

  // The signature covers the exact bytes received: read the body as text, never re-serialized JSON.
  const payload = await request.text();
  if (Buffer.byteLength(payload) > MAX_BODY_BYTES) return problem(413, "Payload too large");

  let event;
  try {
    event = verifyWebhook(payload, signature, secret);
  } catch (error) {
    return problem(400, `Webhook signature verification failed: ${error instanceof Error ? error.message : "invalid"}`);
  }

  if (!isHandledEventType(event.type)) {
    return Response.json({ received: true, ignored: `${event.type} is not handled` });
  }

  try {
    const result = await processStripeEvent(event);
    return Response.json(
      result.duplicate ? { received: true, duplicate: true } : { received: true, outcome: result.outcome, detail: result.detail },
    );
  } catch (error) {
    if (error instanceof AppError) return problem(error.status, error.message);
    console.error(`[stripe webhook] ${event.type} ${event.id} failed`, error);
    return problem(500, "The event could not be applied; Stripe will retry it");
  }
}
