// Every environment variable the app reads, validated once. Empty strings
// (as left by copying .env.example) count as unset.
import { z } from "zod";

export const LOCAL_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:54322/postgres";

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")),
    DATABASE_POOL_MODE: optional(z.enum(["session", "transaction"])),
    AUTH_BACKEND: optional(z.enum(["embedded", "supabase"])).transform((v) => v ?? "embedded"),
    AUTH_JWT_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
    NEXT_PUBLIC_SUPABASE_URL: optional(z.url()),
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optional(z.string().min(1)),
    APP_URL: optional(z.url()),
    // How many proxies in front of the app append to X-Forwarded-For; the
    // client address is the entry that many places from the right. 0 (the
    // default, no proxy): the connection's own address; X-Forwarded-For is
    // then the client's invention and never believed.
    TRUSTED_PROXY_HOPS: optional(z.coerce.number().int().min(0).max(5)).transform((v) => v ?? 0),
    // Stripe billing: "configured" when both the secret key and the webhook secret are set.
    STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret key (sk_test_… or sk_live_…)")),
    STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_\S+$/, "must be a webhook signing secret (whsec_…)")),
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: optional(z.string().regex(/^pk_(test|live)_\w+$/, "must be a publishable key (pk_…)")),
    // Where the Stripe client sends API requests; only for a local stub (tests).
    STRIPE_API_HOST: optional(z.string().regex(/^[\w.-]+$/, "must be a host name")),
    STRIPE_API_PORT: optional(z.coerce.number().int().min(1).max(65535)),
    STRIPE_API_PROTOCOL: optional(z.enum(["http", "https"])),
    // Bearer secret of POST /api/jobs/reports (the production report worker's trigger); unset: endpoint off.
    REPORTS_JOB_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === "production";
    if (production && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required in production" });
    }
    if (production && !env.APP_URL) {
      // Links in invitations and Stripe return URLs must not come from request headers.
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "is required in production" });
    }
    if (production && env.AUTH_BACKEND === "embedded" && !env.AUTH_JWT_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_JWT_SECRET"],
        message: "is required in production with embedded auth",
      });
    }
    // Half a Stripe configuration would take payments whose webhooks are never applied.
    if (production && Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
      const missing = env.STRIPE_SECRET_KEY ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_SECRET_KEY";
      ctx.addIssue({ code: "custom", path: [missing], message: "is required in production when the other Stripe secret is set" });
    }
    if (env.AUTH_BACKEND === "supabase") {
      for (const key of ["NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when AUTH_BACKEND=supabase" });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function databaseUrl(): string {
  return env().DATABASE_URL ?? LOCAL_DATABASE_URL;
}
