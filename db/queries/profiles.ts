import { eq } from "drizzle-orm";
import type { Tx } from "../client";
import { profiles } from "../schema";

export async function getProfile(tx: Tx, userId: string) {
  const [row] = await tx
    .select({ id: profiles.id, email: profiles.email, fullName: profiles.fullName })
    .from(profiles)
    .where(eq(profiles.id, userId));
  return row ?? null;
}
