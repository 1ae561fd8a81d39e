// How an audit entry reads in the viewer: who acted and what changed, in
// words rather than ids.

const BILLING_RESOURCES = new Set(["subscription", "order", "billing_customer"]);

/** The actor as a person reads it: name and email, "Stripe" for webhook changes, "System" for jobs. */
export function actorLabel(entry: { actorId: string | null; actorName: string | null; actorEmail: string | null; resourceType: string }) {
  if (!entry.actorId) return { name: BILLING_RESOURCES.has(entry.resourceType) ? "Stripe" : "System", email: null };
  if (!entry.actorName && !entry.actorEmail) return { name: "A deleted user", email: null };
  return { name: entry.actorName || entry.actorEmail!, email: entry.actorName ? entry.actorEmail : null };
}

// Ids (shown as names in the subject instead), timestamps every row has, and bookkeeping.
const HIDDEN = /(^id$|_id$|^created_at$|^updated_at$|^last_sent_at$|^last_used_at$|^last_event_at$|^expires_at$|^key_prefix$|^graded_by$|^created_by$|^invited_by$|^accepted_by$)/;

const shown = (value: unknown) => (value === null || value === undefined ? "—" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** "role: learner → trainer, status: draft → published"; for a creation, the values that were set. */
export function describeChange(oldValues: unknown, newValues: unknown): string {
  const before = (oldValues ?? null) as Record<string, unknown> | null;
  const after = (newValues ?? null) as Record<string, unknown> | null;
  if (before && after) {
    return Object.keys(after)
      .filter((key) => !HIDDEN.test(key) && key in before && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => `${key}: ${shown(before[key])} → ${shown(after[key])}`)
      .join(", ");
  }
  const only = after ?? before ?? {};
  return Object.entries(only)
    .filter(([key, value]) => !HIDDEN.test(key) && value !== null && value !== "" && typeof value !== "object")
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${shown(value)}`)
    .join(", ");
}
