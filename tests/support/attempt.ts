import { type AppError, toAppError } from "@/lib/errors";
// Runs a statement that is expected to be refused and reports what happened,
// always rolling the transaction back: if a policy hole lets an attack through,
// the damage never reaches the shared test database (withUserDb commits on
// success, so a sentinel error is thrown after the result is recorded).
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { testDb, withServiceDb, withUserDb } from "./db";

class RolledBack extends Error {
  constructor() {
    super("rolled back on purpose by tests/support/attempt.ts");
  }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string | undefined; message: string };

/** The SQLSTATE of a database error, looking through Drizzle's DrizzleQueryError wrapper. */
export function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  const cause = (error as { cause?: { message?: string } })?.cause;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

async function rolledBack<T>(run: (body: (tx: Tx) => Promise<never>) => Promise<unknown>, fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  let value: T | undefined;
  try {
    await run(async (tx) => {
      value = await fn(tx);
      throw new RolledBack();
    });
  } catch (error) {
    if (error instanceof RolledBack) return { ok: true, value: value as T };
    return { ok: false, code: sqlState(error), message: errorMessage(error) };
  }
  throw new Error("unreachable: the attempt's transaction committed");
}

/** Runs `fn` as the user (or anonymous, for null) in an RLS-scoped transaction that is always rolled back. */
export function attemptAs<T>(claims: SessionClaims | null, fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  return rolledBack((body) => withUserDb(claims, body, {}, testDb()), fn);
}

/** Runs `fn` as the owner role (bypassing RLS) in a transaction that is always rolled back. */
export function attemptAsService<T>(fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  return rolledBack((body) => withServiceDb("test: rolled-back probe", body, testDb()), fn);
}

/** A one-line description of an outcome, for readable assertion failures. */
export function summarize(outcome: Outcome<{ count: number }>): string {
  if (outcome.ok) return `${outcome.value.count} rows`;
  return outcome.code === "42501" ? "denied (42501)" : `error ${outcome.code ?? "?"}: ${outcome.message}`;
}

/** The AppError a call ends with, as the app would map it (fails the test if the call succeeds). */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return toAppError(error);
  }
  throw new Error("expected the call to fail");
}
