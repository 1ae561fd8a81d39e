// Demo data: two organizations with their own users, so isolation is visible.
// Runs once (skipped when the demo organization exists). Every demo account
// uses DEMO_PASSWORD; these are demo credentials, listed in the README.
// Reproducible: user ids come from the seeded PRNG (by email), the learning
// data from each organization's seed; only times move with the clock (the
// history ends at the moment of seeding).
import { eq, sql } from "drizzle-orm";
import type { Database, Tx } from "./client";
import { authUsers, billingCustomers, memberships, orderItems, orders, organizations, subscriptionItems, subscriptions } from "./schema";
import type { MemberRole } from "@/lib/validation/tenancy";
import { seedDemoLearning, type DemoLearning } from "./seed-learning";
import { DEMO_SIZE, SMALL_SIZE } from "@/lib/demo/generator";
import { createRandom, deriveSeed } from "@/lib/demo/prng";

export const DEMO_PASSWORD = "demo-password";
/** Acme's event-ingestion API key: demo data only, printed in the README. */
export const DEMO_API_KEY = "sw_demo_acme_public_demo_key_not_a_secret";

interface DemoUser {
  email: string;
  fullName: string;
  role: MemberRole;
  owner?: boolean;
}

interface DemoOrg {
  name: string;
  slug: string;
  users: DemoUser[];
  /** A demo subscription (clearly fake Stripe ids); without one the organization is on the free tier. */
  subscription?: { planId: string; seats: number; seatPrice: number; suffix: string };
  /** Generated courses, cohorts and activity history (lib/demo/generator.ts). */
  learning?: DemoLearning;
}

const FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
  "Kemi", "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara"];
const LAST_NAMES = ["Lovelace", "Okafor", "Martin", "Patel", "Rossi", "Haddad", "Hopper", "Tanaka", "Silva", "Berg",
  "Adeyemi", "Murphy", "Cohen", "Schmidt", "Ivanova", "Garcia", "Byrne", "Costa", "Nieminen", "Singh"];

/** Acme's learners: learner01…learner20 (the first demo accounts), then learner021…learner150. */
export const ACME_LEARNERS = 150;

/** Learner `i` (from 0): a unique name for up to 400 learners (last name shifted by 7 per round of first names). */
function acmeLearner(i: number): DemoUser {
  const number = String(i + 1).padStart(i < 20 ? 2 : 3, "0");
  return { email: `learner${number}@acme.test`, fullName: `${FIRST_NAMES[i % 20]} ${LAST_NAMES[(i + 7 * Math.floor(i / 20)) % 20]}`, role: "learner" };
}

export const DEMO_ORGS: DemoOrg[] = [
  {
    name: "Acme Learning",
    slug: "acme",
    // 153 members: Acme pays for 200 seats, on Business, whose entitlements
    // include the API keys (the demo key below) and the audit log; Globex
    // stays on Free and sees what to upgrade.
    subscription: { planId: "business", seats: 200, seatPrice: 1400, suffix: "acme" },
    // 200 days of history (≥ 6 months of activity), kept inside a one-year raw retention window.
    learning: { seed: 20261122, size: DEMO_SIZE, rawRetentionDays: 365, apiKey: DEMO_API_KEY },
    users: [
      { email: "admin@acme.test", fullName: "Alice Admin", role: "org_admin", owner: true },
      { email: "trainer1@acme.test", fullName: "Tom Trainer", role: "trainer" },
      { email: "trainer2@acme.test", fullName: "Tess Trainer", role: "trainer" },
      ...Array.from({ length: ACME_LEARNERS }, (_, i) => acmeLearner(i)),
    ],
  },
  {
    name: "Globex Academy",
    slug: "globex",
    learning: { seed: 7, size: SMALL_SIZE, rawRetentionDays: 30 },
    users: [
      { email: "admin@globex.test", fullName: "Gina Globex", role: "org_admin", owner: true },
      { email: "trainer@globex.test", fullName: "Gus Trainer", role: "trainer" },
      { email: "learner1@globex.test", fullName: "Lena Learner", role: "learner" },
      { email: "learner2@globex.test", fullName: "Leo Learner", role: "learner" },
      { email: "learner3@globex.test", fullName: "Lia Learner", role: "learner" },
    ],
  },
];

/** What a seeding did: per organization slug, its members and raw events. */
export type SeedSummary = Record<string, { members: number; events: number }>;

/** Seeds the demo organizations unless they exist; returns what it seeded, or null when they existed. */
export async function seedDemoData(db: Database): Promise<SeedSummary | null> {
  const [existing] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "acme"));
  if (existing) return null;
  const summary: SeedSummary = {};

  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('request.headers', '{"user-agent":"seed"}', true)`);
    // One bcrypt hash for every demo account (they share the demo password): hashing 160 times would take seconds.
    const [{ hash }] = await tx.execute<{ hash: string }>(sql`select extensions.crypt(${DEMO_PASSWORD}, extensions.gen_salt('bf', 10)) as hash`);
    for (const org of DEMO_ORGS) {
      const owner = org.users.find((user) => user.owner)!;
      const userIds = await createDemoUsers(tx, org.users, hash);
      const [row] = await tx
        .insert(organizations)
        .values({ name: org.name, slug: org.slug, createdBy: userIds.get(owner.email) })
        .returning({ id: organizations.id });
      // Seats are enforced when members are added, so the subscription comes first.
      if (org.subscription) await seedDemoSubscription(tx, row.id, org.subscription);
      await tx.insert(memberships).values(
        org.users.map((user) => ({
          organizationId: row.id,
          userId: userIds.get(user.email)!,
          role: user.role,
          isOwner: Boolean(user.owner),
        })),
      );
      summary[org.slug] = { members: org.users.length, events: 0 };
      if (org.learning) {
        const idsWith = (role: MemberRole) => org.users.filter((user) => user.role === role).map((user) => userIds.get(user.email)!);
        const seeded = await seedDemoLearning(
          tx,
          { organizationId: row.id, authorId: userIds.get(owner.email)!, trainerIds: idsWith("trainer"), learnerIds: idsWith("learner") },
          org.learning,
        );
        summary[org.slug].events = seeded.events;
      }
    }
  });
  return summary;
}


/** A demo account's id: the same on every seeding. */
export const demoUserId = (email: string) => createRandom(deriveSeed(20261122, "demo-user", email)).uuid();

/** The organization's accounts in one insert, with ids from the seeded PRNG (by email), confirmed, all with the demo password's hash. */
async function createDemoUsers(tx: Tx, users: DemoUser[], passwordHash: string): Promise<Map<string, string>> {
  const ids = new Map(users.map((user) => [user.email, demoUserId(user.email)]));
  await tx.insert(authUsers).values(
    users.map((user) => ({
      id: ids.get(user.email)!,
      email: user.email,
      encryptedPassword: passwordHash,
      aud: "authenticated",
      role: "authenticated",
      emailConfirmedAt: sql`now()`,
      rawAppMetaData: { provider: "email", providers: ["email"] },
      rawUserMetaData: { full_name: user.fullName },
    })),
  );
  return ids;
}

/** An active monthly subscription with its paid invoices, as the webhooks would have recorded them. */
async function seedDemoSubscription(tx: Tx, organizationId: string, demo: NonNullable<DemoOrg["subscription"]>) {
  const day = 24 * 60 * 60 * 1000;
  const now = Date.now();
  const periodStart = new Date(now - 10 * day);
  const periodEnd = new Date(periodStart.getTime() + 30 * day);
  const customerId = `cus_demo_${demo.suffix}`;
  const subscriptionId = `sub_demo_${demo.suffix}`;
  await tx.insert(billingCustomers).values({ organizationId, stripeCustomerId: customerId, email: null });
  const [subscription] = await tx
    .insert(subscriptions)
    .values({
      organizationId,
      stripeSubscriptionId: subscriptionId,
      stripeCustomerId: customerId,
      planId: demo.planId,
      status: "active",
      quantity: demo.seats,
      billingInterval: "month",
      currentPeriodStart: periodStart,
      currentPeriodEnd: periodEnd,
      lastEventAt: periodStart,
    })
    .returning({ id: subscriptions.id });
  await tx.insert(subscriptionItems).values({
    organizationId,
    subscriptionId: subscription.id,
    stripeSubscriptionItemId: `si_demo_${demo.suffix}`,
    stripePriceId: `price_demo_${demo.planId}_monthly`,
    planId: demo.planId,
    quantity: demo.seats,
  });
  for (let month = 2; month >= 0; month--) {
    const start = new Date(periodStart.getTime() - month * 30 * day);
    const amount = demo.seats * demo.seatPrice;
    const [order] = await tx
      .insert(orders)
      .values({
        organizationId,
        kind: "invoice",
        stripeId: `in_demo_${demo.suffix}_${3 - month}`,
        subscriptionId: subscription.id,
        stripeSubscriptionId: subscriptionId,
        planId: demo.planId,
        status: "paid",
        amountTotal: amount,
        amountPaid: amount,
        invoiceNumber: `DEMO-${demo.suffix.toUpperCase()}-000${3 - month}`,
        periodStart: start,
        periodEnd: new Date(start.getTime() + 30 * day),
        paidAt: start,
        stripeCreatedAt: start,
        lastEventAt: start,
      })
      .returning({ id: orders.id });
    await tx.insert(orderItems).values({
      organizationId,
      orderId: order.id,
      description: `${demo.seats} × seat (${demo.planId}, monthly)`,
      planId: demo.planId,
      stripePriceId: `price_demo_${demo.planId}_monthly`,
      quantity: demo.seats,
      amount,
    });
  }
}
