"use client";
// useDashboardWidget — client refresh of one widget through its route handler
// (app/api/o/[org]/dashboards/…), which calls the same db/queries function as
// the server's first paint. Pass the first paint as initialData so nothing
// flashes; an error keeps the last data and reports `error` for the widget
// to say so.
//
//   const { data, isFetching, error } = useDashboardWidget(["leaderboard", org, period],
//     `/api/o/${org}/dashboards/learner/leaderboard?period=${period}`, period === "week" ? initial : undefined);
import { keepPreviousData, useQuery } from "@tanstack/react-query";

export class WidgetError extends Error {}

export function useDashboardWidget<T>(key: readonly unknown[], url: string, initialData?: T) {
  return useQuery<T, WidgetError>({
    queryKey: key,
    queryFn: async ({ signal }) => {
      const res = await fetch(url, { signal, headers: { accept: "application/json" } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: string } | null;
        throw new WidgetError(body?.error ?? `Could not load (${res.status}).`);
      }
      return (await res.json()) as T;
    },
    initialData,
    placeholderData: keepPreviousData,
  });
}
