// Writing learning events, always in the same transaction as the action they
// record. recordEvent runs in the learner's RLS-scoped transaction through the
// security-definer app.record_event(), which pins the actor to auth.uid()
// (schema `app` is not exposed by Supabase's Data API: only this server calls it);
// recordEventInServiceTx is for server-side steps that already run as the
// service role (scoring a submission, a trainer's grade) and names the learner.
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Tx } from "../client";
import { EVENT_SCHEMAS, type EventFields, type EventType } from "@/lib/events/types";

type EventInput = { organizationId: string; type: EventType; idempotencyKey?: string } & EventFields;

export async function recordEvent(tx: Tx, event: EventInput): Promise<boolean> {
  EVENT_SCHEMAS[event.type].parse(event);
  const rows = await tx.execute<{ stored: boolean }>(sql`
    select app.record_event(
      ${event.organizationId}::uuid, ${event.type}, ${event.idempotencyKey ?? randomUUID()},
      ${event.courseId ?? null}::uuid, ${event.lessonId ?? null}::uuid,
      ${event.assessmentId ?? null}::uuid, ${event.taskId ?? null}::uuid,
      ${event.durationSeconds ?? null}::integer, ${event.score ?? null}::numeric,
      ${JSON.stringify(event.context ?? {})}::jsonb) as stored`);
  return rows[0].stored;
}

/** Only inside withServiceDb: the event of `userId` (who must be a member; checked by the function). */
export async function recordEventInServiceTx(tx: Tx, event: EventInput & { userId: string }): Promise<boolean> {
  EVENT_SCHEMAS[event.type].parse(event);
  const rows = await tx.execute<{ stored: boolean }>(sql`
    select private.insert_raw_event(
      ${event.organizationId}::uuid, ${event.userId}::uuid, ${event.type}, now(), ${event.idempotencyKey ?? randomUUID()},
      ${event.courseId ?? null}::uuid, ${event.lessonId ?? null}::uuid,
      ${event.assessmentId ?? null}::uuid, ${event.taskId ?? null}::uuid,
      ${event.durationSeconds ?? null}::integer, ${event.score ?? null}::numeric,
      ${JSON.stringify(event.context ?? {})}::jsonb, 'app') as stored`);
  return rows[0].stored;
}
