"use client";
// DashboardQueryProvider — the one @tanstack/react-query client of a dashboard.
// Place it in the dashboard page's subtree (never the root layout), so the
// query library loads only on dashboards:
//
//   <DashboardQueryProvider> …widgets that call useDashboardWidget… </DashboardQueryProvider>
//
// The first paint comes from the server component (pass it as initialData);
// the client only refetches when a widget asks (a toggle) or the window
// regains focus after the data went stale.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";

export function DashboardQueryProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: 1, refetchOnWindowFocus: true } } }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
