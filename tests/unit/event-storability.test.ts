// What the ingestion API refuses before the database sees it, and which
// whole-batch failures it tells the client to retry.
import { describe, expect, it } from "vitest";
import { isTransientFault } from "@/lib/events/ingest";
import { MAX_CONTEXT_DEPTH, unstorableEventProblem, unstorableStringProblem } from "@/lib/validation/events";

describe("unstorableStringProblem", () => {
  it("refuses NUL and unpaired surrogates, accepts pairs and other control characters", () => {
    expect(unstorableStringProblem("a\u0000b")).toMatch(/NUL/);
    expect(unstorableStringProblem("\ud800")).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableStringProblem("x\udfff")).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableStringProblem("\ud800\ud800\udc00")).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableStringProblem("\ud83c\udf93 \t\u0001\u007f")).toBeNull();
  });
});

describe("unstorableEventProblem", () => {
  it("bounds context nesting without recursion, whatever the depth (a million levels)", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(unstorableEventProblem({ context: { deep } })).toMatch(new RegExp(`^context is nested more than ${MAX_CONTEXT_DEPTH} levels deep`));
  });

  it("accepts exactly the bound and reports the path of the first bad value", () => {
    let context: Record<string, unknown> = { leaf: "ok" };
    for (let level = 1; level < MAX_CONTEXT_DEPTH; level++) context = { a: context };
    expect(unstorableEventProblem({ idempotencyKey: "k", context })).toBeNull();
    expect(unstorableEventProblem({ context: { a: [1, { b: "\u0000" }] } })).toMatch(/^context\.a\[1\]\.b: contains the NUL/);
    expect(unstorableEventProblem({ context: { n: Number.POSITIVE_INFINITY } })).toBe("context.n: is a number too large to store");
    let wrapped: unknown = {};
    for (let i = 0; i < 100; i++) wrapped = [wrapped];
    expect(unstorableEventProblem(wrapped)).toMatch(/^the event is nested more than 32 levels deep/);
  });
});

describe("isTransientFault", () => {
  const wrapped = (code: string) => ({ message: "Failed query", cause: { code } });
  it("retry: connection, contention, resources, timeouts, storage not ready", () => {
    for (const code of ["08006", "40001", "40P01", "53300", "57P01", "57014", "55P03", "SW503", "ECONNRESET", "CONNECTION_CLOSED"]) {
      expect(isTransientFault(wrapped(code)), code).toBe(true);
    }
  });
  it("no retry: bad data, constraint or programming errors, plain exceptions", () => {
    for (const code of ["22P05", "23514", "42703", "SW400"]) expect(isTransientFault(wrapped(code)), code).toBe(false);
    expect(isTransientFault(new RangeError("Maximum call stack size exceeded"))).toBe(false);
  });
});
