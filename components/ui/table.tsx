// Tables scroll sideways inside their card, never the page: the wrapper is a
// keyboard-focusable, labelled region (so it can be scrolled without a mouse),
// and cells keep a readable minimum width instead of squeezing. Inside a Card
// the table bleeds to the card's edges (its first and last cells carry the
// card's padding); pass bleed={false} elsewhere.
export function Table({ label, children, className = "", bleed = true }: { label: string; children: React.ReactNode; className?: string; bleed?: boolean }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`relative ${bleed ? "-mx-4 sm:-mx-5" : "max-w-full"} overflow-x-auto focus-visible:outline-offset-[-2px]`}>
      <table
        className={`w-full min-w-[36rem] border-collapse text-left text-sm [overflow-wrap:normal] [&_td]:px-3 [&_td]:py-2.5 [&_td]:align-top [&_td:first-child]:pl-4 sm:[&_td:first-child]:pl-5 [&_td:last-child]:pr-4 sm:[&_td:last-child]:pr-5 [&_th]:px-3 [&_th]:py-2 [&_th:first-child]:pl-4 sm:[&_th:first-child]:pl-5 [&_th:last-child]:pr-4 sm:[&_th:last-child]:pr-5 ${className}`}
      >
        {children}
      </table>
    </div>
  );
}

/** The header row: small caps-like labels on a tinted band. */
export function TableHead({ children }: { children: React.ReactNode }) {
  return (
    <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
      <tr>{children}</tr>
    </thead>
  );
}

export function TableBody({ children }: { children: React.ReactNode }) {
  return <tbody className="divide-y divide-slate-100">{children}</tbody>;
}
