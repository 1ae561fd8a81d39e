import Link from "next/link";
import { getOrgContext, withOrgDb } from "@/lib/tenancy/org-context";
import { getProfile } from "@/db/queries/profiles";
import { countMembersByRole } from "@/db/queries/members";
import { listInvitations } from "@/db/queries/invitations";
import { Card } from "@/components/ui/card";
import { ROLE_LABELS } from "@/lib/validation/tenancy";

// Each role lands on its own home: learners on their learning, trainers on
// their cohorts, org admins on the organization's overview.
export default async function OrgHomePage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const context = await getOrgContext(org);
  const profile = await withOrgDb(context, (tx) => getProfile(tx, context.claims.sub));
  const firstName = profile?.fullName.split(" ")[0] || context.claims.email;

  return (
    <div className="max-w-4xl space-y-6">
      <header>
        <p className="text-sm text-slate-500">{context.organization.name} · {ROLE_LABELS[context.role]}</p>
        <h1 className="text-2xl font-semibold">Welcome back, {firstName}</h1>
      </header>
      {context.role === "org_admin" ? <AdminHome context={context} /> : null}
      {context.role === "trainer" ? <TrainerHome /> : null}
      {context.role === "learner" ? <LearnerHome /> : null}
    </div>
  );
}

async function AdminHome({ context }: { context: Awaited<ReturnType<typeof getOrgContext>> }) {
  const [counts, invitations] = await withOrgDb(context, (tx) =>
    Promise.all([countMembersByRole(tx, context.organization.id), listInvitations(tx, context.organization.id)]),
  );
  const open = invitations.filter((invitation) => invitation.status === "open").length;
  const total = (counts.learner ?? 0) + (counts.trainer ?? 0) + (counts.org_admin ?? 0);
  return (
    <Card title="Organization overview" actions={<Link href={`/o/${context.organization.slug}/admin/members`} className="text-sm font-medium text-brand-700 hover:underline">Manage members</Link>}>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
        <Stat label="Members" value={total} />
        <Stat label="Learners" value={counts.learner ?? 0} />
        <Stat label="Trainers" value={counts.trainer ?? 0} />
        <Stat label="Org admins" value={counts.org_admin ?? 0} />
        <Stat label="Open invitations" value={open} />
      </dl>
      <p className="mt-4 text-sm text-slate-500">Dashboards for engagement, mastery and risk arrive with the analytics core.</p>
    </Card>
  );
}

function TrainerHome() {
  return (
    <Card title="Your cohorts">
      <p className="text-sm text-slate-600">
        The cohorts you teach will be listed here with their learners&apos; progress, engagement and at-risk learners.
        You are not teaching a cohort yet.
      </p>
    </Card>
  );
}

function LearnerHome() {
  return (
    <Card title="Your learning">
      <p className="text-sm text-slate-600">
        Courses you are enrolled in will appear here with your progress and the next lesson to take. Nothing is
        assigned to you yet.
      </p>
    </Card>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-2xl font-semibold">{value}</dd>
    </div>
  );
}
