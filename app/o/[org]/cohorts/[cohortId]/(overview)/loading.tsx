// The cohort page's skeleton while its one transaction runs (the route group
// keeps it off the attempt and learner pages below the cohort).
export default function CohortLoading() {
  const block = "animate-pulse rounded-lg border border-slate-200 bg-white";
  return (
    <div className="max-w-page space-y-6" aria-busy="true">
      <p className="sr-only" role="status">Loading the cohort…</p>
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {[0, 1, 2, 3, 4].map((i) => <div key={i} className={`${block} h-24`} />)}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {[0, 1].map((i) => <div key={i} className={`${block} h-72`} />)}
      </div>
      <div className={`${block} h-96`} />
    </div>
  );
}
