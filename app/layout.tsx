import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "SenseiiWyze", template: "%s · SenseiiWyze" },
  description: "Learning & development that shows its impact: courses, cohorts, assessments and analytics for your organization.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
