import type { Metadata } from "next";
import { can, requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { getMyPreferences, listPrivacyRequests } from "@/db/queries/privacy";
import { NOTIFICATION_CATEGORIES } from "@/lib/privacy/preferences";
import { ActionForm } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { eraseMeAction, savePreferencesAction } from "./actions";

export const metadata: Metadata = { title: "Privacy & settings" };

const VISIBILITY = [
  { value: "public", label: "Public", help: "Your name and points appear on your organization's leaderboards." },
  { value: "anonymous", label: "Anonymous", help: "Your rank and points appear, without your name." },
  { value: "hidden", label: "Hidden", help: "You do not appear on other people's leaderboards; you still see your own rank." },
] as const;

const when = (at: Date) => at.toISOString().replace("T", " ").slice(0, 16) + " UTC";

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await requirePermission(org, "learning.participate");
  const admin = can(context, "settings.manage");
  const { preferences, requests } = await withOrgDb(context, async (tx) => ({
    preferences: await getMyPreferences(tx, { organizationId: context.organization.id, userId: context.claims.sub }),
    requests: admin ? await listPrivacyRequests(tx, context.organization.id) : [],
  }));

  return (
    <div className="max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Privacy &amp; settings</h1>
        <p className="text-sm text-slate-500">Your choices in {context.organization.name}. Each change is recorded in the organization&apos;s audit log.</p>
      </header>

      <Card title="Privacy and notifications">
        <ActionForm action={savePreferencesAction.bind(null, org)} submit="Save choices" resetOnSuccess={false} label="Privacy and notifications" className="space-y-5">
          <fieldset className="text-sm">
            <legend className="font-medium text-slate-700">On leaderboards</legend>
            <div className="mt-2 space-y-2">
              {VISIBILITY.map((option) => (
                <label key={option.value} className="flex items-start gap-2">
                  <input
                    type="radio"
                    name="leaderboardVisibility"
                    value={option.value}
                    defaultChecked={preferences.leaderboardVisibility === option.value}
                    className="mt-1"
                  />
                  <span>
                    <span className="font-medium text-slate-800">{option.label}</span>
                    <span className="block text-xs text-slate-500">{option.help}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="predictionsOptOut" defaultChecked={preferences.predictionsOptOut} className="mt-1" />
            <span>
              <span className="font-medium text-slate-800">No predictions about me</span>
              <span className="block text-xs text-slate-500">
                No drop-off risk, completion forecast or recommendation is computed or kept for you; trainers then see no risk score for you.
              </span>
            </span>
          </label>
          <fieldset className="text-sm">
            <legend className="font-medium text-slate-700">Notify me about</legend>
            <input type="hidden" name="notifications[]" value="" />
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {NOTIFICATION_CATEGORIES.map((category) => (
                <label key={category.key} className="flex items-center gap-2 text-slate-700">
                  <input type="checkbox" name="notifications[]" value={category.key} defaultChecked={preferences.notifications[category.key]} />
                  {category.label}
                </label>
              ))}
            </div>
          </fieldset>
          <p className="text-xs text-slate-500">Leaderboards and predictions use your choices from their next refresh (at most an hour).</p>
        </ActionForm>
      </Card>

      <Card title="Your data">
        <p className="text-sm text-slate-600">
          Download everything {context.organization.name} holds about you here — profile, membership, enrollments, progress,
          assessment attempts and answers, tasks, goals and obstacles, notifications, activity events, points, achievements and
          analytics — as one JSON file.
        </p>
        <form method="post" action={`/o/${org}/settings/my-data`} className="mt-3">
          <button
            type="submit"
            className="inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
          >
            Download my data (JSON)
          </button>
        </form>
      </Card>

      <Card title={`Erase me from ${context.organization.name}`}>
        <div className="space-y-2 text-sm text-slate-600">
          <p>
            Deletes your personal records in this organization (progress, attempts, answers, goals, events, points, analytics,
            preferences) and removes you from it, which frees your seat. The organization&apos;s totals (per cohort and
            organization) stay as they are, without your name. Your account and other organizations are not affected. This cannot
            be undone.
          </p>
          {context.isOwner ? (
            <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-800">
              You are an owner: if you are the only one, make someone else owner on the Members page first.
            </p>
          ) : null}
        </div>
        <ActionForm
          action={eraseMeAction.bind(null, org)}
          submit="Erase me"
          pending="Erasing…"
          variant="danger"
          confirm={`Erase all your data in ${context.organization.name} and leave it? This cannot be undone.`}
          label="Erase me"
          className="mt-4 space-y-3"
        >
          <TextField label={`Type ${org} to confirm`} name="confirmation" autoComplete="off" required />
        </ActionForm>
      </Card>

      {admin ? (
        <Card title="Privacy requests">
          {requests.length === 0 ? (
            <p className="text-sm text-slate-500">No member has downloaded or erased their data yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-xs uppercase text-slate-500">
                  <tr><th className="py-2">Member</th><th>Request</th><th>When</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {requests.map((request) => (
                    <tr key={request.id}>
                      <td className="py-2">{request.email}</td>
                      <td>{request.kind === "erasure" ? <Badge tone="red">erasure</Badge> : <Badge>data export</Badge>}</td>
                      <td className="whitespace-nowrap text-slate-500">{when(request.requestedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ) : null}
    </div>
  );
}
