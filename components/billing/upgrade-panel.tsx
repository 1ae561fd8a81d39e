// Shown instead of a page whose feature the organization's plan does not
// include: what the feature is, which plan includes it, and where to upgrade.
import Link from "next/link";
import type { FeatureAccess } from "@/lib/tenancy/entitlements";

type Refused = Extract<FeatureAccess, { allowed: false }>;

export function UpgradePanel({ access, slug, canManageBilling }: { access: Refused; slug: string; canManageBilling: boolean }) {
  return (
    <section aria-label="Upgrade" className="rounded-lg border border-brand-200 bg-brand-50 p-5">
      <h2 className="text-base font-semibold text-slate-900">
        {access.includedIn ? `${access.featureName} is included in the ${access.includedIn.name} plan` : `${access.featureName} is not on sale`}
      </h2>
      <p className="mt-2 text-sm text-slate-700">
        Your organization is on the {access.currentPlanName} plan.{" "}
        {canManageBilling ? "Upgrade to use it; the change applies as soon as Stripe confirms it." : "Ask an org admin to upgrade the plan."}
      </p>
      <div className="mt-4 flex flex-wrap gap-3 text-sm">
        {canManageBilling ? (
          <Link href={`/o/${slug}/admin/billing`} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            {access.includedIn ? `Upgrade to ${access.includedIn.name}` : "Open billing"}
          </Link>
        ) : null}
        <Link href="/pricing" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50">
          Compare plans
        </Link>
      </div>
    </section>
  );
}
