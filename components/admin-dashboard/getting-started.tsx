// What a new organization sees instead of empty charts: the two ways data
// gets in (learners doing courses here, or a tool posting events with an API key).
import { KeyRound, UserPlus } from "lucide-react";
import { Card } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";

export function GettingStarted({ slug }: { slug: string }) {
  return (
    <Card title="No learning activity yet" description="This overview fills in once learners start learning; the first numbers appear after the next analytics run (hourly).">
      <ol className="grid gap-4 md:grid-cols-2">
        <li className="rounded-md border border-slate-200 p-4">
          <p className="flex items-center gap-2 font-medium text-slate-900">
            <UserPlus aria-hidden className="size-4 text-brand-700" /> Invite your learners
          </p>
          <p className="mt-1 text-sm text-slate-600">Invite people, put them in a cohort of a published course, and their lessons and assessments show up here.</p>
          <ButtonLink href={`/o/${slug}/admin/members`} className="mt-3">Invite learners</ButtonLink>
        </li>
        <li className="rounded-md border border-slate-200 p-4">
          <p className="flex items-center gap-2 font-medium text-slate-900">
            <KeyRound aria-hidden className="size-4 text-brand-700" /> Connect a learning tool
          </p>
          <p className="mt-1 text-sm text-slate-600">Create an API key and send events from your LMS or app to POST /api/v1/events.</p>
          <ButtonLink href={`/o/${slug}/admin/api-keys`} variant="secondary" className="mt-3">Create an API key</ButtonLink>
        </li>
      </ol>
    </Card>
  );
}
