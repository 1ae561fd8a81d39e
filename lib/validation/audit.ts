// The audit log viewer's URL: filters (actor, action, date range) and the
// keyset cursor of the page. Empty form fields mean "no filter".
import { z } from "zod";

/** "<created_at with microseconds, UTC>_<id>", as db/queries/audit-logs.ts writes it. */
const cursor = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_\d{1,18}$/, "is not a page of this log");
const day = z.iso.date({ error: "must be a date (YYYY-MM-DD)" });

export const auditSearchSchema = z
  .strictObject({
    actor: z.union([z.uuid(), z.literal("system")], { error: "must be a person of the list" }).optional(),
    action: z.string().regex(/^[a-z_]+\.[a-z_]+$/, "must be an action of the list").optional(),
    from: day.optional(),
    to: day.optional(),
    before: cursor.optional(),
    after: cursor.optional(),
  })
  .refine((search) => !(search.from && search.to && search.from > search.to), { message: "“From” must not be after “to”", path: ["from"] })
  .refine((search) => !(search.before && search.after), { message: "Use either before or after", path: ["before"] });
export type AuditSearch = z.infer<typeof auditSearchSchema>;

/** Next's searchParams to the schema's input: blank fields dropped; a repeated field stays an array (and is refused). */
export function auditSearchInput(searchParams: Record<string, string | string[] | undefined>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(searchParams).filter(([, value]) => value !== undefined && value !== ""));
}
