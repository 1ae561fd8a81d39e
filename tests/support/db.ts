// Test helpers: a Drizzle handle on the per-run database, and users/orgs
// created the way the app creates them.
import { randomUUID } from "node:crypto";
import { afterAll } from "vitest";
import { sql } from "drizzle-orm";
import { createDatabase, type Database } from "@/db/client";
import { withServiceDb, withUserDb, type SessionClaims } from "@/db/rls";
import { createPasswordUser } from "@/db/queries/auth-users";
import { memberships, organizations } from "@/db/schema";
import type { MemberRole } from "@/lib/validation/tenancy";

let handle: ReturnType<typeof createDatabase> | undefined;

/** The test run's database (closed after the file's tests). */
export function testDb(): Database {
  if (!handle) {
    handle = createDatabase(process.env.DATABASE_URL!, { max: 4 });
    afterAll(async () => {
      await handle?.client.end();
      handle = undefined;
    });
  }
  return handle.db;
}

export const TEST_PASSWORD = "correct horse battery";

export function uniqueSuffix() {
  return randomUUID().slice(0, 8);
}

export async function createUser(label = "user", fullName = "Test User"): Promise<SessionClaims> {
  const email = `${label}-${uniqueSuffix()}@example.test`;
  const user = await withServiceDb("test fixture", (tx) => createPasswordUser(tx, { email, password: TEST_PASSWORD, fullName }), testDb());
  return { sub: user.id, email: user.email };
}

export interface TestOrg {
  id: string;
  slug: string;
  owner: SessionClaims;
  members: Record<string, SessionClaims>;
}

/** An organization with an owner and one member per given role label. */
export async function createOrg(roles: Record<string, MemberRole> = {}): Promise<TestOrg> {
  const owner = await createUser("owner");
  const slug = `org-${uniqueSuffix()}`;
  const org = await withUserDb(owner, async (tx) => {
    const rows = await tx.execute<{ id: string }>(sql`select id from public.create_organization(${"Test Org " + slug}, ${slug})`);
    return rows[0];
  }, {}, testDb());
  const members: Record<string, SessionClaims> = {};
  for (const [label, role] of Object.entries(roles)) {
    const user = await createUser(label);
    await withServiceDb("test fixture", (tx) => tx.insert(memberships).values({ organizationId: org.id, userId: user.sub, role }), testDb());
    members[label] = user;
  }
  return { id: org.id, slug, owner, members };
}

export { organizations, withServiceDb, withUserDb };
