import Link from "next/link";
import { getSessionClaims } from "@/lib/auth";

const FEATURES = [
  { title: "Courses & cohorts", body: "Author courses with lessons and assessments, run them as cohorts with their own trainers and dates." },
  { title: "Assessments that teach", body: "Scores from 0 to 100 with a 0–5 bracket, feedback and recommendations for what to learn next." },
  { title: "Analytics in Postgres", body: "Every learning event lands in one stream and becomes dashboards for learners, trainers and admins." },
  { title: "Built for organizations", body: "Seats, roles and invitations per organization, with tenant isolation enforced by the database." },
];

export default async function LandingPage() {
  const signedIn = Boolean(await getSessionClaims());
  return (
    <main>
      <header className="mx-auto flex max-w-5xl items-center justify-between px-6 py-5">
        <span className="text-lg font-bold text-brand-900">SenseiiWyze</span>
        <nav className="flex items-center gap-4 text-sm">
          <Link href="/pricing" className="text-slate-700 hover:text-slate-900">Pricing</Link>
          {signedIn ? (
            <Link href="/o" className="rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
              Open your workspace
            </Link>
          ) : (
            <>
              <Link href="/sign-in" className="text-slate-700 hover:text-slate-900">Sign in</Link>
              <Link href="/sign-up" className="rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
                Start free
              </Link>
            </>
          )}
        </nav>
      </header>
      <section className="mx-auto max-w-5xl px-6 pb-12 pt-16">
        <h1 className="max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
          Turn employee learning into measurable growth.
        </h1>
        <p className="mt-5 max-w-2xl text-lg text-slate-600">
          SenseiiWyze is the learning &amp; development platform for organizations: learners take courses and
          assessments, trainers follow their cohorts, and admins see skills, engagement and risk across the
          organization.
        </p>
        <div className="mt-8 flex gap-3">
          <Link href="/sign-up" className="rounded-md bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700">
            Create your organization
          </Link>
          <Link href="/sign-in" className="rounded-md border border-slate-300 bg-white px-4 py-2.5 font-medium text-slate-800 hover:bg-slate-100">
            Sign in
          </Link>
        </div>
      </section>
      <section className="mx-auto grid max-w-5xl gap-4 px-6 pb-20 sm:grid-cols-2">
        {FEATURES.map((feature) => (
          <div key={feature.title} className="rounded-lg border border-slate-200 bg-white p-5">
            <h2 className="font-semibold text-slate-900">{feature.title}</h2>
            <p className="mt-2 text-sm text-slate-600">{feature.body}</p>
          </div>
        ))}
      </section>
    </main>
  );
}
