"use client";
// What an unexpected failure looks like to the person: that it happened, a way
// to try again, and a reference to quote — never the error's own text, which
// may carry internals (Next.js hides server errors' messages in production;
// errors thrown in the browser arrive as they are).
import { useEffect } from "react";

/** The server log's digest of an error, when Next.js gave it one. */
function referenceOf(error: unknown): string | null {
  const digest = error instanceof Error ? (error as Error & { digest?: unknown }).digest : undefined;
  return typeof digest === "string" && /^[\w-]{1,64}$/.test(digest) ? digest : null;
}

export function ErrorNotice({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const reference = referenceOf(error);
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-600">
        This page could not be shown. Try again in a moment; if it keeps failing, tell your administrator
        {reference ? <> and quote reference <code className="font-mono text-sm">{reference}</code></> : null}.
      </p>
      <div className="mt-6 flex items-center justify-center gap-4">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Try again
        </button>
        <a href="/o" className="text-sm font-medium text-brand-700 hover:underline">Go to your organizations</a>
      </div>
    </main>
  );
}
