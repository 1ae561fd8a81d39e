// The dashboard's skeleton while its one transaction runs: the same grid, grey blocks.
export default function LearnerDashboardLoading() {
  const block = "animate-pulse rounded-lg border border-slate-200 bg-white";
  return (
    <div className="max-w-page space-y-6" aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading your dashboard…</p>
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <div className="grid gap-6 lg:grid-cols-2">
        <div className={`${block} h-44`} />
        <div className={`${block} h-44`} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className={`${block} h-72`} />
        ))}
      </div>
    </div>
  );
}
