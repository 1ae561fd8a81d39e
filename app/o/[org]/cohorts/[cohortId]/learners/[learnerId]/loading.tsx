// The learner drill-down's skeleton while its one transaction runs.
export default function CohortLearnerLoading() {
  const block = "animate-pulse rounded-lg border border-slate-200 bg-white";
  return (
    <div className="max-w-page space-y-6" aria-busy="true">
      <p className="sr-only" role="status">Loading the learner's analytics…</p>
      <div className="h-8 w-56 animate-pulse rounded bg-slate-200" />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[0, 1, 2, 3].map((i) => <div key={i} className={`${block} h-24`} />)}
      </div>
      <div className={`${block} h-32`} />
      <div className="grid gap-6 lg:grid-cols-2">
        {[0, 1, 2, 3].map((i) => <div key={i} className={`${block} h-72`} />)}
      </div>
    </div>
  );
}
