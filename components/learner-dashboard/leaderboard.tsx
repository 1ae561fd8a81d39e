"use client";
// The leaderboard with its week / month toggle. The first paint (week) comes
// from the server; switching the period fetches the same query through the
// route handler (react-query caches each period). Privacy is applied by
// analytics.leaderboard: anonymous learners have no name, hidden ones are absent.
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { useDashboardWidget } from "@/components/charts/use-dashboard-widget";
import { formatPoints } from "@/lib/format";
import type { LeaderboardWidget } from "@/db/queries/dashboard-learner";

const PERIODS = [
  { value: "week", label: "This week", long: "the last 7 days" },
  { value: "month", label: "This month", long: "the last 30 days" },
] as const;

export function Leaderboard({ slug, initial, settingsHref }: { slug: string; initial: LeaderboardWidget; settingsHref: string | null }) {
  const [period, setPeriod] = useState<"week" | "month">("week");
  const { data, error, isFetching } = useDashboardWidget<LeaderboardWidget>(
    ["learner-leaderboard", slug, period],
    `/api/o/${slug}/dashboards/learner/leaderboard?period=${period}`,
    period === initial.period ? initial : undefined,
  );
  const board = data ?? initial;
  const current = PERIODS.find((p) => p.value === period)!;
  const me = board.me;
  return (
    <Card
      id="leaderboard"
      title="Where do you rank?"
      description={`Points earned in ${current.long}.`}
      actions={
        <div role="group" aria-label="Leaderboard period" className="inline-flex rounded-md border border-slate-300 p-0.5">
          {PERIODS.map((p) => (
            <button
              key={p.value}
              type="button"
              aria-pressed={period === p.value}
              onClick={() => setPeriod(p.value)}
              className={`rounded px-2.5 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600 ${period === p.value ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {p.label}
            </button>
          ))}
        </div>
      }
    >
      <p className="text-sm text-slate-700" aria-live="polite" data-period={isFetching && board.period !== period ? "loading" : board.period}>
        {isFetching && board.period !== period
          ? "Loading…"
          : me
            ? `You are #${me.rank} with ${formatPoints(me.points)}.`
            : "Earn points this period to appear on the leaderboard."}
      </p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-danger-700">
          Could not load the leaderboard: {error.message}
        </p>
      ) : null}
      {board.entries.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Nobody has earned points in {current.long} yet.</p>
      ) : (
        <ol className="mt-3 divide-y divide-slate-100" aria-label={`Leaderboard, ${current.label.toLowerCase()}`} data-testid="leaderboard">
          {board.entries.map((e, i) => (
            <li key={`${e.rank}-${e.userId ?? i}`} className={`flex items-center justify-between gap-3 px-2 py-2 text-sm ${e.isMe ? "rounded-md bg-brand-50 font-semibold" : ""}`}>
              <span className="flex min-w-0 items-center gap-3">
                <span className="w-8 shrink-0 text-right tabular-nums text-slate-600">#{e.rank}</span>
                <span className={`truncate ${e.isAnonymous && !e.isMe ? "italic text-slate-600" : "text-slate-900"}`}>
                  {e.isMe ? `You${e.displayName ? ` (${e.displayName})` : ""}` : (e.displayName ?? "Anonymous learner")}
                </span>
              </span>
              <span className="shrink-0 tabular-nums">{formatPoints(e.points)}</span>
            </li>
          ))}
        </ol>
      )}
      {settingsHref ? (
        <p className="mt-3 text-xs text-slate-600">
          Shown as you choose: public, anonymous or hidden —{" "}
          <a href={settingsHref} className="font-medium text-brand-700 hover:underline">
            change in settings
          </a>
          .
        </p>
      ) : null}
    </Card>
  );
}
