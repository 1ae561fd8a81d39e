import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { navigationFor } from "@/lib/tenancy/navigation";
import { ROLE_LABELS, type MemberRole } from "@/lib/validation/tenancy";
import type { OrgMembership } from "@/db/queries/organizations";
import { Badge } from "./ui/card";

interface Props {
  slug: string;
  orgName: string;
  role: MemberRole;
  email: string;
  permissions: ReadonlySet<string>;
  organizations: OrgMembership[];
  /** Unread in-app notifications in this organization. */
  unreadNotifications?: number;
  children: React.ReactNode;
}

export function AppShell({ slug, orgName, role, email, permissions, organizations, unreadNotifications = 0, children }: Props) {
  const others = organizations.filter((membership) => membership.organization.slug !== slug);
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="border-b border-slate-200 p-4">
          <Link href="/" className="text-sm font-bold text-brand-900">SenseiiWyze</Link>
          <details className="group mt-3">
            <summary className="cursor-pointer list-none rounded-md border border-slate-200 px-2 py-1.5 text-sm font-medium hover:bg-slate-50" aria-label="Switch organization">
              {orgName}
              <span className="ml-1 text-slate-400">▾</span>
            </summary>
            <ul className="mt-1 space-y-0.5 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-sm">
              {others.map((membership) => (
                <li key={membership.organization.id}>
                  <Link href={`/o/${membership.organization.slug}`} className="block rounded px-2 py-1 hover:bg-slate-100">
                    {membership.organization.name}
                  </Link>
                </li>
              ))}
              <li>
                <Link href="/o" className="block rounded px-2 py-1 text-slate-500 hover:bg-slate-100">
                  All organizations
                </Link>
              </li>
            </ul>
          </details>
        </div>
        <nav aria-label="Main" className="flex-1 space-y-5 p-4">
          {navigationFor(permissions).map((section) => (
            <div key={section.title}>
              <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-400">{section.title}</h2>
              <ul className="space-y-0.5">
                {section.items.map((item) => (
                  <li key={item.label}>
                    {item.soon ? (
                      <span className="flex items-center justify-between rounded px-2 py-1.5 text-sm text-slate-400" aria-disabled="true">
                        {item.label} <Badge>Soon</Badge>
                      </span>
                    ) : (
                      <Link href={`/o/${slug}${item.path}`} className="block rounded px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
                        {item.label}
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <div className="border-t border-slate-200 p-4 text-sm">
          <p className="truncate text-slate-700" title={email}>{email}</p>
          <p className="mb-2 text-xs text-slate-500">{ROLE_LABELS[role]}</p>
          <Link
            href={`/o/${slug}/notifications`}
            className="mb-2 flex items-center justify-between rounded px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
            aria-label={unreadNotifications ? `Notifications, ${unreadNotifications} unread` : "Notifications"}
          >
            Notifications {unreadNotifications ? <Badge tone="brand">{unreadNotifications}</Badge> : null}
          </Link>
          <Link href="/account" className="mb-2 block rounded px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100">Account</Link>
          <form action={signOutAction}>
            <button type="submit" className="text-sm font-medium text-brand-700 hover:underline">Sign out</button>
          </form>
        </div>
      </aside>
      <div className="min-w-0 flex-1 p-8">{children}</div>
    </div>
  );
}
