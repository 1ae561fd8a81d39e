"use client";
import { changePlanAction, openPortalAction, startCheckoutAction } from "./actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { bindAction, useActionForm } from "@/components/use-action-form";
import type { BillingInterval } from "@/lib/validation/billing";

interface PlanFormProps {
  slug: string;
  planId: string;
  planName: string;
  /** subscribe: no live subscription (Checkout); change: update the current one. */
  mode: "subscribe" | "change";
  defaultSeats: number;
  defaultInterval: BillingInterval;
  minSeats: number;
  maxSeats: number | null;
  disabled: boolean;
  isCurrent: boolean;
}

export function PlanForm(props: PlanFormProps) {
  const action = props.mode === "subscribe" ? startCheckoutAction : changePlanAction;
  const { state, isPending: pending, form } = useActionForm(bindAction(action, props.slug));
  const label = props.mode === "subscribe" ? `Subscribe to ${props.planName}` : props.isCurrent ? "Update seats or billing" : `Switch to ${props.planName}`;
  return (
    <form {...form} className="mt-4 space-y-3" aria-label={`${props.planName} plan`}>
      <input type="hidden" name="planId" value={props.planId} />
      <div className="grid grid-cols-2 gap-2">
        <label className="block text-xs font-medium text-slate-600">
          Billing
          <select name="interval" defaultValue={props.defaultInterval} disabled={props.disabled} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            <option value="month">Monthly</option>
            <option value="year">Yearly</option>
          </select>
        </label>
        <label className="block text-xs font-medium text-slate-600">
          Seats
          <input
            name="seats"
            type="number"
            min={props.minSeats}
            max={props.maxSeats ?? undefined}
            defaultValue={props.defaultSeats}
            disabled={props.disabled}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          />
        </label>
      </div>
      <Button type="submit" className="w-full" disabled={props.disabled || pending}>
        {pending ? "Contacting Stripe…" : label}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}

export function PortalButton({ slug, disabled }: { slug: string; disabled: boolean }) {
  const { state, isPending: pending, form } = useActionForm(bindAction(openPortalAction, slug));
  return (
    <form {...form} className="space-y-2">
      <Button type="submit" variant="secondary" disabled={disabled || pending}>
        {pending ? "Opening…" : "Manage payment method, invoices or cancel"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
