"use client";
// Any page or layout below the root that fails unexpectedly (expected failures
// are messages on their forms, or 404s).
import { ErrorNotice } from "@/components/error-notice";

export default function ErrorPage({ error, retry }: { error: unknown; reset: () => void; retry: () => void }) {
  return <ErrorNotice error={error} retry={retry} />;
}
