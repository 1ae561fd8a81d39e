import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_JWT_SECRET ??= "test-only-secret-for-signing-session-tokens-0123456789";
