// What an empty list says: one sentence of what to do, and the button that does it.
import Link from "next/link";
import type { LucideIcon } from "lucide-react";
import { Inbox } from "lucide-react";

export function EmptyState({
  children,
  action,
  icon: Icon = Inbox,
}: {
  children: React.ReactNode;
  /** The next step: a link styled as a button, or any element (a form's button). */
  action?: { href: string; label: string } | React.ReactNode;
  icon?: LucideIcon;
}) {
  const link = action && typeof action === "object" && "href" in (action as object) ? (action as { href: string; label: string }) : null;
  return (
    <div className="flex flex-col items-center gap-3 rounded-md border border-dashed border-slate-300 px-4 py-8 text-center">
      <Icon aria-hidden className="size-6 text-slate-500" />
      <p className="max-w-prose text-sm text-slate-600">{children}</p>
      {link ? (
        <Link href={link.href} className="inline-flex items-center gap-2 rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {link.label}
        </Link>
      ) : (
        (action as React.ReactNode) ?? null
      )}
    </div>
  );
}
