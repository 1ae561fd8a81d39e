// What each member sees in the navigation: items their permissions allow.
// Items marked `soon` hold the place of features still being built.
import type { Permission } from "./org-context";

export interface NavItem {
  label: string;
  path: string; // relative to /o/<slug>
  permission: Permission;
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
      { label: "Home", path: "", permission: "learning.participate" },
      { label: "My learning", path: "/learn", permission: "learning.participate" },
      { label: "My analytics", path: "/learn/analytics", permission: "learning.participate", soon: true },
      { label: "Goals", path: "/learn/goals", permission: "learning.participate" },
      { label: "Privacy & settings", path: "/settings", permission: "learning.participate" },
    ],
  },
  {
    title: "Teach",
    items: [
      { label: "Cohorts", path: "/cohorts", permission: "cohorts.view" },
      { label: "Courses", path: "/courses", permission: "courses.manage" },
      // Trainers export their cohorts' reports too, so not under Admin.
      { label: "Reports", path: "/reports", permission: "reports.export" },
    ],
  },
  {
    title: "Admin",
    items: [
      { label: "Members", path: "/admin/members", permission: "members.manage" },
      { label: "Billing", path: "/admin/billing", permission: "billing.manage" },
      { label: "Audit log", path: "/admin/audit", permission: "audit.view" },
      { label: "API keys", path: "/admin/api-keys", permission: "api_keys.manage" },
    ],
  },
];

export function navigationFor(permissions: ReadonlySet<string>): NavSection[] {
  return NAVIGATION.map((section) => ({
    ...section,
    items: section.items.filter((item) => permissions.has(item.permission)),
  })).filter((section) => section.items.length > 0);
}
