"use client";
// A failure in the root layout itself: this replaces the whole document, so it
// brings its own <html>, <body> and styles.
import "./globals.css";
import { ErrorNotice } from "@/components/error-notice";

export default function GlobalError({ error, retry }: { error: unknown; reset: () => void; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Something went wrong · SenseiiWyze</title>
        <ErrorNotice error={error} retry={retry} />
      </body>
    </html>
  );
}
