export default function Loading() {
  return (
    <div className="max-w-5xl space-y-6" aria-busy="true">
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-40 animate-pulse rounded-lg border border-slate-200 bg-white" />
      <p className="text-sm text-slate-500" role="status">Loading reports…</p>
    </div>
  );
}
