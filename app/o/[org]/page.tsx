import { AlarmClock, GraduationCap, MailPlus, ShieldCheck, UserRound, Users } from "lucide-react";
import { getOrgContext, withOrgDb, type OrgContext } from "@/lib/tenancy/org-context";
import { withServiceDb } from "@/db/rls";
import { getProfile, isReturningUser } from "@/db/queries/profiles";
import { countMembersByRole } from "@/db/queries/members";
import { listInvitations } from "@/db/queries/invitations";
import { Card, StatusPill } from "@/components/ui/card";
import { TextLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Page, PageHeader } from "@/components/ui/page-header";
import { Stat, StatGrid } from "@/components/ui/stat";
import { Table, TableBody, TableHead } from "@/components/ui/table";
import { ROLE_LABELS } from "@/lib/validation/tenancy";
import { myLearning } from "@/db/queries/progress";
import { listCohorts } from "@/db/queries/cohorts";
import { MyCourses } from "@/components/learning/my-courses";
import { formatCount, formatPercent } from "@/lib/format";

// Each role lands on its own home: learners on their learning, trainers on
// their cohorts, org admins on the organization's overview.
export default async function OrgHomePage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await getOrgContext(org);
  const [profile, returning] = await Promise.all([
    withOrgDb(context, (tx) => getProfile(tx, context.claims.sub)),
    withServiceDb("auth.users is not readable by users: reads only the caller's own sign-in and creation times", (tx) => isReturningUser(tx, context.claims.sub)),
  ]);
  const firstName = profile?.fullName.split(" ")[0] || context.claims.email;

  return (
    <Page>
      <PageHeader eyebrow={`${context.organization.name} · ${ROLE_LABELS[context.role]}`} title={returning ? `Welcome back, ${firstName}` : `Welcome, ${firstName}`} />
      {context.role === "org_admin" ? <AdminHome context={context} /> : null}
      {context.role === "trainer" ? <TrainerHome context={context} /> : null}
      {context.role === "learner" ? <LearnerHome context={context} /> : null}
    </Page>
  );
}

async function AdminHome({ context }: { context: OrgContext }) {
  const [counts, invitations] = await withOrgDb(context, (tx) =>
    Promise.all([countMembersByRole(tx, context.organization.id), listInvitations(tx, context.organization.id)]),
  );
  const open = invitations.filter((invitation) => invitation.status === "open").length;
  const total = (counts.learner ?? 0) + (counts.trainer ?? 0) + (counts.org_admin ?? 0);
  return (
    <Card
      title="Organization overview"
      description={`${formatCount(total, "member")} in ${context.organization.name}.`}
      actions={<TextLink href={`/o/${context.organization.slug}/admin/members`}>Manage members</TextLink>}
    >
      <StatGrid columns={5}>
        <Stat label="Members" value={total} icon={Users} />
        <Stat label="Learners" value={counts.learner ?? 0} icon={GraduationCap} />
        <Stat label="Trainers" value={counts.trainer ?? 0} icon={UserRound} />
        <Stat label="Org admins" value={counts.org_admin ?? 0} icon={ShieldCheck} />
        <Stat label="Open invitations" value={open} icon={MailPlus} tone={open ? "info" : "neutral"} />
      </StatGrid>
      <p className="mt-4 text-sm text-slate-600">Dashboards for engagement, mastery and risk arrive with the analytics core.</p>
    </Card>
  );
}

async function TrainerHome({ context }: { context: OrgContext }) {
  const cohorts = await withOrgDb(context, (tx) => listCohorts(tx, context.organization.id));
  const slug = context.organization.slug;
  return (
    <Card title="Your cohorts" actions={<TextLink href={`/o/${slug}/cohorts`}>All cohorts</TextLink>}>
      {cohorts.length === 0 ? (
        <EmptyState icon={Users} action={{ href: `/o/${slug}/cohorts`, label: "Open cohorts" }}>
          You are not teaching a cohort yet: the cohorts you teach will be listed here with their learners&apos; progress.
        </EmptyState>
      ) : (
        <Table label="Your cohorts">
          <TableHead>
            <th>Cohort</th>
            <th>Course</th>
            <th>Learners</th>
            <th>Average progress</th>
            <th>Overdue</th>
          </TableHead>
          <TableBody>
            {cohorts.map((cohort) => (
              <tr key={cohort.id}>
                <td><TextLink href={`/o/${slug}/cohorts/${cohort.id}`}>{cohort.name}</TextLink></td>
                <td>{cohort.courseTitle}</td>
                <td className="tabular-nums">{formatCount(cohort.learners, "learner")}</td>
                <td className="tabular-nums">{formatPercent(cohort.avgProgress)}</td>
                <td>
                  {cohort.overdueLearners ? (
                    <StatusPill tone="danger" icon={AlarmClock}>{formatCount(cohort.overdueLearners, "learner")} overdue</StatusPill>
                  ) : (
                    <span className="text-slate-600">None</span>
                  )}
                </td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

async function LearnerHome({ context }: { context: OrgContext }) {
  const enrollments = await withOrgDb(context, (tx) => myLearning(tx, { organizationId: context.organization.id, userId: context.claims.sub }));
  const slug = context.organization.slug;
  return (
    <Card title="Your learning" actions={<TextLink href={`/o/${slug}/learn`}>My learning</TextLink>}>
      <MyCourses slug={slug} enrollments={enrollments} />
    </Card>
  );
}
