import type { Metadata } from "next";
import { requirePermission, withOrgDb } from "@/lib/tenancy/org-context";
import { currentSubscription, listOrders, listPlansForSale, seatUsage, type CurrentSubscription } from "@/db/queries/billing";
import type { Plan } from "@/db/schema/billing";
import { billingConfig, type BillingConfig } from "@/lib/stripe/client";
import { HANDLED_EVENT_TYPES } from "@/lib/stripe/webhook-handlers";
import { Badge, Card } from "@/components/ui/card";
import { formatDate, formatMoney, ORDER_STATUS_LABELS, SUBSCRIPTION_STATUS_LABELS } from "@/components/billing/format";
import { PlanForm, PortalButton } from "./billing-forms";
import { Table } from "@/components/ui/table";
import { Page, PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ checkout?: string }>;
}) {
  const { org } = await params;
  const { checkout } = await searchParams;
  const context = await requirePermission(org, "billing.manage");
  const organizationId = context.organization.id;
  const [plans, subscription, usage, orders] = await withOrgDb(context, (tx) =>
    Promise.all([listPlansForSale(tx), currentSubscription(tx, organizationId), seatUsage(tx, organizationId), listOrders(tx, organizationId)]),
  );
  const config = billingConfig();
  const live = subscription?.grantsSeats ? subscription : null;
  const freePlan = plans.find((plan) => plan.id === "free");
  const used = usage?.used ?? 0;
  const limit = usage?.limit ?? 0;

  return (
    <Page>
      <PageHeader
        title={<>Billing {config.configured && config.testMode ? <Badge tone="warning">Stripe test mode</Badge> : null}</>}
        description={`Plan, seats and payments of ${context.organization.name}`}
      />

      {checkout === "success" ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Thank you! Your subscription appears here as soon as Stripe confirms the payment, usually within seconds.
        </p>
      ) : null}
      {checkout === "canceled" ? (
        <p role="status" className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700">
          Checkout was canceled; nothing was charged.
        </p>
      ) : null}
      {config.configured ? null : <NotConfigured config={config} />}

      <Card title="Current plan" actions={<PortalButton slug={org} disabled={!config.configured || !subscription} />}>
        <CurrentPlan subscription={subscription} live={live} freePlan={freePlan} used={used} limit={limit} />
      </Card>

      <Card title="Plans">
        <div className="grid gap-4 md:grid-cols-3">
          {plans.map((plan) => (
            <PlanCard
              key={plan.id}
              slug={org}
              plan={plan}
              live={live}
              usedSeats={used}
              disabled={!config.configured}
            />
          ))}
        </div>
        <p className="mt-4 text-xs text-slate-600">
          Prices are per seat; every member counts as a seat, whatever their role. Payment and plan changes happen on
          Stripe&apos;s pages; Stripe prorates changes to a running subscription.
        </p>
      </Card>

      <Card title="Orders and invoices">
        {orders.length === 0 ? (
          <p className="text-sm text-slate-600">No orders or invoices yet.</p>
        ) : (
          <Table label="Orders and invoices">
            <thead className="border-y border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600">
              <tr><th className="py-2">Date</th><th>Description</th><th>Status</th><th className="text-right">Amount</th><th className="sr-only">Invoice</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {orders.map((order) => (
                <tr key={order.id}>
                  <td className="whitespace-nowrap py-2 text-slate-600">{formatDate(order.stripeCreatedAt)}</td>
                  <td>
                    {order.kind === "invoice" ? `Invoice ${order.invoiceNumber ?? ""}`.trim() : "Checkout"}
                    <span className="block text-xs text-slate-600">
                      {order.items.map((item) => item.description).filter(Boolean).join("; ") || order.planName || ""}
                    </span>
                  </td>
                  <td>
                    <Badge tone={order.status === "paid" ? "green" : order.status === "failed" ? "red" : "amber"}>
                      {ORDER_STATUS_LABELS[order.status]}
                    </Badge>
                  </td>
                  <td className="text-right tabular-nums">{formatMoney(order.amountTotal, order.currency)}</td>
                  <td className="text-right">
                    {order.hostedInvoiceUrl ? (
                      <a href={order.hostedInvoiceUrl} className="text-brand-700 hover:underline" target="_blank" rel="noreferrer">
                        View
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </Page>
  );
}

function NotConfigured({ config }: { config: BillingConfig }) {
  return (
    <section role="note" aria-label="Billing is not configured" className="rounded-lg border border-amber-200 bg-amber-50 p-5 text-sm text-amber-900">
      <h2 className="text-base font-semibold">Billing is not configured</h2>
      <p className="mt-1">
        Stripe is off in this installation, so plans can be seen but not bought or changed. To turn it on:
      </p>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        <li>
          Set <code>STRIPE_SECRET_KEY</code> (a test key, <code>sk_test_…</code>, while trying it out) and{" "}
          <code>STRIPE_WEBHOOK_SECRET</code> in <code>.env.local</code> or the deployment&apos;s environment
          {config.missing.length ? (
            <>
              {" "}(missing now:{" "}
              {config.missing.map((name, index) => (
                <span key={name}>{index ? ", " : ""}<code>{name}</code></span>
              ))}
              )
            </>
          ) : null}
          .
        </li>
        <li>
          Point a Stripe webhook endpoint at <code>/api/stripe/webhook</code> with the events{" "}
          {HANDLED_EVENT_TYPES.map((type, index) => (
            <span key={type}>{index ? ", " : ""}<code>{type}</code></span>
          ))}
          ; locally, <code>stripe listen --forward-to localhost:3000/api/stripe/webhook</code> prints the secret.
        </li>
        <li>
          Create a monthly and a yearly per-seat price for each paid plan in Stripe and store their ids in{" "}
          <code>plans.stripe_monthly_price_id</code> and <code>plans.stripe_yearly_price_id</code>. The README&apos;s
          &quot;Billing with Stripe&quot; section has the details.
        </li>
      </ol>
    </section>
  );
}

function CurrentPlan({
  subscription,
  live,
  freePlan,
  used,
  limit,
}: {
  subscription: CurrentSubscription | null;
  live: CurrentSubscription | null;
  freePlan: Plan | undefined;
  used: number;
  limit: number;
}) {
  const planName = live ? (live.plan?.name ?? "Custom plan") : (freePlan?.name ?? "Free");
  const full = used >= limit;
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-600">Plan</dt>
          <dd className="text-lg font-semibold" data-testid="current-plan">{planName}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-600">Status</dt>
          <dd className="mt-1">
            {live ? (
              <Badge tone={live.status === "past_due" ? "red" : "green"}>{SUBSCRIPTION_STATUS_LABELS[live.status]}</Badge>
            ) : (
              <Badge>Free tier</Badge>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-600">Seats</dt>
          <dd className="text-lg font-semibold" data-testid="seat-usage">
            {used} of {limit} <span className="text-sm font-normal text-slate-600">seats used</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-600">
            {live?.cancelAtPeriodEnd ? "Cancels on" : live ? "Renews on" : "Renewal"}
          </dt>
          <dd className="text-lg font-semibold">{live ? formatDate(live.cancelAt ?? live.currentPeriodEnd) : "—"}</dd>
        </div>
      </dl>
      {live?.status === "past_due" ? (
        <p className="text-sm text-red-700">
          The last payment failed and Stripe is retrying. Update the payment method in the Customer Portal to keep your seats.
        </p>
      ) : null}
      {live?.cancelAtPeriodEnd ? (
        <p className="text-sm text-slate-600">
          The subscription ends on {formatDate(live.cancelAt ?? live.currentPeriodEnd)}; the organization then moves to the
          Free plan ({freePlan?.seatLimit ?? 0} seats). No data is deleted.
        </p>
      ) : null}
      {!live && subscription && subscription.status !== "incomplete" ? (
        <p className="text-sm text-slate-600">
          The {subscription.plan?.name ?? ""} subscription ended{subscription.endedAt ? ` on ${formatDate(subscription.endedAt)}` : ""};
          your organization is on the Free plan. No data was deleted.
        </p>
      ) : null}
      {full ? (
        <p className="text-sm text-amber-800">
          Every seat is used: invitations cannot be accepted until you add seats or remove a member.
        </p>
      ) : null}
    </div>
  );
}

function PlanCard({
  slug,
  plan,
  live,
  usedSeats,
  disabled,
}: {
  slug: string;
  plan: Plan;
  live: CurrentSubscription | null;
  usedSeats: number;
  disabled: boolean;
}) {
  const isCurrent = live ? live.planId === plan.id : plan.id === "free";
  const free = plan.id === "free";
  return (
    <div className={`rounded-lg border p-4 ${isCurrent ? "border-brand-600 ring-1 ring-brand-600" : "border-slate-200"}`} data-testid={`plan-${plan.id}`}>
      <div className="flex items-center justify-between">
        <h3 className="font-semibold">{plan.name}</h3>
        {isCurrent ? <Badge tone="brand">Current</Badge> : null}
      </div>
      <p className="mt-1 text-sm text-slate-600">{plan.description}</p>
      <p className="mt-3 text-sm">
        {free ? (
          <span className="text-lg font-semibold">Free</span>
        ) : (
          <>
            <span className="text-lg font-semibold">{formatMoney(plan.seatPriceMonthly, plan.currency)}</span> per seat / month
            <span className="block text-xs text-slate-600">or {formatMoney(plan.seatPriceYearly, plan.currency)} per seat / year</span>
          </>
        )}
      </p>
      <ul className="mt-3 space-y-1 text-sm text-slate-700">
        {plan.features.map((feature) => <li key={feature}>✓ {feature}</li>)}
      </ul>
      {free ? null : (
        <PlanForm
          slug={slug}
          planId={plan.id}
          planName={plan.name}
          mode={live ? "change" : "subscribe"}
          defaultSeats={Math.max(usedSeats, live?.quantity ?? 0, 1)}
          defaultInterval={live?.billingInterval ?? "month"}
          minSeats={Math.max(usedSeats, 1)}
          maxSeats={plan.seatLimit}
          disabled={disabled}
          isCurrent={isCurrent}
        />
      )}
    </div>
  );
}
