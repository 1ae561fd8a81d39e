// A local stand-in for the Stripe API endpoints the app calls (no network):
// an HTTP server on 127.0.0.1 and a free port that records each request (form
// body decoded into Stripe's bracket notation) and answers with the minimal
// object the app reads. Point the client at it with STRIPE_API_HOST/PORT/PROTOCOL.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** Form fields as sent, e.g. { "line_items[0][quantity]": "12", "metadata[organization_id]": "…" }. */
  form: Record<string, string>;
}

export interface StripeStub {
  host: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests to one endpoint, e.g. stub.requestsTo("POST", "/v1/checkout/sessions"). */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[];
  /** Sets the environment the app's Stripe client reads (call before anything reads env()). */
  env(): Record<string, string>;
  reset(): void;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_stub_${randomUUID().replace(/-/g, "").slice(0, 16)}`;

function respond(request: RecordedRequest): { status: number; body: unknown } {
  const { method, path, form } = request;
  if (method === "POST" && path === "/v1/checkout/sessions") {
    const sessionId = id("cs");
    return {
      status: 200,
      body: {
        id: sessionId,
        object: "checkout.session",
        mode: form.mode,
        client_reference_id: form.client_reference_id ?? null,
        customer: form.customer ?? null,
        url: `https://checkout.stripe.test/c/pay/${sessionId}`,
        livemode: false,
      },
    };
  }
  if (method === "POST" && path === "/v1/billing_portal/sessions") {
    const sessionId = id("bps");
    return {
      status: 200,
      body: { id: sessionId, object: "billing_portal.session", customer: form.customer, return_url: form.return_url, url: `https://billing.stripe.test/p/session/${sessionId}` },
    };
  }
  const subscription = /^\/v1\/subscriptions\/(sub_\w+)$/.exec(path);
  if (method === "POST" && subscription) {
    return {
      status: 200,
      body: {
        id: subscription[1],
        object: "subscription",
        status: "active",
        items: { object: "list", data: [{ id: form["items[0][id]"], quantity: Number(form["items[0][quantity]"]), price: { id: form["items[0][price]"] } }] },
      },
    };
  }
  return {
    status: 404,
    body: { error: { type: "invalid_request_error", message: `The stub does not serve ${method} ${path}` } },
  };
}

export async function startStripeStub(): Promise<StripeStub> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const body = Buffer.concat(chunks).toString("utf8");
      const form = Object.fromEntries(new URLSearchParams(incoming.method === "GET" ? url.search : body));
      const recorded: RecordedRequest = { method: incoming.method ?? "GET", path: url.pathname, headers: incoming.headers, form };
      requests.push(recorded);
      const { status, body: response } = respond(recorded);
      outgoing.writeHead(status, { "content-type": "application/json", "request-id": id("req") });
      outgoing.end(JSON.stringify(response));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    requests,
    requestsTo: (method, path) =>
      requests.filter((r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path))),
    env: () => ({ STRIPE_API_HOST: "127.0.0.1", STRIPE_API_PORT: String(port), STRIPE_API_PROTOCOL: "http" }),
    reset: () => void requests.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the Stripe client keeps connections alive
      }),
  };
}
