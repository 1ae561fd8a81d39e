// The navigation's icons by name (lib/tenancy/navigation.ts names them).
// Rendered by the server (components/app-shell.tsx) and handed to the client
// navigation as elements, so the icon set is not part of every page's
// JavaScript bundle.
import {
  Bell,
  BookOpen,
  ChartColumn,
  CreditCard,
  FileChartColumn,
  Gauge,
  House,
  KeyRound,
  Library,
  ScrollText,
  Target,
  UserCog,
  Users,
  type LucideIcon,
} from "lucide-react";
import type { NavIcon } from "@/lib/tenancy/navigation";

export const NAV_ICONS: Record<NavIcon, LucideIcon> = {
  home: House,
  book: BookOpen,
  chart: ChartColumn,
  target: Target,
  users: Users,
  library: Library,
  "user-cog": UserCog,
  "credit-card": CreditCard,
  "file-chart": FileChartColumn,
  scroll: ScrollText,
  key: KeyRound,
  gauge: Gauge,
  bell: Bell,
};

/** One navigation icon (a generic gauge when the item names none). */
export function NavIconSvg({ name }: { name?: NavIcon }) {
  const Icon = (name && NAV_ICONS[name]) || Gauge;
  return <Icon aria-hidden className="size-4 shrink-0" />;
}
