// POST /api/jobs/reports — runs the report worker once (generates waiting
// reports), for a production scheduler: pg_cron through pg_net, or any
// external cron, with `Authorization: Bearer $REPORTS_JOB_SECRET`. Without
// the secret configured the endpoint is off (503); a wrong secret gets 401.
import { timingSafeEqual, createHash } from "node:crypto";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { bearerToken } from "@/lib/http";
import { runReportWorker } from "@/lib/reports/worker";

// Generating a batch of reports may take longer than a page request.
export const maxDuration = 300;

const digest = (value: string) => createHash("sha256").update(value).digest();

export async function POST(request: Request): Promise<Response> {
  const secret = env().REPORTS_JOB_SECRET;
  if (!secret) return Response.json({ error: "The report job is not configured (REPORTS_JOB_SECRET)" }, { status: 503 });
  const token = bearerToken(request.headers.get("authorization"));
  // Compared as digests: equal length, constant time.
  if (!token || !timingSafeEqual(digest(token), digest(secret))) {
    return Response.json({ error: "Send the job secret as Authorization: Bearer <secret>" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  const run = await runReportWorker(getDb(), { log: (message) => console.log(`[reports] ${message}`) });
  return Response.json({ completed: run.completed.length, failed: run.failed.length });
}
