// Shown to members who manage billing, on every page of the organization,
// while Stripe retries a failed payment (subscription status past_due).
import Link from "next/link";
import { withOrgDb, can, type OrgContext } from "@/lib/tenancy/org-context";
import { currentSubscription } from "@/db/queries/billing";

export async function PastDueBanner({ context }: { context: OrgContext }) {
  if (!can(context, "billing.manage")) return null;
  const subscription = await withOrgDb(context, (tx) => currentSubscription(tx, context.organization.id));
  if (subscription?.status !== "past_due") return null;
  return (
    <div role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <strong>Payment failed.</strong> Stripe could not charge your payment method and will retry; update it to keep your
      seats.{" "}
      <Link href={`/o/${context.organization.slug}/admin/billing`} className="font-medium underline">
        Open billing
      </Link>
    </div>
  );
}
