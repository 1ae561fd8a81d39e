// Demo data: two organizations with their own users, so isolation is visible.
// Runs once (skipped when the demo organization exists). Every demo account
// uses DEMO_PASSWORD; these are demo credentials, listed in the README.
import { eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { createPasswordUser } from "./queries/auth-users";
import { memberships, organizations } from "./schema";
import type { MemberRole } from "@/lib/validation/tenancy";

export const DEMO_PASSWORD = "demo-password";

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
}

const FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
  "Kemi", "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara"];
const LAST_NAMES = ["Lovelace", "Okafor", "Martin", "Patel", "Rossi", "Haddad", "Hopper", "Tanaka", "Silva", "Berg",
  "Adeyemi", "Murphy", "Cohen", "Schmidt", "Ivanova", "Garcia", "Byrne", "Costa", "Nieminen", "Singh"];

export const DEMO_ORGS: DemoOrg[] = [
  {
    name: "Acme Learning",
    slug: "acme",
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
      await tx.insert(memberships).values(
        org.users.map((user) => ({
          organizationId: row.id,
          userId: userIds.get(user.email)!,
          role: user.role,
          isOwner: Boolean(user.owner),
        })),
      );
    }
  });
  return true;
}
