// What each member sees in the navigation: items their permissions allow.
// Items marked `soon` hold the place of features still being built. Adding a
// page to the navigation is one line here (icon: a name from NAV_ICONS in
// components/app-nav.tsx); the shell marks the current page by the longest
// matching path.
import type { Permission } from "./org-context";

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
  /** A name from NAV_ICONS (components/app-nav.tsx); a generic icon when absent. */
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
    ],
  },
  {
    title: "Teach",
    items: [
      { label: "Cohorts", path: "/cohorts", permission: "cohorts.view", icon: "users" },
      { label: "Courses", path: "/courses", permission: "courses.manage", icon: "library" },
    ],
  },
  {
    title: "Admin",
    items: [
      { label: "Members", path: "/admin/members", permission: "members.manage", icon: "user-cog" },
      { label: "Billing", path: "/admin/billing", permission: "billing.manage", icon: "credit-card" },
      { label: "Reports", path: "/admin/reports", permission: "reports.export", icon: "file-chart", soon: true },
      { label: "Audit log", path: "/admin/audit", permission: "audit.view", icon: "scroll" },
      { label: "API keys", path: "/admin/api-keys", permission: "api_keys.manage", icon: "key" },
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
