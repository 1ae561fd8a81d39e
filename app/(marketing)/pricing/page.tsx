import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { withUserDb } from "@/db/rls";
import { plansForSaleWithFeatures } from "@/db/queries/entitlements";
import { formatMoney } from "@/components/billing/format";

export const metadata: Metadata = { title: "Pricing" };

// Plans and what each includes come from `plans` and `plan_entitlements`, read
// as the anonymous role (RLS shows visitors the plans on sale): the same rows
// every feature guard checks, so the page cannot sell what is not enforced.
export default async function PricingPage() {
  await connection(); // read at request time: prices change without a rebuild
  const plans = await withUserDb(null, (tx) => plansForSaleWithFeatures(tx));
  return (
    <main>
      <header className="mx-auto flex max-w-5xl items-center justify-between px-6 py-5">
        <Link href="/" className="text-lg font-bold text-brand-900">SenseiiWyze</Link>
        <nav className="flex items-center gap-4 text-sm">
          <Link href="/sign-in" className="text-slate-700 hover:text-slate-900">Sign in</Link>
          <Link href="/sign-up" className="rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
            Start free
          </Link>
        </nav>
      </header>
      <section className="mx-auto max-w-5xl px-6 pb-20 pt-10">
        <h1 className="text-4xl font-bold tracking-tight text-slate-900">Pricing</h1>
        <p className="mt-3 max-w-2xl text-lg text-slate-600">
          Start free with up to {plans.find((plan) => plan.id === "free")?.seatLimit ?? 10} members. Paid plans are per seat:
          every member of your organization is a seat, billed monthly or yearly through Stripe.
        </p>
        <div className="mt-10 grid gap-4 md:grid-cols-3">
          {plans.map((plan) => (
            <article key={plan.id} aria-label={`${plan.name} plan`} className="flex flex-col rounded-lg border border-slate-200 bg-white p-6">
              <h2 className="text-xl font-semibold text-slate-900">{plan.name}</h2>
              <p className="mt-1 text-sm text-slate-600">{plan.description}</p>
              <p className="mt-5">
                {plan.id === "free" ? (
                  <span className="text-3xl font-bold">Free</span>
                ) : (
                  <>
                    <span className="text-3xl font-bold">{formatMoney(plan.seatPriceMonthly, plan.currency)}</span>
                    <span className="text-sm text-slate-600"> per seat / month</span>
                    <span className="mt-1 block text-sm text-slate-500">
                      or {formatMoney(plan.seatPriceYearly, plan.currency)} per seat / year
                    </span>
                  </>
                )}
              </p>
              <p className="mt-2 text-sm text-slate-500">
                {plan.id === "free" ? `Up to ${plan.seatLimit} seats` : plan.seatLimit ? `Up to ${plan.seatLimit} seats` : "No seat limit"}
              </p>
              <ul className="mt-5 flex-1 space-y-2 text-sm text-slate-700">
                {plan.entitlements.map((feature) => (
                  <li key={feature.key} title={feature.description}>
                    ✓ {feature.name}
                    {feature.limitValue !== null ? ` (up to ${feature.limitValue})` : null}
                  </li>
                ))}
              </ul>
              <Link
                href="/sign-up"
                className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700"
              >
                {plan.id === "free" ? "Start free" : `Start with ${plan.name}`}
              </Link>
            </article>
          ))}
        </div>
        <p className="mt-6 text-sm text-slate-500">
          Org admins subscribe or change plans from their organization&apos;s Billing page, after signing up.
        </p>
      </section>
    </main>
  );
}
