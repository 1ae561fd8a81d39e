import Link from "next/link";
import { getOrgContext, withOrgDb } from "@/lib/tenancy/org-context";
import { getProfile } from "@/db/queries/profiles";
import { countMembersByRole } from "@/db/queries/members";
import { listInvitations } from "@/db/queries/invitations";
import { Card } from "@/components/ui/card";
import { ROLE_LABELS } from "@/lib/validation/tenancy";
import { myLearning } from "@/db/queries/progress";
import { listCohorts } from "@/db/queries/cohorts";
import { MyCourses } from "@/components/learning/my-courses";

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
      {context.role === "trainer" ? <TrainerHome context={context} /> : null}
      {context.role === "learner" ? <LearnerHome context={context} /> : null}
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

async function TrainerHome({ context }: { context: Awaited<ReturnType<typeof getOrgContext>> }) {
  const cohorts = await withOrgDb(context, (tx) => listCohorts(tx, context.organization.id));
  const slug = context.organization.slug;
  return (
    <Card title="Your cohorts" actions={<Link href={`/o/${slug}/cohorts`} className="text-sm font-medium text-brand-700 hover:underline">All cohorts</Link>}>
      {cohorts.length === 0 ? (
        <p className="text-sm text-slate-600">
          The cohorts you teach will be listed here with their learners&apos; progress. You are not teaching a cohort yet.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {cohorts.map((cohort) => (
            <li key={cohort.id} className="flex items-center justify-between py-2">
              <Link href={`/o/${slug}/cohorts/${cohort.id}`} className="font-medium text-brand-700 hover:underline">{cohort.name}</Link>
              <span className="text-slate-500">{cohort.courseTitle} · {cohort.learners} learners · {cohort.avgProgress} % average progress</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

async function LearnerHome({ context }: { context: Awaited<ReturnType<typeof getOrgContext>> }) {
  const enrollments = await withOrgDb(context, (tx) => myLearning(tx, { organizationId: context.organization.id, userId: context.claims.sub }));
  const slug = context.organization.slug;
  return (
    <Card title="Your learning" actions={<Link href={`/o/${slug}/learn`} className="text-sm font-medium text-brand-700 hover:underline">My learning</Link>}>
      <MyCourses slug={slug} enrollments={enrollments} />
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
