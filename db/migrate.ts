// Applies supabase/migrations/*.sql in order, recording each in the same
// table the Supabase CLI uses, so `supabase db push` and this command agree on
// what has run. On a plain Postgres the Supabase-compat bootstrap runs first.
import postgres from "postgres";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const MIGRATIONS_DIR = path.join(ROOT, "supabase", "migrations");
const BOOTSTRAP_FILE = path.join(ROOT, "db", "bootstrap", "supabase-compat.sql");
const MIGRATION_LOCK = 720_001;

/** `before`: apply only the migrations whose version sorts before it (tests of a migration on existing data). */
export async function migrate(url: string, log: (message: string) => void = () => {}, options: { before?: string } = {}): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    const [{ present }] = await sql`select exists (select 1 from pg_namespace where nspname = 'auth') as present`;
    if (!present) {
      log("auth schema absent: applying the Supabase-compat bootstrap");
      const bootstrap = await readFile(BOOTSTRAP_FILE, "utf8");
      await sql.begin((tx) => tx.unsafe(bootstrap));
    }
    await sql.unsafe(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text)`);
    const applied = new Set(
      (await sql`select version from supabase_migrations.schema_migrations`).map((row) => row.version as string),
    );
    const files = (await readdir(MIGRATIONS_DIR)).filter((file) => file.endsWith(".sql")).sort();
    const ran: string[] = [];
    for (const file of files) {
      const [version, ...rest] = file.replace(/\.sql$/, "").split("_");
      if (applied.has(version)) continue;
      if (options.before && version >= options.before) break;
      const body = await readFile(path.join(MIGRATIONS_DIR, file), "utf8");
      await sql.begin(async (tx) => {
        await tx.unsafe(body);
        await tx`insert into supabase_migrations.schema_migrations (version, name, statements)
                 values (${version}, ${rest.join("_")}, ${[body]})`;
      });
      log(`applied ${file}`);
      ran.push(file);
    }
    return ran;
  } finally {
    await sql.end();
  }
}
