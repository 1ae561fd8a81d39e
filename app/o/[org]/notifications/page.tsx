import type { Metadata } from "next";
import { getOrgContext, withOrgDb } from "@/lib/tenancy/org-context";
import { listNotifications } from "@/db/queries/notifications";
import { ActionButton } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await getOrgContext(org);
  const notifications = await withOrgDb(context, (tx) => listNotifications(tx, { organizationId: context.organization.id, userId: context.claims.sub }));
  const unread = notifications.filter((n) => !n.readAt).length;

  return (
    <div className="max-w-3xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Notifications</h1>
          <p className="text-sm text-slate-500">{unread} unread</p>
        </div>
        {unread ? <ActionButton action={markAllNotificationsReadAction.bind(null, org)} fields={{}} submit="Mark all read" /> : null}
      </header>
      <Card>
        {notifications.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {notifications.map((n) => (
              <li key={n.id} className="flex items-start justify-between gap-4 py-3 text-sm">
                <div>
                  <p className="font-medium">
                    {n.readAt ? null : <span className="sr-only">Unread: </span>}
                    {n.title} {n.readAt ? null : <Badge tone="brand">New</Badge>} {n.priority === "high" || n.priority === "urgent" ? <Badge tone="red">{n.priority}</Badge> : null}
                  </p>
                  {n.body ? <p className="text-slate-600">{n.body}</p> : null}
                  <p className="text-xs text-slate-400">{n.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</p>
                </div>
                {n.readAt ? null : <ActionButton action={markNotificationReadAction.bind(null, org)} fields={{ notificationId: n.id }} submit="Mark read" ariaLabel={`Mark ${n.title} read`} />}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
