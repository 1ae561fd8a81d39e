// POST /api/v1/events — learning events from external tools, in batches of up
// to 1,000, authenticated by an organization's API key (Authorization: Bearer).
// 202 with one result per event (stored / duplicate / rejected + reason); a
// malformed body (400), an oversized one or batch (413), a wrong or revoked
// key (401) or an organization whose plan lacks API keys (402) stores nothing. The judging of each event is lib/events/ingest.ts:
// whatever the database would refuse is rejected per event there, so a whole
// batch fails only on a server fault — 503 "retry it" when a retry can work
// (connection, contention, storage not ready), 500 otherwise.
import { withServiceDb } from "@/db/rls";
import { authenticateApiKey } from "@/db/queries/api-keys";
import { orgFeatureAsService, upgradeFacts } from "@/db/queries/entitlements";
import { upgradeMessage, type Feature } from "@/lib/tenancy/entitlements";
import { AppError } from "@/lib/errors";
import { bearerToken, readTextWithin } from "@/lib/http";
import { batchSchema, ingestEvents, isTransientFault, MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from "@/lib/events/ingest";

const problem = (status: number, error: string, headers?: HeadersInit) => Response.json({ error }, { status, headers });
const API_FEATURE: Feature = "api_keys";
const tooLarge = () => problem(413, `The body is larger than ${MAX_BATCH_BYTES} bytes; send smaller batches`);

export async function POST(request: Request): Promise<Response> {
  const key = bearerToken(request.headers.get("authorization"));
  if (!key) return problem(401, "Send your organization's API key as Authorization: Bearer <key>", { "WWW-Authenticate": "Bearer" });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BATCH_BYTES) return tooLarge();

  // Service role: an API caller has no user session, only a key; the key's
  // organization (never the payload) decides where events go, and every id
  // in the payload is checked against that organization before it is stored.
  // The key's organization must be on a plan that includes API ingestion
  // (plan_entitlements, the list the pricing page shows): 402 otherwise.
  const apiKey = await withServiceDb("API key authentication and its organization's plan (no user session)", async (tx) => {
    const found = await authenticateApiKey(tx, key);
    if (!found) return null;
    const plan = await orgFeatureAsService(tx, found.organizationId, API_FEATURE);
    return { ...found, refusal: plan.allowed ? null : upgradeMessage(await upgradeFacts(tx, API_FEATURE, plan.planId)) };
  });
  if (!apiKey) return problem(401, "This API key is not valid or has been revoked", { "WWW-Authenticate": 'Bearer error="invalid_token"' });
  if (apiKey.refusal) return problem(402, `This organization's plan does not include event ingestion: ${apiKey.refusal}`);

  let text: string | null;
  try {
    text = await readTextWithin(request, MAX_BATCH_BYTES);
  } catch {
    return problem(400, "The body is not valid UTF-8");
  }
  if (text === null) return tooLarge();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return problem(400, 'The body is not valid JSON; send {"events": [ … ]}');
  }
  const batch = batchSchema.safeParse(body);
  if (!batch.success) return problem(400, 'Send a JSON object {"events": [ … ]} and nothing else');
  if (batch.data.events.length === 0) return problem(400, "The batch has no events");
  if (batch.data.events.length > MAX_EVENTS_PER_BATCH) {
    return problem(413, `The batch has ${batch.data.events.length} events; send at most ${MAX_EVENTS_PER_BATCH} per request`);
  }

  try {
    const results = await withServiceDb("event ingestion for an API key's organization (no user session)", (tx) =>
      ingestEvents(tx, apiKey.organizationId, batch.data.events),
    );
    const count = (status: string) => results.filter((result) => result.status === status).length;
    return Response.json(
      { stored: count("stored"), duplicate: count("duplicate"), rejected: count("rejected"), results },
      { status: 202 },
    );
  } catch (error) {
    if (error instanceof AppError && error.status !== 503) return problem(error.status, error.message);
    if (error instanceof AppError || isTransientFault(error)) {
      console.warn("[events api] batch failed on a transient fault", error);
      return problem(503, "The batch could not be stored right now; nothing was stored, retry it shortly", { "Retry-After": "5" });
    }
    console.error("[events api] batch failed", error);
    return problem(500, "The batch could not be stored because of a fault on our side; nothing was stored. Retrying will not help until it is fixed: please report it");
  }
}
