"use client";
// While reports are being generated, asks the status route every 2 seconds
// and refreshes the page (server components re-render the list) as soon as
// one of them changes. Stops when none is waiting; announces the change.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export function ReportStatusPoller({ slug, waiting }: { slug: string; waiting: { id: string; status: string }[] }) {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const key = waiting.map((r) => `${r.id}:${r.status}`).join(",");

  useEffect(() => {
    if (!key) return;
    const known = new Map(key.split(",").map((pair) => pair.split(":") as [string, string]));
    let stopped = false;
    const tick = async () => {
      try {
        const response = await fetch(`/o/${slug}/reports/status?ids=${[...known.keys()].join(",")}`, { cache: "no-store" });
        if (!response.ok) throw new Error(`status ${response.status}`);
        const { reports } = (await response.json()) as { reports: { id: string; status: string }[] };
        setProblem(null);
        if (!stopped && reports.some((r) => known.get(r.id) !== r.status)) router.refresh();
      } catch {
        setProblem("Could not check the reports' status; retrying…");
      }
    };
    const timer = setInterval(tick, 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [key, slug, router]);

  if (!key) return null;
  return (
    <p role="status" className="text-xs text-slate-500">
      {problem ?? `Generating ${waiting.length === 1 ? "1 report" : `${waiting.length} reports`}; this list updates by itself.`}
    </p>
  );
}
