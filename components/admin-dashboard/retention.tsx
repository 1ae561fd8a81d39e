"use client";
// The raw-event retention setting with what it means. Only the retention
// classes are offered (lib/validation/dashboard-admin.ts RETENTION_CLASSES).
import { ActionForm } from "@/components/action-form";
import { bindAction } from "@/components/use-action-form";
import { Card } from "@/components/ui/card";
import { updateRetentionAction } from "@/app/o/[org]/admin/actions";
import { RETENTION_CLASSES, retentionLabel as label } from "@/lib/dashboards/retention-classes";

/** `lockedBy`: why it cannot be changed here (e.g. the plan does not include it), shown instead of the form. */
export function RetentionSetting({ slug, days, canManage, lockedBy }: { slug: string; days: number; canManage: boolean; lockedBy?: string }) {
  return (
    <Card id="retention" title="How long are raw events kept?" description={`Now: ${label(days)}.`}>
      <div className="grid gap-4 md:grid-cols-[1fr_18rem]">
        <div className="space-y-2 text-sm text-slate-700">
          <p>
            Raw events are every lesson start, view, answer and heartbeat your apps and API keys send. They are kept for this many
            days, then dropped by the nightly retention job; events older than that are refused when they arrive.
          </p>
          <p>
            The charts on this page do not depend on them: daily rollups, snapshots and KPIs are kept, and monthly and yearly
            aggregates for 7 years. What a shorter period loses is the detail — recomputing a day from its events, or a late event
            for a day outside the window. Shortening it drops older raw events at the next run; that cannot be undone.
          </p>
        </div>
        {lockedBy ? (
          <p className="text-sm text-slate-600">{lockedBy}</p>
        ) : canManage ? (
          <ActionForm action={bindAction(updateRetentionAction, slug)} submit="Save retention" label="Raw event retention" resetOnSuccess={false}>
            <label className="block text-sm font-medium text-slate-700">
              Keep raw events for
              <select
                name="rawRetentionDays"
                defaultValue={String(days)}
                key={days}
                className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
              >
                {(RETENTION_CLASSES as readonly number[]).includes(days) ? null : <option value={days}>{label(days)} (current, not a retention class)</option>}
                {RETENTION_CLASSES.map((value) => (
                  <option key={value} value={value}>
                    {label(value)}
                  </option>
                ))}
              </select>
            </label>
          </ActionForm>
        ) : (
          <p className="text-sm text-slate-600">An org admin with settings access can change it.</p>
        )}
      </div>
    </Card>
  );
}
