import Link from "next/link";
import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { getMyOrganizations } from "@/lib/tenancy/org-context";
import { ROLE_LABELS } from "@/lib/validation/tenancy";
import { shownError } from "@/lib/tenancy/sign-up";
import { CreateOrganizationForm } from "./create-organization-form";
import { signOutAction } from "@/app/(auth)/actions";

export const metadata: Metadata = { title: "Your organizations" };

// After sign-in: straight into the only organization, a choice when there are
// several, and a way to create one when there are none. `?error=` is why the
// organization of a new account could not be created at sign-up.
export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<{ choose?: string; error?: string | string[] }> }) {
  const organizations = await getMyOrganizations();
  const { choose, error: rawError } = await searchParams;
  const error = shownError(rawError);
  if (organizations.length === 1 && !choose && !error) redirect(`/o/${organizations[0].organization.slug}`);

  return (
    <main className="mx-auto max-w-lg px-4 py-16">
      <h1 className="mb-6 text-2xl font-semibold">Your organizations</h1>
      {error ? (
        <p role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          Your account is ready, but your organization was not created: {error}
        </p>
      ) : null}
      {organizations.length > 0 ? (
        <ul className="mb-10 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {organizations.map((membership) => (
            <li key={membership.organization.id}>
              <Link href={`/o/${membership.organization.slug}`} className="flex items-center justify-between px-4 py-3 hover:bg-slate-50">
                <span className="font-medium">{membership.organization.name}</span>
                <span className="text-sm text-slate-500">{ROLE_LABELS[membership.role]}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-6 text-slate-600">You are not a member of any organization yet. Accept an invitation link, or create one:</p>
      )}
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="mb-4 font-semibold">Create an organization</h2>
        <CreateOrganizationForm />
      </section>
      <Link href="/account" className="mt-6 block text-sm text-brand-700 hover:underline">Your account</Link>
      <form action={signOutAction} className="mt-2">
        <button type="submit" className="text-sm text-brand-700 hover:underline">Sign out</button>
      </form>
    </main>
  );
}
