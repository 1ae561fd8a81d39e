import type { Metadata } from "next";
import Link from "next/link";
import { BellOff } from "lucide-react";
import { getOrgContext, withOrgDb } from "@/lib/tenancy/org-context";
import { listNotifications } from "@/db/queries/notifications";
import { ActionButton } from "@/components/action-form";
import { Badge, Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Page, PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await getOrgContext(org);
  const notifications = await withOrgDb(context, (tx) => listNotifications(tx, { organizationId: context.organization.id, userId: context.claims.sub }));
  const unread = notifications.filter((n) => !n.readAt).length;

  return (
    <Page width="narrow">
      <PageHeader
        title="Notifications"
        description={`${unread} unread`}
        actions={unread ? <ActionButton action={markAllNotificationsReadAction.bind(null, org)} fields={{}} submit="Mark all read" /> : null}
      />
      <Card>
        {notifications.length === 0 ? (
          <EmptyState icon={BellOff} action={{ href: `/o/${org}`, label: "Go to your home" }}>
            Nothing yet: grades, billing news and other updates for you will appear here.
          </EmptyState>
        ) : (
          <ul className="-my-3 divide-y divide-slate-100">
            {notifications.map((n) => (
              <li key={n.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 py-3 text-sm">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {n.readAt ? null : <span className="sr-only">Unread: </span>}
                    {/* link_path is a path inside the organization (checked by the database): never another site. */}
                    {n.linkPath ? (
                      <Link href={`/o/${org}${n.linkPath}`} className="text-brand-700 hover:underline">{n.title}</Link>
                    ) : (
                      n.title
                    )}{" "}
                    {n.readAt ? null : <Badge tone="brand">New</Badge>}{" "}
                    {n.priority === "high" || n.priority === "urgent" ? <Badge tone="danger">{n.priority}</Badge> : null}
                  </p>
                  {n.body ? <p className="text-slate-700">{n.body}</p> : null}
                  <p className="text-xs text-slate-600">{formatDateTime(n.createdAt)}</p>
                </div>
                {n.readAt ? null : <ActionButton action={markNotificationReadAction.bind(null, org)} fields={{ notificationId: n.id }} submit="Mark read" ariaLabel={`Mark ${n.title} read`} />}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Page>
  );
}
