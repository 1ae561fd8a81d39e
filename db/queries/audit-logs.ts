// The audit log viewer's data. RLS shows rows only to holders of `audit.view`.
// Entries carry the actor's name and what they were about as text, written
// when the change happened (20261130000410_audit_coverage.sql). Pages are cut
// by keyset on (created_at, id), newest first, so any page costs one index
// range scan however deep it is.
import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../client";
import { auditLogs } from "../schema";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  /** A person's id, or "system" for entries without a person (Stripe, jobs). */
  actor?: string;
  action?: string;
  /** Inclusive UTC days, "YYYY-MM-DD". */
  from?: string;
  to?: string;
}

/** Where a page starts: "<created_at, UTC, microseconds>_<id>" of the entry it starts after. */
export type AuditCursor = string;

const cursorText = sql<string>`to_char(${auditLogs.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || ${auditLogs.id}`;

function parseCursor(cursor: AuditCursor) {
  const at = cursor.lastIndexOf("_");
  return { createdAt: cursor.slice(0, at), id: cursor.slice(at + 1) };
}

function filterConditions(organizationId: string, filters: AuditFilters): SQL[] {
  const conditions: SQL[] = [eq(auditLogs.organizationId, organizationId)];
  if (filters.actor === "system") conditions.push(isNull(auditLogs.actorId));
  else if (filters.actor) conditions.push(eq(auditLogs.actorId, filters.actor));
  if (filters.action) conditions.push(eq(auditLogs.action, filters.action));
  if (filters.from) conditions.push(sql`${auditLogs.createdAt} >= ${filters.from}::date::timestamp at time zone 'UTC'`);
  if (filters.to) conditions.push(sql`${auditLogs.createdAt} < (${filters.to}::date + 1)::timestamp at time zone 'UTC'`);
  return conditions;
}

const olderThan = (cursor: AuditCursor) => {
  const { createdAt, id } = parseCursor(cursor);
  return sql`(${auditLogs.createdAt}, ${auditLogs.id}) < (${createdAt}::timestamptz, ${id}::bigint)`;
};
const newerThan = (cursor: AuditCursor) => {
  const { createdAt, id } = parseCursor(cursor);
  return sql`(${auditLogs.createdAt}, ${auditLogs.id}) > (${createdAt}::timestamptz, ${id}::bigint)`;
};

/**
 * One page of the organization's entries matching the filters, newest first:
 * the first page, the page of entries older than `before`, or the page just
 * newer than `after`; with the cursors of the neighbouring pages (null at
 * either end).
 */
export async function listAuditLogs(
  tx: Tx,
  organizationId: string,
  options: { filters?: AuditFilters; before?: AuditCursor; after?: AuditCursor; limit?: number } = {},
) {
  const limit = options.limit ?? AUDIT_PAGE_SIZE;
  const base = filterConditions(organizationId, options.filters ?? {});
  const backwards = Boolean(options.after);
  const where = and(...base, ...(options.before ? [olderThan(options.before)] : []), ...(options.after ? [newerThan(options.after)] : []));
  const rows = await tx
    .select({
      id: auditLogs.id,
      action: auditLogs.action,
      resourceType: auditLogs.resourceType,
      resourceId: auditLogs.resourceId,
      actorId: auditLogs.actorId,
      actorName: auditLogs.actorName,
      actorEmail: auditLogs.actorEmail,
      subject: auditLogs.subject,
      oldValues: auditLogs.oldValues,
      newValues: auditLogs.newValues,
      ipAddress: auditLogs.ipAddress,
      userAgent: auditLogs.userAgent,
      createdAt: auditLogs.createdAt,
      cursor: cursorText,
    })
    .from(auditLogs)
    .where(where)
    .orderBy(...(backwards ? [asc(auditLogs.createdAt), asc(auditLogs.id)] : [desc(auditLogs.createdAt), desc(auditLogs.id)]))
    .limit(limit + 1);
  const more = rows.length > limit;
  const entries = rows.slice(0, limit);
  if (backwards) entries.reverse();
  if (entries.length === 0) return { entries, newer: null, older: null };

  const first = entries[0].cursor;
  const last = entries[entries.length - 1].cursor;
  // The side we came from has entries by construction; check it only when we did not come from it.
  const exists = async (condition: SQL) =>
    (await tx.select({ id: auditLogs.id }).from(auditLogs).where(and(...base, condition)).limit(1)).length > 0;
  const hasNewer = backwards ? more : Boolean(options.before) || (await exists(newerThan(first)));
  const hasOlder = backwards ? Boolean(options.after) || (await exists(olderThan(last))) : more;
  return { entries, newer: hasNewer ? first : null, older: hasOlder ? last : null };
}
export type AuditEntry = Awaited<ReturnType<typeof listAuditLogs>>["entries"][number];

/** The people and actions that occur in the organization's log, for the filter lists. */
export async function auditFilterOptions(tx: Tx, organizationId: string) {
  const [actors, actions] = await Promise.all([
    tx
      .selectDistinctOn([auditLogs.actorId], { id: auditLogs.actorId, name: auditLogs.actorName, email: auditLogs.actorEmail })
      .from(auditLogs)
      .where(eq(auditLogs.organizationId, organizationId))
      .orderBy(auditLogs.actorId, desc(auditLogs.createdAt)),
    tx.selectDistinct({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.organizationId, organizationId)).orderBy(auditLogs.action),
  ]);
  return {
    actors: actors
      .filter((actor): actor is { id: string; name: string | null; email: string | null } => actor.id !== null)
      .sort((a, b) => (a.name || a.email || "").localeCompare(b.name || b.email || "")),
    hasSystem: actors.some((actor) => actor.id === null),
    actions: actions.map((row) => row.action),
  };
}

export type BillingRequest = "checkout_started" | "change_requested";

/** An admin's request to Stripe, as theirs (app.record_billing_request checks billing.manage). */
export async function recordBillingRequest(
  tx: Tx,
  organizationId: string,
  action: BillingRequest,
  selection: { planId: string; seats: number; interval: string },
) {
  await tx.execute(sql`select app.record_billing_request(${organizationId}::uuid, ${action},
    ${JSON.stringify({ plan_id: selection.planId, seats: selection.seats, interval: selection.interval })}::jsonb)`);
}
