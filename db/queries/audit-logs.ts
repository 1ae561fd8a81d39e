// The audit log viewer's data. RLS shows rows only to holders of `audit.view`.
import { desc, eq } from "drizzle-orm";
import type { Tx } from "../client";
import { auditLogs, profiles } from "../schema";

export async function listRecentAuditLogs(tx: Tx, organizationId: string, limit = 100) {
  return tx
    .select({
      id: auditLogs.id,
      action: auditLogs.action,
      resourceType: auditLogs.resourceType,
      resourceId: auditLogs.resourceId,
      oldValues: auditLogs.oldValues,
      newValues: auditLogs.newValues,
      ipAddress: auditLogs.ipAddress,
      userAgent: auditLogs.userAgent,
      createdAt: auditLogs.createdAt,
      actorEmail: profiles.email,
    })
    .from(auditLogs)
    .leftJoin(profiles, eq(profiles.id, auditLogs.actorId))
    .where(eq(auditLogs.organizationId, organizationId))
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(limit);
}
