// Per-organization API keys for event ingestion. Keys are `sw_live_` + 256
// random bits; only their SHA-256 and a short prefix (to tell keys apart in
// the list) are stored, so a key is shown once, at creation, and never again.
// Managing keys runs in withUserDb (RLS: api_keys.manage); authenticating a
// request runs as the service role, since an API caller has no session.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "../client";
import { apiKeys, profiles } from "../schema";
import { notFound } from "@/lib/errors";

export const API_KEY_PREFIX = "sw_live_";
/** Characters of the key kept in clear to identify it in lists ("sw_live_AbCd"). */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 4;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function newApiKey() {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, keyPrefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashApiKey(key) };
}

export async function listApiKeys(tx: Tx, organizationId: string) {
  return tx
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      keyPrefix: apiKeys.keyPrefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdByName: profiles.fullName,
      createdByEmail: profiles.email,
    })
    .from(apiKeys)
    .leftJoin(profiles, eq(profiles.id, apiKeys.createdBy))
    .where(eq(apiKeys.organizationId, organizationId))
    .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.createdAt));
}

/** Creates a key and returns it in clear: the only time it is ever available. */
export async function createApiKey(tx: Tx, input: { organizationId: string; name: string; createdBy: string }) {
  const { key, keyPrefix, keyHash } = newApiKey();
  const [row] = await tx
    .insert(apiKeys)
    .values({ organizationId: input.organizationId, name: input.name, keyPrefix, keyHash, createdBy: input.createdBy })
    .returning({ id: apiKeys.id, name: apiKeys.name, keyPrefix: apiKeys.keyPrefix });
  return { ...row, key };
}

export async function revokeApiKey(tx: Tx, input: { organizationId: string; apiKeyId: string }) {
  const [row] = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, input.apiKeyId), eq(apiKeys.organizationId, input.organizationId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name });
  if (!row) throw notFound("That active API key");
  return row;
}

/**
 * The organization an active key belongs to, recording its use; null for an
 * unknown or revoked key. Service role: the caller is a machine with a key,
 * not a signed-in user, and the key's hash is the only thing looked up.
 */
export async function authenticateApiKey(tx: Tx, key: string): Promise<{ apiKeyId: string; organizationId: string } | null> {
  const [row] = await tx
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .returning({ apiKeyId: apiKeys.id, organizationId: apiKeys.organizationId });
  return row ?? null;
}
