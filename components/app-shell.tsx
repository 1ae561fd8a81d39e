// The frame around every organization page: a skip link, the sidebar
// (organization switcher, the role's navigation, the account corner) and the
// page in <main>. Responsive: below lg the sidebar is a drawer behind a menu
// button (components/app-nav.tsx).
import Link from "next/link";
import { ChevronDown, LogOut, Menu, X } from "lucide-react";
import { signOutAction } from "@/app/(auth)/actions";
import { navigationFor } from "@/lib/tenancy/navigation";
import { ROLE_LABELS, type MemberRole } from "@/lib/validation/tenancy";
import type { OrgMembership } from "@/db/queries/organizations";
import { Badge } from "./ui/badge";
import { NavLinks, ShellFrame, ShellLink, type RenderedNavSection } from "./app-nav";
import { NavIconSvg } from "./nav-icons";

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

export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-brand-800 focus:shadow-lg"
    >
      Skip to content
    </a>
  );
}

/** The role's navigation with each item's icon rendered here, on the server. */
function renderedNavigation(permissions: ReadonlySet<string>): RenderedNavSection[] {
  return navigationFor(permissions).map((section) => ({
    title: section.title,
    items: section.items.map((item) => ({ label: item.label, path: item.path, soon: item.soon, icon: <NavIconSvg name={item.icon} /> })),
  }));
}

export function AppShell({ slug, orgName, role, email, permissions, organizations, unreadNotifications = 0, children }: Props) {
  const others = organizations.filter((membership) => membership.organization.slug !== slug);
  const notificationsLabel = unreadNotifications ? `Notifications, ${unreadNotifications} unread` : "Notifications";
  const sidebar = (
    <>
      <div className="border-b border-slate-200 p-4">
        <Link href="/" className="text-sm font-bold text-brand-900">SenseiiWyze</Link>
        <details className="group mt-3">
          <summary className="flex cursor-pointer list-none items-center justify-between gap-2 rounded-md border border-slate-200 px-2 py-1.5 text-sm font-medium hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
            <span className="min-w-0 truncate">
              <span className="sr-only">Organization: </span>
              {orgName}
              <span className="sr-only">. Switch organization</span>
            </span>
            <ChevronDown aria-hidden className="size-4 shrink-0 text-slate-600 transition-transform group-open:rotate-180" />
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
              <Link href="/o" className="block rounded px-2 py-1 text-slate-600 hover:bg-slate-100">
                All organizations
              </Link>
            </li>
          </ul>
        </details>
      </div>
      <div className="flex-1 p-4">
        <NavLinks slug={slug} sections={renderedNavigation(permissions)} />
      </div>
      <div className="space-y-2 border-t border-slate-200 p-4 text-sm">
        <ShellLink href={`/o/${slug}/notifications`} label={notificationsLabel} icon={<NavIconSvg name="bell" />}>
          <span className="flex-1">Notifications</span>
          {unreadNotifications ? <Badge tone="brand">{unreadNotifications}</Badge> : null}
        </ShellLink>
        <ShellLink href="/account" icon={<NavIconSvg name="user-cog" />}>
          <span className="flex-1">Account</span>
        </ShellLink>
        <div className="px-2">
          <p className="truncate text-slate-800" title={email}>{email}</p>
          <p className="text-xs text-slate-600">{ROLE_LABELS[role]}</p>
        </div>
        <form action={signOutAction}>
          <button type="submit" className="flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 text-sm font-medium text-brand-700 hover:bg-slate-100">
            <LogOut aria-hidden className="size-4" />
            Sign out
          </button>
        </form>
      </div>
    </>
  );
  const topBar = (
    <>
      <span className="min-w-0 truncate text-sm font-semibold text-slate-900">{orgName}</span>
      <Link
        href={`/o/${slug}/notifications`}
        className="inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
        aria-label={notificationsLabel}
      >
        Notifications {unreadNotifications ? <Badge tone="brand">{unreadNotifications}</Badge> : null}
      </Link>
    </>
  );
  return (
    <>
      <SkipLink />
      <ShellFrame sidebar={sidebar} topBar={topBar} menuIcon={<Menu aria-hidden className="size-5" />} closeIcon={<X aria-hidden className="size-5" />}>
        {children}
      </ShellFrame>
    </>
  );
}
