// What each member sees in the navigation: items their permissions allow.
// Items marked `soon` hold the place of features still being built. Adding a
// page to the navigation is one line here (icon: a name from NAV_ICONS in
// components/nav-icons.tsx); the shell marks the current page by the longest
// matching path.
import type { Permission } from "./org-context";
import type { Feature } from "./entitlements";

export type NavIcon =
  | "home"
  | "book"
  | "chart"
  | "target"
  | "users"
  | "library"
  | "user-cog"
  | "credit-card"
  | "file-chart"
  | "scroll"
  | "key"
  | "gauge"
  | "bell";

export interface NavItem {
  label: string;
  path: string; // relative to /o/<slug>
  permission: Permission;
  /** The plan feature the page needs (lib/tenancy/entitlements.ts); without it the page shows what to upgrade to. */
  feature?: Feature;
  /** A name from NAV_ICONS (components/nav-icons.tsx); a generic icon when absent. */
  icon?: NavIcon;
  soon?: boolean;
}

export interface NavSection {
  title: string;
  items: NavItem[];
}

export const NAVIGATION: NavSection[] = [
  {
    title: "Learn",
    items: [
      { label: "Home", path: "", permission: "learning.participate", icon: "home" },
      { label: "My learning", path: "/learn", permission: "learning.participate", icon: "book" },
      { label: "My analytics", path: "/learn#analytics", permission: "learning.participate", icon: "chart" },
      { label: "Goals", path: "/learn/goals", permission: "learning.participate", icon: "target" },
      { label: "Privacy & settings", path: "/settings", permission: "learning.participate", icon: "user-cog" },
    ],
  },
  {
    title: "Teach",
    items: [
      { label: "Cohorts", path: "/cohorts", permission: "cohorts.view", icon: "users" },
      { label: "Courses", path: "/courses", permission: "courses.manage", icon: "library" },
      // Trainers export their cohorts' reports too, so not under Admin.
      { label: "Reports", path: "/reports", permission: "reports.export", feature: "report_exports", icon: "file-chart" },
    ],
  },
  {
    title: "Admin",
    items: [
      { label: "Overview", path: "/admin", permission: "analytics.view_org", feature: "analytics_dashboards", icon: "gauge" },
      { label: "Members", path: "/admin/members", permission: "members.manage", icon: "user-cog" },
      { label: "Billing", path: "/admin/billing", permission: "billing.manage", icon: "credit-card" },
      { label: "Audit log", path: "/admin/audit", permission: "audit.view", feature: "audit_log", icon: "scroll" },
      { label: "API keys", path: "/admin/api-keys", permission: "api_keys.manage", feature: "api_keys", icon: "key" },
    ],
  },
];

export function navigationFor(permissions: ReadonlySet<string>): NavSection[] {
  return NAVIGATION.map((section) => ({
    ...section,
    items: section.items.filter((item) => permissions.has(item.permission)),
  })).filter((section) => section.items.length > 0);
}

/**
 * The href of the item that is the current page: the longest item path that
 * equals the pathname or is a folder above it ("/o/acme/cohorts/123" →
 * Cohorts); the home path ("") only when it is the page itself.
 */
export function currentNavHref(pathname: string, hrefs: string[], home: string): string | null {
  const path = pathname.replace(/\/+$/, "") || "/";
  let best: string | null = null;
  for (const href of hrefs) {
    const matches = path === href || (href !== home && path.startsWith(`${href}/`));
    if (matches && (best === null || href.length > best.length)) best = href;
  }
  return best;
}
