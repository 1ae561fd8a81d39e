import { describe, expect, it } from "vitest";
import { shouldSeedDemoData } from "@/db/prepare";

describe("shouldSeedDemoData", () => {
  it("seeds the embedded database, or any database when SEED_DEMO=1 asks, never in production", () => {
    expect(shouldSeedDemoData({ NODE_ENV: "development" }, true)).toBe(true);
    expect(shouldSeedDemoData({ NODE_ENV: "development" }, false)).toBe(false);
    expect(shouldSeedDemoData({ NODE_ENV: "development", SEED_DEMO: "1" }, false)).toBe(true);
    expect(shouldSeedDemoData({ NODE_ENV: "production", SEED_DEMO: "1" }, true)).toBe(false);
  });
});
