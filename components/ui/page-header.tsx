// The top of every page: an optional way back, the h1, one line of what the
// page is for, and the page's main actions (below the title on a phone).
import Link from "next/link";
import { ChevronLeft } from "lucide-react";

export function PageHeader({
  title,
  description,
  back,
  eyebrow,
  actions,
}: {
  title: React.ReactNode;
  description?: React.ReactNode;
  back?: { href: string; label: string };
  eyebrow?: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <header className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
      <div className="min-w-0">
        {back ? (
          <Link href={back.href} className="mb-1 inline-flex items-center gap-0.5 text-sm font-medium text-brand-700 hover:underline">
            <ChevronLeft aria-hidden className="size-4" />
            {back.label}
          </Link>
        ) : null}
        {eyebrow ? <p className="text-sm text-slate-600">{eyebrow}</p> : null}
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description ? <div className="mt-1 max-w-3xl text-sm text-slate-600">{description}</div> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </header>
  );
}

/** The body of a page: its width and the rhythm between sections. */
export function Page({ children, width = "default" }: { children: React.ReactNode; width?: "narrow" | "default" | "wide" }) {
  const max = { narrow: "max-w-3xl", default: "max-w-5xl", wide: "max-w-page" }[width];
  return <div className={`${max} space-y-6`}>{children}</div>;
}
