// A titled section of a page. Title (h2), an optional one-line description,
// actions on the right (they wrap under the title on a phone), then the body.
// `flush` removes the body padding for content that brings its own (tables).
export { Badge, StatusPill } from "./badge";

export function Card({
  title,
  description,
  actions,
  children,
  flush = false,
  id,
}: {
  title?: React.ReactNode;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  children: React.ReactNode;
  flush?: boolean;
  id?: string;
}) {
  const hasHeader = Boolean(title || description || actions);
  return (
    <section id={id} className="relative min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm">
      {hasHeader ? (
        <div className={`flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 pt-4 sm:px-5 sm:pt-5 ${flush ? "pb-3" : ""}`}>
          <div className="min-w-0">
            {title ? <h2 className="text-base font-semibold text-slate-900">{title}</h2> : null}
            {description ? <p className="mt-0.5 text-sm text-slate-600">{description}</p> : null}
          </div>
          {actions ? <div className="flex flex-wrap items-center gap-2 text-sm">{actions}</div> : null}
        </div>
      ) : null}
      <div className={flush ? "" : `px-4 pb-4 sm:px-5 sm:pb-5 ${hasHeader ? "pt-4" : "pt-4 sm:pt-5"}`}>{children}</div>
    </section>
  );
}
