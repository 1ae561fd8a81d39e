// The allowed raw-event retentions in days, importable by client components
// without zod. Branch `pipeline` (20261130000210_raw_event_retention.sql,
// private.raw_retention_classes()) makes organization_settings.raw_retention_days
// one of these classes; until that migration is merged the column accepts any
// 1–3650, so this list is the stricter of the two.
export const RETENTION_CLASSES = [1, 7, 14, 30, 60, 90, 120, 180, 365, 730, 1095, 1825, 3650] as const;

/** "30 days", "1 year (365 days)". */
export function retentionLabel(days: number) {
  if (days >= 365 && days % 365 === 0) return `${days / 365} year${days === 365 ? "" : "s"} (${days} days)`;
  return `${days} day${days === 1 ? "" : "s"}`;
}
