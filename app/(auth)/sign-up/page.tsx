import Link from "next/link";
import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

/** Invitation links, the only `next` sign-up honours: the invitation page has its own sign-up form, which joins. */
const INVITATION_PATH = /^\/invite\/[\w-]+$/;

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  // An invitee who went "Sign in" → "Create an account" would otherwise create an organization of their own.
  if (typeof next === "string" && INVITATION_PATH.test(next)) redirect(next);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your organization</h1>
      <p className="mb-6 text-sm text-slate-600">You will be its owner and can invite your team next.</p>
      <SignUpForm />
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-700 hover:underline">Sign in</Link>
      </p>
    </>
  );
}
