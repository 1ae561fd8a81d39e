import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createOrg, testDb, withUserDb } from "../support/db";
import { organizations } from "@/db/schema";
import { listMembers } from "@/db/queries/members";

describe("organizations", () => {
  it("creating an organization makes the creator its owner and org admin", async () => {
    const org = await createOrg({ learner: "learner" });
    const members = await withUserDb(org.owner, (tx) => listMembers(tx, org.id), {}, testDb());
    expect(members.map((m) => [m.email, m.role, m.isOwner])).toEqual([
      [org.owner.email, "org_admin", true],
      [org.members.learner.email, "learner", false],
    ]);
  });

  it("a member of another organization cannot see it", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const seen = await withUserDb(b.owner, (tx) => tx.select().from(organizations).where(eq(organizations.id, a.id)), {}, testDb());
    expect(seen).toEqual([]);
  });
});
