// Skill gaps (each with the lesson that closes it), peer comparison (only
// with at least 10 peers: k-anonymity is applied by analytics.peer_comparison)
// and the vision board's goals.
import Link from "next/link";
import { Target } from "lucide-react";
import { Card, StatusPill } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatCount, formatDate, formatNumber, formatPercent } from "@/lib/format";
import type { LearnerDashboard } from "@/db/queries/dashboard-learner";

export function SkillGaps({ slug, gaps }: { slug: string; gaps: LearnerDashboard["skillGaps"] }) {
  return (
    <Card id="skill-gaps" title="What should you work on next?" description="Skills your courses and goals need that you have not mastered yet, largest gap first.">
      {gaps.length === 0 ? (
        <p className="text-sm text-slate-600">No skill gaps: every skill your courses and goals need is at 70 % mastery or above.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {gaps.slice(0, 6).map((g) => (
            <li key={g.skillId} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  {g.name}
                  <StatusPill tone={g.critical ? "danger" : "warning"}>{g.critical ? "Critical gap" : "Gap"}</StatusPill>
                </p>
                <p className="text-sm text-slate-600">
                  Mastery {formatPercent(g.mastery)} of {formatPercent(g.target)} needed
                </p>
              </div>
              {g.lesson ? (
                <Link href={`/o/${slug}/learn/lessons/${g.lesson.id}`} className="text-sm font-medium text-brand-700 hover:underline">
                  Lesson: {g.lesson.title}
                </Link>
              ) : (
                <span className="text-sm text-slate-600">No lesson teaches this skill yet — ask your trainer.</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const MEASURES = [
  { key: "velocity", label: "Lessons per week", percent: false },
  { key: "engagement", label: "Engagement score", percent: false },
  { key: "score", label: "Average score", percent: true },
  { key: "mastery", label: "Average mastery", percent: true },
] as const;

export function PeerComparison({ peers }: { peers: LearnerDashboard["peers"] }) {
  const show = (v: number | null | undefined, percent: boolean) => (v === null || v === undefined ? "—" : percent ? formatPercent(v) : formatNumber(v));
  return (
    <Card id="peers" title="How do you compare with your peers?" description="Anonymous: only the group's middle values are shown, never anyone's name.">
      {!peers.available ? (
        <p className="text-sm text-slate-600">
          Peer comparison needs at least {peers.minimum_peers} other learners with activity; your organization has {formatCount(peers.peers, "peer")} so far, so
          nobody could be singled out.
        </p>
      ) : (
        <div role="region" aria-label="You and your peers" tabIndex={0} className="overflow-x-auto">
          <table className="w-full min-w-max text-left text-sm">
            <caption className="sr-only">Your numbers against the middle half of {formatCount(peers.peers, "peer")}</caption>
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">Measure</th>
                <th scope="col" className="px-3 py-2 font-medium">You</th>
                <th scope="col" className="px-3 py-2 font-medium">Peers' median</th>
                <th scope="col" className="py-2 pl-3 font-medium">Middle half</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {MEASURES.map((m) => {
                const group = peers.group[m.key];
                const mine = peers.me?.[m.key] ?? null;
                const median = group.quartiles?.[1] ?? null;
                const above = mine !== null && median !== null && mine > median;
                return (
                  <tr key={m.key}>
                    <th scope="row" className="py-2 pr-3 font-normal text-slate-700">{m.label}</th>
                    <td className={`px-3 py-2 font-semibold tabular-nums ${above ? "text-success-700" : "text-slate-900"}`}>{show(mine, m.percent)}</td>
                    <td className="px-3 py-2 tabular-nums">{show(median, m.percent)}</td>
                    <td className="py-2 pl-3 tabular-nums text-slate-600">
                      {group.quartiles ? `${show(group.quartiles[0], m.percent)} – ${show(group.quartiles[2], m.percent)}` : "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-600">Compared with {formatCount(peers.peers, "learner")} of your {peers.scope}.</p>
        </div>
      )}
    </Card>
  );
}

export function Goals({ slug, goals }: { slug: string; goals: LearnerDashboard["goals"] }) {
  const href = `/o/${slug}/learn/goals`;
  return (
    <Card
      id="goals"
      title="Your goals"
      description="From your vision board."
      actions={<Link href={href} className="text-sm font-medium text-brand-700 hover:underline">Open vision board</Link>}
    >
      {goals.length === 0 ? (
        <EmptyState icon={Target} action={{ href, label: "Set a goal" }}>
          Goals keep you going: name what you want to be able to do and by when.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {goals.map((g) => (
            <li key={g.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{g.title}</p>
                <p className="text-xs text-slate-600">
                  {g.status === "achieved" ? "Achieved" : g.targetDate ? `Target ${formatDate(g.targetDate)}` : "No target date"}
                  {g.skills.length ? ` · ${g.skills.join(", ")}` : ""}
                </p>
              </div>
              <ProgressBar value={g.progress} label={`Progress of ${g.title}`} className="w-24" />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
