// "Welcome back" is for people who came back: a new account (sign-up starts
// its session without a sign-in) is not returning; a sign-in later is.
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { TEST_PASSWORD, createUser, testDb, withServiceDb } from "../support/db";
import { authUsers } from "@/db/schema";
import { isReturningUser } from "@/db/queries/profiles";
import { verifyPassword } from "@/db/queries/auth-users";

const returning = (userId: string) => withServiceDb("test", (tx) => isReturningUser(tx, userId), testDb());

describe("returning users", () => {
  it("a new account is not returning; after a sign-in more than a minute after sign-up it is", async () => {
    const user = await createUser("newcomer");
    expect(await returning(user.sub)).toBe(false);
    // Signed in within the first minute (Supabase records its sign-up session as a sign-in): still new.
    await withServiceDb("test", (tx) => tx.update(authUsers).set({ lastSignInAt: sql`created_at + interval '30 seconds'` }).where(eq(authUsers.id, user.sub)), testDb());
    expect(await returning(user.sub)).toBe(false);
    // The account was made yesterday; signing in now (the real sign-in path) makes a returning user.
    await withServiceDb("test", (tx) => tx.update(authUsers).set({ createdAt: sql`now() - interval '1 day'` }).where(eq(authUsers.id, user.sub)), testDb());
    await withServiceDb("test", (tx) => verifyPassword(tx, user.email, TEST_PASSWORD), testDb());
    expect(await returning(user.sub)).toBe(true);
    expect(await returning("00000000-0000-4000-8000-000000000000")).toBe(false);
  });
});
