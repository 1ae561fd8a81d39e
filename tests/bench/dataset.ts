// The benchmark data set: `orgs` organizations, each with one org admin
// (owner), trainers (one per 50 learners, at least 2), `learners` learners,
// a few pending invitations, a paid subscription with enough seats, and the
// learning content, cohorts and `days` of activity that lib/demo/generator.ts
// produces from the organization's seed — written by db/seed-learning.ts, the
// code that seeds the demo organizations, raw events included (by COPY into
// raw_event_keys and raw_events), plus an API key per organization.
// People ids come from the same seeded PRNG, so a seed fixes the data set
// (timestamps are relative to the run's start).
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database, Tx } from "@/db/client";
import { withServiceDb, type SessionClaims } from "@/db/rls";
import { authUsers, invitations, memberships, organizations, subscriptions } from "@/db/schema";
import { retentionClassAtLeast } from "@/db/queries/raw-events";
import { seedDemoLearning } from "@/db/seed-learning";
import { createRandom, deriveSeed } from "@/lib/demo/prng";
import type { BenchOptions } from "./options";
import { formatInt, formatMs, now } from "./stats";

export interface BenchOrg {
  index: number;
  id: string;
  slug: string;
  apiKey: string;
  admin: SessionClaims;
  trainers: SessionClaims[];
  learners: SessionClaims[];
}

export interface Dataset {
  orgs: BenchOrg[];
  endAt: Date;
  loadMs: number;
  counts: Record<string, number>;
}

const ROWS_PER_INSERT = 1_000;
const PENDING_INVITATIONS = 10;
/** Nobody signs in during the benchmark; every account gets this one precomputed bcrypt hash. */
const BENCH_PASSWORD = "bench-password-not-a-secret";

/** The organizations' raw retention: the shortest class (db/queries/raw-events.ts) that keeps the generated history. */
export const benchRetentionDays = (options: Pick<BenchOptions, "days">) => retentionClassAtLeast(options.days);

export function peopleOf(options: Pick<BenchOptions, "learners">) {
  const trainers = Math.max(2, Math.ceil(options.learners / 50));
  const cohorts = Math.max(3, Math.round(options.learners / 40));
  return { trainers, cohorts, courses: Math.min(8, cohorts) };
}

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insert(rows.slice(i, i + ROWS_PER_INSERT));
}

async function loadOrg(tx: Tx, options: BenchOptions, index: number, passwordHash: string, endAt: Date): Promise<{ org: BenchOrg; events: number }> {
  const seed = options.seed + index;
  const rng = createRandom(deriveSeed(seed, "bench-people"));
  const slug = `bench-${String(index + 1).padStart(3, "0")}`;
  const { trainers: trainerCount, cohorts, courses } = peopleOf(options);
  const person = (label: string, n: number) => ({ sub: rng.uuid(), email: `${label}${String(n).padStart(4, "0")}@${slug}.test`, fullName: `${label[0].toUpperCase()}${label.slice(1)} ${n} of ${slug}` });
  const admin = person("admin", 1);
  const trainers = Array.from({ length: trainerCount }, (_, i) => person("trainer", i + 1));
  const learners = Array.from({ length: options.learners }, (_, i) => person("learner", i + 1));
  const everyone = [admin, ...trainers, ...learners];

  await insertChunked(everyone, (chunk) =>
    tx.insert(authUsers).values(
      chunk.map((user) => ({
        id: user.sub,
        email: user.email,
        encryptedPassword: passwordHash,
        aud: "authenticated",
        role: "authenticated",
        emailConfirmedAt: endAt,
        rawAppMetaData: { provider: "email", providers: ["email"] },
        rawUserMetaData: { full_name: user.fullName },
      })),
    ),
  );
  const [row] = await tx.insert(organizations).values({ name: `Bench Org ${index + 1}`, slug, createdBy: admin.sub }).returning({ id: organizations.id });
  const organizationId = row.id;
  // Seats are enforced on every membership insert: a subscription with room for everyone comes first.
  const day = 86_400_000;
  await tx.insert(subscriptions).values({
    organizationId,
    stripeSubscriptionId: `sub_bench_${index + 1}`,
    stripeCustomerId: `cus_bench_${index + 1}`,
    planId: "business",
    status: "active",
    quantity: everyone.length + 10,
    billingInterval: "month",
    currentPeriodStart: new Date(endAt.getTime() - 10 * day),
    currentPeriodEnd: new Date(endAt.getTime() + 20 * day),
    lastEventAt: new Date(endAt.getTime() - 10 * day),
  });
  await insertChunked(
    everyone.map((user, i) => ({ organizationId, userId: user.sub, role: i === 0 ? "org_admin" : i <= trainerCount ? "trainer" : "learner", isOwner: i === 0 })),
    (chunk) => tx.insert(memberships).values(chunk),
  );
  await tx.insert(invitations).values(
    Array.from({ length: PENDING_INVITATIONS }, (_, i) => ({
      organizationId,
      email: `invitee${i + 1}@${slug}.test`,
      role: "learner",
      tokenHash: createHash("sha256").update(`${slug}:${i}:${rng.uuid()}`).digest("hex"),
      invitedBy: admin.sub,
      expiresAt: new Date(endAt.getTime() + 7 * day),
    })),
  );
  const apiKey = `sw_bench_${slug}_${rng.uuid().replace(/-/g, "")}`;
  const result = await seedDemoLearning(
    tx,
    { organizationId, authorId: admin.sub, trainerIds: trainers.map((t) => t.sub), learnerIds: learners.map((l) => l.sub) },
    // The shortest retention class covering the history, so every generated event is still ingestible.
    { seed, size: { courses, draftCourses: 1, cohorts, days: options.days }, rawRetentionDays: benchRetentionDays(options), apiKey },
    endAt,
  );
  const claims = ({ sub, email }: SessionClaims) => ({ sub, email });
  return { org: { index, id: organizationId, slug, apiKey, admin: claims(admin), trainers: trainers.map(claims), learners: learners.map(claims) }, events: result.events };
}

/** Organizations loaded at the same time: Postgres does most of the work, one connection per core. */
const LOAD_WORKERS = 2;

export async function loadDataset(db: Database, options: BenchOptions, log: (message: string) => void): Promise<Dataset> {
  const endAt = new Date();
  const started = now();
  const [{ hash }] = await db.execute<{ hash: string }>(sql`select extensions.crypt(${BENCH_PASSWORD}, extensions.gen_salt('bf', 10)) as hash`);
  // Every day partition of the history up front, in one transaction: organizations load concurrently,
  // and two transactions creating the same partition would collide.
  const firstDay = new Date(endAt.getTime() - (options.days + 1) * 86_400_000).toISOString().slice(0, 10);
  // Up to 7 days ahead, as the partitions job does, so no organization's transaction creates any.
  const lastDay = new Date(endAt.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  await db.execute(sql`select private.create_raw_event_partitions(${benchRetentionDays(options)}::integer, ${firstDay}::date, ${lastDay}::date)`);
  const orgs = new Array<BenchOrg>(options.orgs);
  let events = 0;
  let loaded = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(LOAD_WORKERS, options.orgs) }, async () => {
      for (let index = next++; index < options.orgs; index = next++) {
        const orgStarted = now();
        const result = await withServiceDb("benchmark data set (seeding)", async (tx) => {
          await tx.execute(sql`select set_config('request.headers', '{"user-agent":"bench"}', true)`);
          return loadOrg(tx, options, index, hash, endAt);
        }, db);
        orgs[index] = result.org;
        events += result.events;
        loaded += 1;
        if (loaded === 1 || loaded === options.orgs || loaded % 10 === 0) {
          log(`${loaded}/${options.orgs} orgs loaded (last: ${formatInt(result.events)} events in ${formatMs(now() - orgStarted)}; ${formatInt(events)} events so far)`);
        }
      }
    }),
  );
  log("vacuum analyze");
  await db.execute(sql`vacuum (analyze)`);
  const loadMs = now() - started;
  const [counts] = await db.execute<Record<string, number>>(sql`select
    (select count(*) from public.organizations)::int as organizations,
    (select count(*) from public.memberships where role = 'learner')::int as learners,
    (select count(*) from public.memberships where role = 'trainer')::int as trainers,
    (select count(*) from public.cohorts)::int as cohorts,
    (select count(*) from public.enrollments)::int as enrollments,
    (select count(*) from public.lesson_progress)::int as lesson_progress,
    (select count(*) from public.assessment_attempts)::int as attempts,
    (select count(*) from public.audit_logs)::int as audit_logs,
    (select count(*) from public.raw_events)::int as raw_events,
    (select count(*) from pg_inherits d join pg_inherits c on c.inhrelid = d.inhparent
     where c.inhparent = 'public.raw_events'::regclass)::int as raw_event_partitions,
    (pg_database_size(current_database()) / 1048576)::int as database_mb`);
  return { orgs, endAt, loadMs, counts };
}
