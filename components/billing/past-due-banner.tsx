// Shown to members who manage billing, on every page of the organization,
// while Stripe retries a failed payment (subscription status past_due; the
// layout reads it with the rest of the app shell).
import Link from "next/link";

export function PastDueBanner({ slug }: { slug: string }) {
  return (
    <div role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <strong>Payment failed.</strong> Stripe could not charge your payment method and will retry; update it to keep your
      seats.{" "}
      <Link href={`/o/${slug}/admin/billing`} className="font-medium underline">
        Open billing
      </Link>
    </div>
  );
}
