// The learner's four charts: weekly engagement, pace against the target with
// the estimated completion date, mastery per skill, recent assessment scores.
// A server component: it shapes the rows and hands them to the client chart
// components, so only the charts' code reaches the browser.
import { BarChart } from "@/components/charts/bar-chart";
import { TrendLine } from "@/components/charts/trend-line";
import { formatCount, formatDate, formatNumber } from "@/lib/format";
import { MASTERED_AT, type LearnerDashboard } from "@/db/queries/dashboard-learner";
import { masteryTone } from "@/lib/dashboards/mastery";

const VELOCITY_TEXT = {
  ahead: "You are ahead of the pace that finishes your courses on time.",
  on_track: "You are on track to finish your courses on time.",
  behind: "You are behind the pace that finishes your courses on time.",
  not_enrolled: "You have no unfinished course, so there is no pace to keep.",
} as const;

export function LearnerCharts({ data }: { data: LearnerDashboard }) {
  const { weeks, velocity, mastery, scores } = data;
  const last4 = weeks.slice(-4);
  const minutes4 = last4.reduce((s, w) => s + w.activeMinutes, 0);
  const days4 = last4.reduce((s, w) => s + w.activeDays, 0);
  const target = velocity?.targetLessonsPerWeek ?? null;
  const lessonRows = weeks.map((w) => ({ week: w.week, lessons: w.lessonsCompleted, ...(target !== null ? { target } : {}) }));

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <TrendLine
        id="engagement"
        title="How much have you been learning each week?"
        subtitle={`Active minutes per week · ${formatCount(days4, "active day")} and ${formatNumber(Math.round(minutes4))} min in the last 4 weeks`}
        data={weeks.map((w) => ({ week: w.week, minutes: w.activeMinutes, days: w.activeDays }))}
        x="week"
        xLabel="Week of"
        xFormat="week"
        series={[{ key: "minutes", label: "Active minutes" }]}
        format="number"
        area
        isEmpty={weeks.every((w) => w.activeMinutes === 0)}
        empty="No activity in the last 12 weeks. Open a lesson and your weekly minutes appear here."
      />
      <TrendLine
        id="velocity"
        title="Are you keeping pace with your target?"
        subtitle={
          target !== null
            ? `Lessons completed per week against the ${formatNumber(target)} a week that finishes your courses on time`
            : "Lessons completed per week"
        }
        data={lessonRows}
        x="week"
        xLabel="Week of"
        xFormat="week"
        series={[
          { key: "lessons", label: "Lessons completed", tone: velocity?.status === "behind" ? "warning" : "brand", kind: "bar" as const },
          ...(target !== null ? [{ key: "target", label: "Target pace", tone: "info" as const, dashed: true }] : []),
        ]}
        isEmpty={weeks.every((w) => w.lessonsCompleted === 0)}
        empty="You have not completed a lesson in the last 12 weeks. Finish one to start measuring your pace."
        footer={<VelocityFooter velocity={velocity} />}
      />
      <BarChart
        id="mastery"
        title="Which skills have you mastered?"
        subtitle={`Mastery per skill, from your assessment answers · ${MASTERED_AT} % counts as mastered`}
        data={mastery.map((m) => ({ skill: m.name, mastery: m.mastery, tone: masteryTone(m.mastery, MASTERED_AT) }))}
        x="skill"
        xLabel="Skill"
        series={[{ key: "mastery", label: "Mastery" }]}
        toneKey="tone"
        format="percent"
        domain={[0, 100]}
        horizontal
        references={[{ y: MASTERED_AT, label: "Mastered", tone: "success" }]}
        isEmpty={mastery.length === 0}
        empty="Mastery is measured by assessments. Take your first assessment to see it per skill."
        footer="Green: mastered · amber: getting there · red: a gap to work on."
      />
      <BarChart
        id="scores"
        title="How did your recent assessments go?"
        subtitle="Your last graded attempts, oldest first; green passed, red not yet"
        data={scores.map((s) => ({
          attempt: `${s.title}${s.attemptNumber > 1 ? ` (try ${s.attemptNumber})` : ""}`,
          score: s.score,
          passMark: s.passMark,
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
        empty="No graded assessment yet. Assessments appear in your courses after their lessons."
      />
    </div>
  );
}

function VelocityFooter({ velocity }: { velocity: LearnerDashboard["velocity"] }) {
  if (!velocity || !velocity.status) return <span>Your pace is measured overnight; check back tomorrow.</span>;
  return (
    <span>
      {VELOCITY_TEXT[velocity.status]} Over the last 4 weeks: {formatCount(velocity.lessonsPerWeek, "lesson")} a week.
      {velocity.remainingLessons ? ` ${formatCount(velocity.remainingLessons, "lesson")} to go` : ""}
      {velocity.estimatedCompletionOn ? (
        <>
          {" — "}estimated completion <strong className="font-semibold text-slate-900">{formatDate(velocity.estimatedCompletionOn)}</strong>.
        </>
      ) : velocity.remainingLessons ? " — no completion date until you complete lessons again." : "."}
    </span>
  );
}
