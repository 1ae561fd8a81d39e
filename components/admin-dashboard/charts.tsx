// The overview's trend and comparison charts, drawn by the shared chart layer
// (client components: this route's bundle only). Each states the question it
// answers, carries its numbers as a "Show data" table and says what to do
// when its part of the range is empty.
import Link from "next/link";
import { TrendLine } from "@/components/charts/trend-line";
import { BarChart } from "@/components/charts/bar-chart";
import { Card, StatusPill } from "@/components/ui/card";
import { Table, TableBody, TableHead } from "@/components/ui/table";
import { formatCount, formatNumber, formatPercent } from "@/lib/format";
import { adminOverviewHref, type AdminFilters } from "@/lib/validation/dashboard-admin";
import type { CohortComparisonRow, KpiPoint, SkillDemandRow, WeeklyPoint } from "@/db/queries/dashboard-admin";

const mondayOf = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};

/** Weekly rows with the week's last KPI snapshot (mastery, engagement score) merged in. */
function withKpis(weekly: WeeklyPoint[], kpis: KpiPoint[]) {
  const byWeek = new Map(kpis.map((k) => [mondayOf(k.day), k]));
  const weeks = [...new Set([...weekly.map((w) => w.week), ...byWeek.keys()])].sort();
  return weeks.map((week) => {
    const w = weekly.find((row) => row.week === week);
    const k = byWeek.get(week);
    return {
      week,
      minutes: w?.minutesPerActiveLearner ?? null,
      activeLearners: w?.activeLearners ?? 0,
      lessons: w?.lessonsCompleted ?? 0,
      lessonsPerLearner: w?.lessonsPerActiveLearner ?? null,
      score: w?.avgScore ?? null,
      mastery: k?.avgMastery ?? null,
      engagement: k?.avgEngagement ?? null,
      velocity: k?.avgVelocity ?? null,
    };
  });
}

export function TrendCharts({ weekly, kpis, latest }: { weekly: WeeklyPoint[]; kpis: KpiPoint[]; latest: KpiPoint | null }) {
  const rows = withKpis(weekly, kpis);
  const pace = latest?.velocity;
  const paceTotal = pace ? pace.ahead + pace.onTrack + pace.behind : 0;
  return (
    <>
      <TrendLine
        title="Are learners spending time on learning?"
        subtitle="Minutes per active learner per week (weeks start Monday; the first and last may be partial)."
        data={rows.map((r) => ({ week: r.week, minutes: r.minutes, engagement: r.engagement }))}
        x="week"
        xLabel="Week of"
        xFormat="week"
        series={[{ key: "minutes", label: "Minutes per active learner" }]}
        area
        isEmpty={weekly.length === 0}
        empty="No learning time in this range. Choose a longer range."
        footer={latest?.avgEngagement != null ? `Engagement score (0–100, nightly): ${formatNumber(latest.avgEngagement)} on ${latest.day}.` : undefined}
      />
      <TrendLine
        title="Are scores and mastery rising?"
        subtitle="Average assessment score per week (Σ scores / count) and mean skill mastery from the nightly snapshots."
        data={rows.map((r) => ({ week: r.week, score: r.score, mastery: r.mastery }))}
        x="week"
        xLabel="Week of"
        xFormat="week"
        series={[
          { key: "score", label: "Average score" },
          { key: "mastery", label: "Mean mastery", tone: "success" },
        ]}
        format="percent"
        domain={[0, 100]}
        isEmpty={rows.every((r) => r.score === null && r.mastery === null)}
        empty="No assessments were submitted in this range, and no snapshot holds mastery yet."
        footer={latest?.avgMastery != null ? `Mean skill mastery on ${latest.day}: ${formatPercent(latest.avgMastery)} (one point per nightly snapshot).` : undefined}
      />
      <BarChart
        title="Is learning speeding up?"
        subtitle="Lessons completed per week; the table adds lessons per active learner."
        data={rows.map((r) => ({ week: r.week, lessons: r.lessons, perLearner: r.lessonsPerLearner }))}
        x="week"
        xLabel="Week of"
        xFormat="week"
        series={[{ key: "lessons", label: "Lessons completed" }]}
        isEmpty={rows.every((r) => r.lessons === 0)}
        empty="No lesson was completed in this range."
        footer={
          pace && paceTotal > 0 ? (
            <span className="flex flex-wrap items-center gap-2">
              <span>Pace vs target{latest?.avgVelocity != null ? ` (mean ${formatNumber(latest.avgVelocity)} lessons/week)` : ""}:</span>
              <StatusPill tone="success">{formatCount(pace.ahead, "ahead", "ahead")}</StatusPill>
              <StatusPill tone="info">{formatCount(pace.onTrack, "on track", "on track")}</StatusPill>
              <StatusPill tone="danger">{formatCount(pace.behind, "behind", "behind")}</StatusPill>
            </span>
          ) : undefined
        }
      />
    </>
  );
}

export function SkillDemandChart({ month, rows, cohortFiltered }: { month: string | null; rows: SkillDemandRow[]; cohortFiltered: boolean }) {
  const monthName = month ? new Date(`${month}T00:00:00Z`).toLocaleString("en", { month: "long", year: "numeric", timeZone: "UTC" }) : "";
  return (
    <BarChart
      title="Which skills are in demand?"
      subtitle={`Learners working on each skill in ${monthName || "the range's last month"} against the month before${cohortFiltered ? " (whole organization: skill demand is not split by cohort)" : ""}.`}
      data={rows.map((r) => ({ skill: r.skill, learners: r.learners, previous: r.previousLearners, growth: r.growthPercent }))}
      x="skill"
      xLabel="Skill"
      horizontal
      series={[
        { key: "learners", label: monthName || "This month" },
        { key: "previous", label: "Month before", tone: "neutral" },
      ]}
      isEmpty={rows.length === 0}
      empty="No learner answered a skill-tagged question or finished a skill-tagged lesson in this range. Tag lessons and questions with skills to see demand."
      footer={
        rows.length ? (
          <ul className="flex flex-wrap gap-2" aria-label="Month-over-month growth">
            {rows.slice(0, 5).map((r) => (
              <li key={r.skillId}>
                <StatusPill tone={r.growthPercent === null ? "info" : r.growthPercent >= 0 ? "success" : "warning"}>
                  {r.skill}: {r.growthPercent === null ? "new this month" : `${r.growthPercent >= 0 ? "+" : "−"}${formatPercent(Math.abs(r.growthPercent))}`}
                </StatusPill>
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

export function CohortComparison({ slug, rows, filters }: { slug: string; rows: CohortComparisonRow[]; filters: AdminFilters }) {
  if (rows.length === 0) {
    return (
      <Card title="How do cohorts compare?" description="Cohorts appear here once a trainer creates one.">
        <p className="text-sm text-slate-600">
          No cohorts yet. <Link href={`/o/${slug}/cohorts`} className="font-medium text-brand-700 hover:underline">Create a cohort</Link> to compare groups of learners.
        </p>
      </Card>
    );
  }
  return (
    <div className="space-y-6">
      <BarChart
        title="How do cohorts compare?"
        subtitle="Mean course progress and engagement score (0–100) of each cohort today."
        data={rows.map((r) => ({ cohort: r.name, progress: r.avgProgress, engagement: r.avgEngagement }))}
        x="cohort"
        xLabel="Cohort"
        horizontal
        series={[
          { key: "progress", label: "Progress" },
          { key: "engagement", label: "Engagement", tone: "info" },
        ]}
        format="percent"
        domain={[0, 100]}
        height={Math.max(180, rows.length * 56 + 60)}
      />
      <Card title="Cohorts side by side" description="Health now, and activity in the chosen range. Choose a cohort to filter the whole overview by it.">
        <Table label="Cohort comparison">
          <TableHead>
            <th scope="col">Cohort</th>
            <th scope="col">Learners</th>
            <th scope="col">Progress</th>
            <th scope="col">Active in range</th>
            <th scope="col">Lessons</th>
            <th scope="col">Avg score</th>
            <th scope="col">At risk</th>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <tr key={r.cohortId} className={r.cohortId === filters.cohortId ? "bg-brand-50" : undefined}>
                <th scope="row" className="whitespace-nowrap font-medium">
                  <Link href={adminOverviewHref(slug, { from: filters.from, to: filters.to, cohort: r.cohortId })} className="text-brand-700 hover:underline">
                    {r.name}
                  </Link>
                </th>
                <td className="tabular-nums">{r.learners}</td>
                <td className="tabular-nums">{formatPercent(r.avgProgress)}</td>
                <td className="tabular-nums">{r.activeInRange}</td>
                <td className="tabular-nums">{r.lessonsInRange}</td>
                <td className="tabular-nums">{formatPercent(r.avgScoreInRange)}</td>
                <td>{r.atRisk > 0 ? <StatusPill tone={r.atRisk >= Math.max(2, r.learners / 5) ? "danger" : "warning"}>{r.atRisk}</StatusPill> : <StatusPill tone="success">0</StatusPill>}</td>
              </tr>
            ))}
          </TableBody>
        </Table>
      </Card>
    </div>
  );
}
