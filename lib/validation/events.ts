// What Postgres would refuse in an event, found before anything recursive
// touches it. jsonb and text cannot hold U+0000, and jsonb refuses a UTF-16
// surrogate that is not half of a pair (JSON.stringify writes one as
// "\udXXX", which Postgres rejects); a number JSON.parse turned into
// Infinity would be stored as null. Nesting is bounded first: V8's JSON.parse
// takes 100,000 levels, but JSON.stringify (used to measure the context) and
// Postgres's own parser recurse and fail on far less — and one such event
// failed its whole batch, on every retry. The walk is iterative and stops at
// the bound, so its cost is bounded by the body size whatever the nesting.

/** Deepest nesting of objects and arrays inside an event's `context` (the context itself is level 1). */
export const MAX_CONTEXT_DEPTH = 32;

/** Why Postgres text/jsonb cannot store the string, or null. */
export function unstorableStringProblem(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit === 0) return "contains the NUL character (\\u0000), which the database cannot store";
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return "contains a lone UTF-16 surrogate (an unpaired \\ud800–\\udbff), which is not valid Unicode";
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      return "contains a lone UTF-16 surrogate (an unpaired \\udc00–\\udfff), which is not valid Unicode";
    }
  }
  return null;
}

const label = (path: string) => path || "the event";
const child = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key.length > 40 ? `${key.slice(0, 40)}…` : key}` : key;

/**
 * Why the event (as JSON.parse produced it) cannot be stored as it is, or
 * null: a string or object key that text/jsonb refuses, a number that is not
 * finite, or a `context` nested deeper than MAX_CONTEXT_DEPTH. Iterative;
 * never descends past the bound.
 */
export function unstorableEventProblem(event: unknown): string | null {
  // depth: levels of objects/arrays from the event itself (1); context is level 2.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: event, path: "", depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const problem = unstorableStringProblem(value);
      if (problem) return `${label(path)}: ${problem}`;
      continue;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return `${label(path)}: is a number too large to store`;
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth - 1 > MAX_CONTEXT_DEPTH) {
      const what = path.startsWith("context") ? "context" : "the event";
      return `${what} is nested more than ${MAX_CONTEXT_DEPTH} levels deep (at ${path}); flatten it`;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: child(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (const key of keys) {
      const problem = unstorableStringProblem(key);
      if (problem) return `${label(path)}: the key ${JSON.stringify(key.slice(0, 40))} ${problem}`;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ value: (value as Record<string, unknown>)[keys[i]], path: child(path, keys[i]), depth: depth + 1 });
    }
  }
  return null;
}
