// One learner's analytics as their trainer sees them (the cohort drill-down):
// the drop-off prediction with its factors, then the learner dashboard's four
// charts — weekly engagement, pace against the target, mastery per skill,
// recent scores — worded about the learner, and their skill gaps. The data
// comes from the learner dashboard's own query functions (dashboard-learner.ts).
import { Flame, Gauge, Star, TrendingUp } from "lucide-react";
import { BarChart } from "@/components/charts/bar-chart";
import { TrendLine } from "@/components/charts/trend-line";
import { Card } from "@/components/ui/card";
import { StatusPill } from "@/components/ui/badge";
import { Stat, StatGrid } from "@/components/ui/stat";
import { formatCount, formatDate, formatNumber, formatPercent } from "@/lib/format";
import type { CohortLearnerAnalytics } from "@/db/queries/dashboard-trainer";
import { RiskFactors, RiskPill } from "./risk";
import { masteryTone } from "@/lib/dashboards/mastery";

const PACE = {
  ahead: "Ahead of the pace that finishes on time",
  on_track: "On track to finish on time",
  behind: "Behind the pace that finishes on time",
  not_enrolled: "No unfinished course",
} as const;

export function LearnerAnalytics({ data }: { data: CohortLearnerAnalytics }) {
  const { enrollment, weeks, mastery, scores, velocity, prediction, points, skillGaps, engagementScore, masteredAt } = data;
  const last4 = weeks.slice(-4);
  const minutes4 = last4.reduce((n, w) => n + w.activeMinutes, 0);
  const target = velocity?.targetLessonsPerWeek ?? null;

  return (
    <div className="space-y-6">
      <StatGrid columns={4}>
        <Stat label="Progress" value={formatPercent(enrollment.progressPercent)} icon={TrendingUp} hint={enrollment.completedAt ? `completed ${formatDate(enrollment.completedAt)}` : `due ${enrollment.dueOn}`} />
        <Stat label="Engagement" value={engagementScore === null ? "—" : formatNumber(engagementScore)} icon={Gauge} hint="score 0–100, nightly" />
        <Stat label="Points" value={formatNumber(points.totalPoints)} icon={Star} hint={`level ${points.level}${points.lastActiveDay ? ` · last active ${formatDate(points.lastActiveDay)}` : " · never active"}`} />
        <Stat label="Streak" value={formatCount(points.currentStreak, "day")} icon={Flame} hint={`longest ${formatCount(points.longestStreak, "day")}`} tone={points.currentStreak ? "success" : "neutral"} />
      </StatGrid>

      <Card id="prediction" title="Is this learner likely to drop off?" description="The nightly prediction: risk = weighted sum of the factors below (0–100 %).">
        {prediction ? (
          <div className="grid gap-3 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)] sm:gap-6">
            <div className="space-y-1">
              <RiskPill level={prediction.riskLevel} risk={prediction.dropOffRisk} />
              {prediction.completionForecastOn ? <p className="text-xs text-slate-600">At the current pace: completes {formatDate(prediction.completionForecastOn)}</p> : null}
            </div>
            <RiskFactors factors={prediction.factors} />
          </div>
        ) : (
          <p className="text-sm text-slate-600">No current prediction: predictions cover learners with an unfinished course who have not opted out, and are computed nightly.</p>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <TrendLine
          id="engagement"
          title="How much has this learner been learning each week?"
          subtitle={`Active minutes per week · ${formatNumber(Math.round(minutes4))} min in the last 4 weeks`}
          data={weeks.map((w) => ({ week: w.week, minutes: w.activeMinutes, days: w.activeDays }))}
          x="week"
          xLabel="Week of"
          xFormat="week"
          series={[{ key: "minutes", label: "Active minutes" }]}
          area
          isEmpty={weeks.every((w) => w.activeMinutes === 0)}
          empty="No activity in the last 12 weeks. A reminder from you may be the nudge they need."
        />
        <TrendLine
          id="velocity"
          title="Is this learner keeping pace?"
          subtitle={target !== null ? `Lessons completed per week against the ${formatNumber(target)} a week that finishes on time` : "Lessons completed per week"}
          data={weeks.map((w) => ({ week: w.week, lessons: w.lessonsCompleted, ...(target !== null ? { target } : {}) }))}
          x="week"
          xLabel="Week of"
          xFormat="week"
          series={[
            { key: "lessons", label: "Lessons completed", tone: velocity?.status === "behind" ? "warning" : "brand" },
            ...(target !== null ? [{ key: "target", label: "Target pace", tone: "info" as const, dashed: true }] : []),
          ]}
          isEmpty={weeks.every((w) => w.lessonsCompleted === 0)}
          empty="No lesson completed in the last 12 weeks."
          footer={
            velocity?.status ? (
              <span>
                {PACE[velocity.status]} · {formatNumber(velocity.lessonsPerWeek)} lessons a week this month
                {velocity.estimatedCompletionOn ? ` · estimated completion ${formatDate(velocity.estimatedCompletionOn)}` : ""}.
              </span>
            ) : (
              "Pace is measured overnight."
            )
          }
        />
        <BarChart
          id="mastery"
          title="Which skills has this learner mastered?"
          subtitle={`Mastery per skill from assessment answers · ${masteredAt} % counts as mastered`}
          data={mastery.map((m) => ({ skill: m.name, mastery: m.mastery, tone: masteryTone(m.mastery, masteredAt) }))}
          x="skill"
          xLabel="Skill"
          series={[{ key: "mastery", label: "Mastery" }]}
          toneKey="tone"
          format="percent"
          domain={[0, 100]}
          horizontal
          references={[{ y: masteredAt, label: "Mastered", tone: "success" }]}
          isEmpty={mastery.length === 0}
          empty="No assessment answered yet, so no mastery to show."
          footer="Green: mastered · amber: getting there · red: a gap."
        />
        <BarChart
          id="scores"
          title="How did their recent assessments go?"
          subtitle="Last graded attempts, oldest first; green passed, red not yet"
          data={scores.map((s, i) => ({
            attempt: `${i + 1}. ${s.title}${s.attemptNumber > 1 ? ` (try ${s.attemptNumber})` : ""}`,
            score: s.score,
            tone: s.passed ? "success" : "danger",
          }))}
          x="attempt"
          xLabel="Assessment"
          series={[{ key: "score", label: "Score" }]}
          toneKey="tone"
          format="percent"
          domain={[0, 100]}
          horizontal
          isEmpty={scores.length === 0}
          empty="No graded assessment yet."
        />
      </div>

      <Card id="skill-gaps" title="Where does this learner need help?" description="Skills their courses and goals need, below mastery, largest gap first, with the lesson that teaches each.">
        {skillGaps.length === 0 ? (
          <p className="text-sm text-slate-600">No skill gap: every skill their courses and goals need is at {masteredAt} % or above (or not assessed yet).</p>
        ) : (
          <ul className="-my-2 divide-y divide-slate-100 text-sm">
            {skillGaps.slice(0, 8).map((g) => (
              <li key={g.skillId} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5">
                <span className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  {g.name}
                  <StatusPill tone={g.critical ? "danger" : "warning"}>{g.critical ? "Critical gap" : "Gap"}</StatusPill>
                </span>
                <span className="text-slate-600">
                  {formatPercent(g.mastery)} of {formatPercent(g.target)}
                  {g.lesson ? ` · lesson: ${g.lesson.title}` : " · no lesson teaches it yet"}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
