import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const SECRET = "s".repeat(32);
const DB = "postgres://app:pw@db.example.com:5432/postgres";
const production = { NODE_ENV: "production", DATABASE_URL: DB, AUTH_JWT_SECRET: SECRET, APP_URL: "https://learn.example.com" };

function problemsOf(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("parseEnv accepted the environment");
}

describe("parseEnv", () => {
  it("parses an empty development environment with embedded defaults", () => {
    expect(parseEnv({})).toEqual({ NODE_ENV: "development", AUTH_BACKEND: "embedded", TRUSTED_PROXY_HOPS: 0 });
  });

  it("parses a complete production environment", () => {
    expect(parseEnv(production)).toMatchObject({ NODE_ENV: "production", AUTH_BACKEND: "embedded", AUTH_JWT_SECRET: SECRET });
  });

  it("refuses production without AUTH_JWT_SECRET, naming the variable", () => {
    const message = problemsOf({ ...production, AUTH_JWT_SECRET: undefined });
    expect(message).toMatch(/Invalid environment/);
    expect(message).toMatch(/AUTH_JWT_SECRET: is required in production/);
  });

  it("refuses production without APP_URL, naming the variable", () => {
    expect(problemsOf({ ...production, APP_URL: undefined })).toMatch(/APP_URL: is required in production/);
  });

  it("reads TRUSTED_PROXY_HOPS as a small whole number, 0 (no proxy: the socket's address) by default", () => {
    expect(parseEnv(production).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ ...production, TRUSTED_PROXY_HOPS: "1" }).TRUSTED_PROXY_HOPS).toBe(1);
    expect(parseEnv({ ...production, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(problemsOf({ ...production, TRUSTED_PROXY_HOPS: "-1" })).toMatch(/TRUSTED_PROXY_HOPS/);
    expect(problemsOf({ ...production, TRUSTED_PROXY_HOPS: "6" })).toMatch(/TRUSTED_PROXY_HOPS/);
  });

  it("refuses production without DATABASE_URL, naming the variable", () => {
    expect(problemsOf({ ...production, DATABASE_URL: undefined })).toMatch(/DATABASE_URL: is required in production/);
  });

  it("lists every problem at once", () => {
    const message = problemsOf({ NODE_ENV: "production" });
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/AUTH_JWT_SECRET/);
  });

  it("refuses a secret shorter than 32 characters, in any environment", () => {
    expect(problemsOf({ ...production, AUTH_JWT_SECRET: "s".repeat(31) })).toMatch(/AUTH_JWT_SECRET: must be at least 32 characters/);
    expect(problemsOf({ AUTH_JWT_SECRET: "short" })).toMatch(/AUTH_JWT_SECRET/);
  });

  it("counts empty strings as unset (as copied from .env.example)", () => {
    expect(problemsOf({ ...production, AUTH_JWT_SECRET: "" })).toMatch(/AUTH_JWT_SECRET: is required in production/);
    expect(problemsOf({ ...production, DATABASE_URL: "" })).toMatch(/DATABASE_URL: is required in production/);
    expect(
      parseEnv({
        DATABASE_URL: "",
        DATABASE_POOL_MODE: "",
        AUTH_BACKEND: "",
        AUTH_JWT_SECRET: "",
        NEXT_PUBLIC_SUPABASE_URL: "",
        NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "",
        APP_URL: "",
      }),
    ).toEqual({ NODE_ENV: "development", AUTH_BACKEND: "embedded", TRUSTED_PROXY_HOPS: 0 });
  });

  it("refuses AUTH_BACKEND=supabase without the Supabase URL and key, naming both", () => {
    const message = problemsOf({ AUTH_BACKEND: "supabase" });
    expect(message).toMatch(/NEXT_PUBLIC_SUPABASE_URL: is required when AUTH_BACKEND=supabase/);
    expect(message).toMatch(/NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: is required when AUTH_BACKEND=supabase/);
    expect(
      problemsOf({ AUTH_BACKEND: "supabase", NEXT_PUBLIC_SUPABASE_URL: "https://x.supabase.co", NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "" }),
    ).toMatch(/NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY/);
  });

  it("accepts AUTH_BACKEND=supabase in production without a local JWT secret", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: DB,
      AUTH_BACKEND: "supabase",
      NEXT_PUBLIC_SUPABASE_URL: "https://x.supabase.co",
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_x",
      APP_URL: "https://learn.example.com",
    });
    expect(env.AUTH_BACKEND).toBe("supabase");
    expect(env.AUTH_JWT_SECRET).toBeUndefined();
  });

  it("refuses values of the wrong shape, naming the variable", () => {
    expect(problemsOf({ DATABASE_URL: "mysql://localhost/db" })).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(problemsOf({ AUTH_BACKEND: "firebase" })).toMatch(/AUTH_BACKEND/);
    expect(problemsOf({ NODE_ENV: "staging" })).toMatch(/NODE_ENV/);
    expect(problemsOf({ DATABASE_POOL_MODE: "statement" })).toMatch(/DATABASE_POOL_MODE/);
    expect(problemsOf({ APP_URL: "not a url" })).toMatch(/APP_URL/);
  });

  it("accepts postgresql:// URLs too", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://localhost/db" }).DATABASE_URL).toBe("postgresql://localhost/db");
  });

  it("never prints a secret's value in its error", () => {
    const secret = "leaky-but-too-short";
    expect(problemsOf({ ...production, AUTH_JWT_SECRET: secret })).not.toContain(secret);
  });
});
