// Demo data: two organizations with their own users, so isolation is visible.
// Runs once (skipped when the demo organization exists). Every demo account
// uses DEMO_PASSWORD; these are demo credentials, listed in the README.
import { eq, sql } from "drizzle-orm";
import type { Database, Tx } from "./client";
import { createPasswordUser } from "./queries/auth-users";
import { billingCustomers, memberships, orderItems, orders, organizations, subscriptionItems, subscriptions } from "./schema";
import type { MemberRole } from "@/lib/validation/tenancy";
import { seedDemoLearning, type DemoLearning } from "./seed-learning";
import { DEMO_SIZE, SMALL_SIZE } from "@/lib/demo/generator";

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

export const DEMO_ORGS: DemoOrg[] = [
  {
    name: "Acme Learning",
    slug: "acme",
    // 23 members: more than the free tier's 10 seats, so Acme pays for 50. On
    // Business, whose entitlements include the API keys (the demo key below)
    // and the audit log; Globex stays on Free and sees what to upgrade.
    subscription: { planId: "business", seats: 50, seatPrice: 1400, suffix: "acme" },
    // 90 days of history, kept inside a 120-day raw retention window.
    learning: { seed: 20261122, size: DEMO_SIZE, rawRetentionDays: 120, apiKey: DEMO_API_KEY },
    users: [
      { email: "admin@acme.test", fullName: "Alice Admin", role: "org_admin", owner: true },
      { email: "trainer1@acme.test", fullName: "Tom Trainer", role: "trainer" },
      { email: "trainer2@acme.test", fullName: "Tess Trainer", role: "trainer" },
      ...FIRST_NAMES.map((first, i) => ({
        email: `learner${String(i + 1).padStart(2, "0")}@acme.test`,
        fullName: `${first} ${LAST_NAMES[i]}`,
        role: "learner" as const,
      })),
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

/** Seeds the demo organizations unless they exist; returns whether it seeded. */
export async function seedDemoData(db: Database): Promise<boolean> {
  const [existing] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "acme"));
  if (existing) return false;

  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('request.headers', '{"user-agent":"seed"}', true)`);
    for (const org of DEMO_ORGS) {
      const owner = org.users.find((user) => user.owner)!;
      const userIds = new Map<string, string>();
      for (const user of org.users) {
        const created = await createPasswordUser(tx, { email: user.email, password: DEMO_PASSWORD, fullName: user.fullName });
        userIds.set(user.email, created.id);
      }
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
      if (org.learning) {
        const idsWith = (role: MemberRole) => org.users.filter((user) => user.role === role).map((user) => userIds.get(user.email)!);
        await seedDemoLearning(
          tx,
          { organizationId: row.id, authorId: userIds.get(owner.email)!, trainerIds: idsWith("trainer"), learnerIds: idsWith("learner") },
          org.learning,
        );
      }
    }
  });
  return true;
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
