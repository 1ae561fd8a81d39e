// drizzle-kit is used for `drizzle-kit studio` and introspection only: the
// schema's history is supabase/migrations/*.sql, applied by `npm run db:migrate`.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  schemaFilter: ["public"],
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:54322/postgres" },
});
