// A cohort's analytics section (/o/<org>/cohorts/<id>): health numbers, then
// the charts — progress distribution, daily engagement, at-risk learners with
// their factors, assessment results with per-question difficulty and
// discrimination, and content effectiveness. A server component: it shapes
// the rows and hands them to the shared client charts (components/charts).
import Link from "next/link";
import { Activity, AlertTriangle, Gauge, GraduationCap, TrendingUp } from "lucide-react";
import { BarChart } from "@/components/charts/bar-chart";
import { TrendLine } from "@/components/charts/trend-line";
import { Card } from "@/components/ui/card";
import { StatusPill } from "@/components/ui/badge";
import { Stat, StatGrid } from "@/components/ui/stat";
import { Table, TableBody, TableHead } from "@/components/ui/table";
import { formatCount, formatDate, formatNumber, formatPercent } from "@/lib/format";
import type { CohortAnalytics } from "@/db/queries/dashboard-trainer";
import { RiskFactors, RiskPill } from "./risk";

const BANDS = [
  ["0-24", "0–24 %"],
  ["25-49", "25–49 %"],
  ["50-74", "50–74 %"],
  ["75-99", "75–99 %"],
  ["100", "100 %"],
] as const;

/** Item analysis rules of thumb (Ebel & Frisbie): discrimination ≥ 0.3 good, 0.2–0.3 fair, below 0.2 review the question. */
function discriminationPill(d: number | null) {
  if (d === null) return <span className="text-slate-600">—</span>;
  if (d >= 0.3) return <StatusPill tone="success">{formatNumber(d)} · good</StatusPill>;
  if (d >= 0.2) return <StatusPill tone="warning">{formatNumber(d)} · fair</StatusPill>;
  return <StatusPill tone="danger">{formatNumber(d)} · review</StatusPill>;
}
/** Difficulty = share answering correctly: below 0.3 hard, above 0.85 easy. */
function difficultyText(p: number | null) {
  if (p === null) return "—";
  return `${formatPercent(p * 100)} correct${p < 0.3 ? " · hard" : p > 0.85 ? " · easy" : ""}`;
}
/** Fewer answers than this and the statistics move a lot with one answer. */
const FEW_ANSWERS = 20;

export function CohortAnalyticsSection({ slug, cohortId, data, learners }: { slug: string; cohortId: string; data: CohortAnalytics; learners: number }) {
  const { metrics, trend, atRisk, assessments, lessons } = data;
  const minutes = trend.reduce((n, d) => n + d.activeMinutes, 0);
  const activeDays = trend.filter((d) => d.activeLearners > 0).length;
  const measured = lessons.filter((l) => l.lift !== null);
  const learnerHref = (userId: string) => `/o/${slug}/cohorts/${cohortId}/learners/${userId}`;

  return (
    <section id="analytics" aria-labelledby="analytics-heading" className="scroll-mt-4 space-y-6">
      <h2 id="analytics-heading" className="text-lg font-semibold text-slate-900">
        Analytics
      </h2>
      <StatGrid columns={5}>
        <Stat label="Learners" value={formatNumber(learners)} icon={GraduationCap} hint={metrics ? `${formatNumber(metrics.completed)} completed` : undefined} />
        <Stat label="Avg. progress" value={formatPercent(metrics?.avgProgress ?? null)} icon={TrendingUp} />
        <Stat label="Active 7 days" value={metrics ? formatNumber(metrics.active7d) : "—"} icon={Activity} hint={metrics && learners ? `${formatPercent((100 * metrics.active7d) / learners)} of learners` : undefined} />
        <Stat label="Engagement" value={metrics?.avgEngagement === null || !metrics ? "—" : formatNumber(metrics.avgEngagement)} icon={Gauge} hint="mean score, 0–100" />
        <Stat
          label="At risk"
          value={metrics ? formatNumber(metrics.atRiskHigh + metrics.atRiskMedium) : "—"}
          icon={AlertTriangle}
          tone={metrics && metrics.atRiskHigh ? "danger" : metrics && metrics.atRiskMedium ? "warning" : "neutral"}
          hint={metrics ? `${formatNumber(metrics.atRiskHigh)} high · ${formatNumber(metrics.atRiskMedium)} medium` : "measured overnight"}
        />
      </StatGrid>

      <div className="grid gap-6 lg:grid-cols-2">
        <BarChart
          id="progress-distribution"
          title="How far through the course are the learners?"
          subtitle={metrics ? `Learners by course progress · mean ${formatPercent(metrics.avgProgress)}` : "Learners by course progress"}
          data={BANDS.map(([key, label]) => ({ band: label, learners: metrics?.progressDistribution[key] ?? 0, tone: key === "100" ? "success" : "brand" }))}
          x="band"
          xLabel="Progress"
          series={[{ key: "learners", label: "Learners" }]}
          toneKey="tone"
          isEmpty={!metrics || learners === 0}
          empty={learners === 0 ? "No learner enrolled yet: enroll learners below." : "Progress is measured overnight; check back tomorrow."}
        />
        <TrendLine
          id="engagement-trend"
          title="Are learners showing up?"
          subtitle={`Learners active each day, last 30 days · ${formatCount(activeDays, "active day")}, ${formatNumber(minutes)} min in total`}
          data={trend.map((d) => ({ day: d.day, learners: d.activeLearners, minutes: d.activeMinutes, lessons: d.lessonsCompleted }))}
          x="day"
          xLabel="Day"
          xFormat="date"
          series={[{ key: "learners", label: "Active learners" }]}
          area
          isEmpty={activeDays === 0}
          empty="No activity in the last 30 days. Learners' lessons and assessments appear here the day after."
        />
      </div>

      <Card id="at-risk" title="Who is at risk of dropping off?" description="Riskiest first, with the factors behind each prediction (recomputed nightly).">
        {atRisk.length === 0 ? (
          <p className="text-sm text-slate-600">No learner of this cohort is at medium or high risk.</p>
        ) : (
          <ul className="-my-2 divide-y divide-slate-100">
            {atRisk.map((r) => (
              <li key={r.userId} className="grid gap-2 py-3 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)] sm:gap-4">
                <div className="space-y-1">
                  <Link href={learnerHref(r.userId)} className="font-medium text-brand-700 hover:underline">
                    {r.name}
                  </Link>
                  <div>
                    <RiskPill level={r.riskLevel} risk={r.dropOffRisk} />
                  </div>
                </div>
                <div className="space-y-1">
                  <RiskFactors factors={r.factors} />
                  {r.completionForecastOn ? <p className="text-xs text-slate-600">At the current pace: completes {formatDate(r.completionForecastOn)}</p> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <BarChart
          id="assessment-results"
          title="How did the cohort do on each assessment?"
          subtitle="Mean score of the cohort's graded attempts; green at or above the pass mark"
          data={assessments.filter((a) => a.attempts > 0).map((a) => ({ assessment: a.title, score: a.meanScore, passRate: a.passRate, attempts: a.attempts, tone: (a.meanScore ?? 0) >= a.passMark ? "success" : "danger" }))}
          x="assessment"
          xLabel="Assessment"
          series={[{ key: "score", label: "Mean score" }]}
          toneKey="tone"
          format="percent"
          domain={[0, 100]}
          horizontal
          isEmpty={assessments.every((a) => a.attempts === 0)}
          empty={assessments.length === 0 ? "The course has no assessment yet." : "No graded attempt by this cohort yet."}
        />
        <BarChart
          id="content-effectiveness"
          title="Which lessons lift assessment scores?"
          subtitle="Mean score after completing the lesson minus mean score without it, in points (all learners of the course)"
          data={measured.map((l) => ({ lesson: l.title, lift: l.lift, tone: (l.lift ?? 0) >= 0 ? "success" : "danger" }))}
          x="lesson"
          xLabel="Lesson"
          series={[{ key: "lift", label: "Lift (points)" }]}
          toneKey="tone"
          horizontal
          isEmpty={measured.length === 0}
          empty="Not enough attempts yet: a lesson's lift needs attempts both after and without it."
          footer="A correlation, not proof: learners who complete more lessons may also be the stronger ones."
        />
      </div>

      <Card id="questions" title="Which questions work?" description="Per question: difficulty (share answering correctly) and discrimination (point-biserial: do stronger learners get it right?), each on the number of answers shown — few answers, unstable numbers. Computed over all attempts of the assessment in the organization.">
        {assessments.length === 0 ? (
          <p className="text-sm text-slate-600">The course has no assessment yet.</p>
        ) : (
          <div className="space-y-5">
            {assessments.map((a) => (
              <div key={a.assessmentId} className="space-y-2">
                <h3 className="text-sm font-semibold text-slate-900">
                  {a.title}{" "}
                  <span className="font-normal text-slate-600">
                    · this cohort: {formatCount(a.attempts, "graded attempt")} by {formatCount(a.learners, "learner")}, pass rate {formatPercent(a.passRate)}
                  </span>
                </h3>
                {a.questions.length === 0 ? (
                  <p className="text-sm text-slate-600">No item statistics yet: they are computed nightly from graded answers.</p>
                ) : (
                  <Table label={`Questions of ${a.title}`}>
                    <TableHead>
                      <th scope="col">Question</th>
                      <th scope="col">Answers</th>
                      <th scope="col">Difficulty</th>
                      <th scope="col">Discrimination</th>
                    </TableHead>
                    <TableBody>
                      {a.questions.map((q, i) => (
                        <tr key={q.questionId}>
                          <td className="max-w-xs">
                            <span className="line-clamp-2">{i + 1}. {q.prompt}</span>
                          </td>
                          <td className="tabular-nums">
                            {formatNumber(q.attempts)}
                            {q.attempts < FEW_ANSWERS ? <span className="block text-xs text-slate-600">few answers</span> : null}
                          </td>
                          <td className="tabular-nums">{difficultyText(q.difficulty)}</td>
                          <td>{discriminationPill(q.discrimination)}</td>
                        </tr>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </div>
            ))}
          </div>
        )}
      </Card>
    </section>
  );
}

