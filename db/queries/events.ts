// Writing learning events. recordEvent runs inside the learner's RLS-scoped
// transaction, through the security-definer record_event() that pins the
// actor to auth.uid(), so the event commits or rolls back with the action.
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Tx } from "../client";
import { EVENT_SCHEMAS, type EventFields, type EventType } from "@/lib/events/types";

export async function recordEvent(
  tx: Tx,
  event: { organizationId: string; type: EventType; idempotencyKey?: string } & EventFields,
): Promise<boolean> {
  EVENT_SCHEMAS[event.type].parse(event);
  const rows = await tx.execute<{ stored: boolean }>(sql`
    select public.record_event(
      ${event.organizationId}::uuid, ${event.type}, ${event.idempotencyKey ?? randomUUID()},
      ${event.courseId ?? null}::uuid, ${event.lessonId ?? null}::uuid,
      ${event.assessmentId ?? null}::uuid, ${event.taskId ?? null}::uuid,
      ${event.durationSeconds ?? null}::integer, ${event.score ?? null}::numeric,
      ${JSON.stringify(event.context ?? {})}::jsonb) as stored`);
  return rows[0].stored;
}
