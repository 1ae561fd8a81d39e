import Link from "next/link";
import type { Metadata } from "next";
import { requireSession } from "@/lib/auth";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { signOutAction } from "@/app/(auth)/actions";
import { signOutEverywhereAction } from "./actions";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Your account" };

// The signed-in person's own account, whatever organization they came from.
export default async function AccountPage() {
  const claims = await requireSession("/account");
  return (
    <main id="main" className="mx-auto max-w-lg space-y-6 px-4 py-16">
      <div>
        <Link href="/o?choose=1" className="text-sm text-brand-700 hover:underline">← Your organizations</Link>
        <h1 className="mt-2 text-2xl font-semibold">Your account</h1>
        <p className="text-sm text-slate-600">Signed in as {claims.email}</p>
      </div>
      <Card title="Change password">
        <ChangePasswordForm />
      </Card>
      <Card title="Sessions">
        <p className="mb-4 text-sm text-slate-600">
          Signing out everywhere ends every session of your account, on this device and all others (a browser left signed in, a copied cookie).
        </p>
        <div className="flex flex-wrap gap-3">
          <form action={signOutEverywhereAction}>
            <Button type="submit" variant="danger">Sign out everywhere</Button>
          </form>
          <form action={signOutAction}>
            <Button type="submit" variant="secondary">Sign out</Button>
          </form>
        </div>
      </Card>
    </main>
  );
}
