"use client";
// The interactive parts of the shell: the frame that turns the sidebar into
// a drawer behind a menu button below the lg breakpoint, and the links that
// mark the current page (aria-current="page"), which needs the pathname.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { currentNavHref, type NavItem } from "@/lib/tenancy/navigation";

/**
 * A navigation entry with its icon already rendered by the server
 * (components/app-shell.tsx, icons from components/nav-icons.tsx): the icon
 * set stays out of the browser's JavaScript, only the links' current-page
 * marking and the drawer run here.
 */
export type RenderedNavItem = Omit<NavItem, "icon" | "permission" | "feature"> & { icon: React.ReactNode };
export interface RenderedNavSection {
  title: string;
  items: RenderedNavItem[];
}

const linkClass = (current: boolean) =>
  `flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm ${
    current ? "bg-brand-50 font-semibold text-brand-800" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
  }`;

export function NavLinks({ slug, sections }: { slug: string; sections: RenderedNavSection[] }) {
  const pathname = usePathname();
  const home = `/o/${slug}`;
  const hrefs = sections.flatMap((section) => section.items.filter((item) => !item.soon).map((item) => `${home}${item.path}`));
  const current = currentNavHref(pathname, hrefs, home);
  return (
    <nav aria-label="Main" className="space-y-5">
      {sections.map((section) => (
        <div key={section.title}>
          <h2 className="mb-1 px-2 text-xs font-semibold uppercase tracking-wide text-slate-600">{section.title}</h2>
          <ul className="space-y-0.5">
            {section.items.map((item) => {
              const href = `${home}${item.path}`;
              if (item.soon) {
                return (
                  <li key={item.label}>
                    <span className="flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm text-slate-600">
                      {item.icon}
                      <span className="flex-1">{item.label}</span>
                      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">Soon</span>
                    </span>
                  </li>
                );
              }
              return (
                <li key={item.label}>
                  <Link href={href} className={linkClass(href === current)} aria-current={href === current ? "page" : undefined}>
                    {item.icon}
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/** One link of the shell outside the main navigation (notifications), marked when current. */
export function ShellLink({ href, label, icon, children }: { href: string; label?: string; icon: React.ReactNode; children: React.ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link href={href} aria-label={label} aria-current={current ? "page" : undefined} className={linkClass(current)}>
      {icon}
      {children}
    </Link>
  );
}

/**
 * Sidebar beside the page from lg up; below it a top bar with a menu button
 * that opens the sidebar as a drawer. The drawer belongs to the page it was
 * opened on: following a link (a new pathname) closes it, and so do Escape,
 * the close button and a tap outside.
 */
export function ShellFrame({
  sidebar,
  topBar,
  menuIcon,
  closeIcon,
  children,
}: {
  sidebar: React.ReactNode;
  /** What the top bar shows next to the menu button on small screens. */
  topBar: React.ReactNode;
  /** The menu button's icons, rendered by the server like the navigation's. */
  menuIcon: React.ReactNode;
  closeIcon: React.ReactNode;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const panel = useRef<HTMLDivElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    panel.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpenOn(null);
        menuButton.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <div className="min-h-screen lg:flex">
      <div className="sticky top-0 z-30 flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2.5 lg:hidden">
        <button
          ref={menuButton}
          type="button"
          aria-expanded={open}
          aria-controls="app-sidebar"
          onClick={() => setOpenOn(open ? null : pathname)}
          className="-ml-1 inline-flex items-center gap-1.5 rounded-md p-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          {open ? closeIcon : menuIcon}
          Menu
        </button>
        <div className="flex min-w-0 flex-1 items-center justify-between gap-2">{topBar}</div>
      </div>
      {open ? <div aria-hidden className="fixed inset-0 z-30 bg-slate-900/40 lg:hidden" onClick={() => setOpenOn(null)} /> : null}
      <div
        id="app-sidebar"
        ref={panel}
        tabIndex={-1}
        className={`${open ? "fixed inset-y-0 left-0 z-40 flex w-[min(18rem,85vw)] shadow-xl" : "hidden"} flex-col overflow-y-auto border-r border-slate-200 bg-white outline-none lg:sticky lg:top-0 lg:flex lg:h-screen lg:w-sidebar lg:shrink-0 lg:shadow-none`}
      >
        {open ? (
          <button
            type="button"
            onClick={() => {
              setOpenOn(null);
              menuButton.current?.focus();
            }}
            className="absolute right-2 top-2 rounded-md p-1.5 text-slate-700 hover:bg-slate-100 lg:hidden"
            aria-label="Close menu"
          >
            {closeIcon}
          </button>
        ) : null}
        {sidebar}
      </div>
      <main id="main" tabIndex={-1} className="relative min-w-0 flex-1 px-4 py-6 outline-none sm:px-6 lg:px-8 lg:py-8">
        {children}
      </main>
    </div>
  );
}
