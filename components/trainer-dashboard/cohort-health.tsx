// Cohort health at a glance (trainer home and the cohort list): live progress
// and overdue counts, and the nightly measures — learners active in the last
// 7 days, mean engagement score (0–100) and learners at medium/high drop-off
// risk. A cohort the nightly job has not measured yet says so.
import { AlarmClock, AlertTriangle } from "lucide-react";
import { StatusPill } from "@/components/ui/badge";
import { TextLink } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Table, TableBody, TableHead } from "@/components/ui/table";
import { formatCount, formatNumber } from "@/lib/format";
import type { CohortHealth } from "@/db/queries/dashboard-trainer";

export function CohortHealthTable({ slug, cohorts, label }: { slug: string; cohorts: CohortHealth[]; label: string }) {
  return (
    <Table label={label}>
      <TableHead>
        <th scope="col">Cohort</th>
        <th scope="col" className="whitespace-nowrap">Learners</th>
        <th scope="col" className="whitespace-nowrap">Avg. progress</th>
        <th scope="col" className="whitespace-nowrap">Active (7 days)</th>
        <th scope="col" className="whitespace-nowrap">Engagement</th>
        <th scope="col" className="whitespace-nowrap">At risk</th>
        <th scope="col" className="whitespace-nowrap">Overdue</th>
      </TableHead>
      <TableBody>
        {cohorts.map((cohort) => {
          const m = cohort.metrics;
          const atRisk = m ? m.atRiskHigh + m.atRiskMedium : null;
          return (
            <tr key={cohort.id}>
              <td className="min-w-48">
                <TextLink href={`/o/${slug}/cohorts/${cohort.id}`}>{cohort.name}</TextLink>
                <p className="text-xs text-slate-600">
                  {cohort.courseTitle} · {cohort.startsOn} → {cohort.endsOn}
                </p>
              </td>
              <td className="tabular-nums">{formatNumber(cohort.learners)}</td>
              <td className="whitespace-nowrap">
                <ProgressBar value={cohort.avgProgress} label={`Average progress of ${cohort.name}`} className="w-16" />
              </td>
              <td className="whitespace-nowrap tabular-nums">{m ? `${formatNumber(m.active7d)} of ${formatNumber(cohort.learners)}` : <Pending />}</td>
              <td className="whitespace-nowrap tabular-nums">{m ? (m.avgEngagement === null ? "—" : `${formatNumber(m.avgEngagement)} / 100`) : <Pending />}</td>
              <td>
                {atRisk === null ? (
                  <Pending />
                ) : atRisk > 0 ? (
                  <StatusPill tone={m!.atRiskHigh ? "danger" : "warning"} icon={AlertTriangle}>
                    {formatCount(atRisk, "learner")}
                  </StatusPill>
                ) : (
                  <span className="text-slate-600">None</span>
                )}
              </td>
              <td>
                {cohort.overdueLearners ? (
                  <StatusPill tone="danger" icon={AlarmClock}>{formatCount(cohort.overdueLearners, "learner")}</StatusPill>
                ) : (
                  <span className="text-slate-600">None</span>
                )}
              </td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}

function Pending() {
  return <span className="text-xs text-slate-600">Measured overnight</span>;
}
