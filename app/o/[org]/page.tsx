import { Suspense } from "react";
import { GraduationCap, MailPlus, ShieldCheck, UserRound, Users } from "lucide-react";
import { getOrgContext, withOrgDb, type OrgContext } from "@/lib/tenancy/org-context";
import { withServiceDb } from "@/db/rls";
import { getProfile, isReturningUser } from "@/db/queries/profiles";
import { countMembersByRole } from "@/db/queries/members";
import { listInvitations } from "@/db/queries/invitations";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/button";
import { Page, PageHeader } from "@/components/ui/page-header";
import { Stat, StatGrid } from "@/components/ui/stat";
import { ROLE_LABELS } from "@/lib/validation/tenancy";
import { myLearning } from "@/db/queries/progress";
import { TrainerHome, TrainerHomeSkeleton } from "@/components/trainer-dashboard/trainer-home";
import { MyCourses } from "@/components/learning/my-courses";
import { formatCount } from "@/lib/format";

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
      {context.role === "trainer" ? <Suspense fallback={<TrainerHomeSkeleton />}><TrainerHome context={context} /></Suspense> : null}
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
      <p className="mt-4 text-sm text-slate-600">
        Active users, engagement, mastery, skill demand, the KPI tree and cohorts side by side:{" "}
        <TextLink href={`/o/${context.organization.slug}/admin`}>open the full overview</TextLink>.
      </p>
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
