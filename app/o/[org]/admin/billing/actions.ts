"use server";
// Billing for holders of `billing.manage`: subscribe through Stripe Checkout,
// change the current subscription, open the Customer Portal. Stripe's
// webhooks then update what the billing page shows.
import { redirect } from "next/navigation";
import { z } from "zod";
import { orgAction } from "@/lib/actions";
import { changeSubscription, openCustomerPortal, startCheckout } from "@/lib/stripe/checkout";
import { planSelectionSchema } from "@/lib/validation/billing";
import { appUrl } from "@/lib/app-url";

/** Where Stripe sends the admin back. */
const billingPageUrl = (slug: string) => appUrl(`/o/${slug}/admin/billing`);

export const startCheckoutAction = orgAction(planSelectionSchema, "billing.manage", async (context, input) => {
  const billingUrl = await billingPageUrl(context.organization.slug);
  const { url } = await startCheckout(context.claims, {
    ...input,
    organizationId: context.organization.id,
    email: context.claims.email,
    successUrl: `${billingUrl}?checkout=success`,
    cancelUrl: `${billingUrl}?checkout=canceled`,
  });
  redirect(url);
});

export const changePlanAction = orgAction(planSelectionSchema, "billing.manage", async (context, input) => {
  await changeSubscription(context.claims, { ...input, organizationId: context.organization.id });
  return { ok: true, message: "Stripe is updating your subscription; this page shows the change as soon as Stripe confirms it." };
});

export const openPortalAction = orgAction(z.object({}), "billing.manage", async (context) => {
  const { url } = await openCustomerPortal(context.claims, {
    organizationId: context.organization.id,
    returnUrl: await billingPageUrl(context.organization.slug),
  });
  redirect(url);
});
