// Schema drift: the Drizzle schema in db/schema/ must mirror what the
// migrations in supabase/migrations/ actually build (SPEC §4; the migration is
// the source of truth). Compared on the migrated test database:
//   - public: the same tables both ways (partitions excluded), and per table
//     the same column names, nullability and types;
//   - every other schema Drizzle declares (private, …): each declared table
//     exists with exactly its columns;
//   - auth: Supabase owns auth.users and Drizzle declares only the columns the
//     app uses, so declared columns must exist and match (a subset check).
// Not compared: defaults, constraints, indexes, views.
import { describe, expect, it } from "vitest";
import { is, sql } from "drizzle-orm";
import { getTableConfig, integer, pgTable, PgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import * as schema from "@/db/schema";
import type { Tx } from "@/db/client";
import { testDb, withServiceDb } from "../support/db";
import { attemptAsService } from "../support/attempt";

/** Schemas where every table in the database must have a Drizzle table. */
const MIRRORED_SCHEMAS = ["public"];
/** Schemas not owned by our migrations: Drizzle may declare a subset of the columns. */
const SUBSET_SCHEMAS = ["auth"];

interface ColumnShape {
  type: string;
  notNull: boolean;
  /** As declared, for the failure message. */
  declared: string;
}
type TableShapes = Map<string, Map<string, ColumnShape>>; // "schema.table" -> column -> shape

// ---------------------------------------------------------------------------
// Types: both sides normalised to PostgreSQL's format_type() spelling.
// ---------------------------------------------------------------------------
const ALIASES: Record<string, string> = {
  varchar: "character varying",
  char: "character(1)",
  int: "integer",
  int4: "integer",
  int8: "bigint",
  int2: "smallint",
  serial: "integer",
  bigserial: "bigint",
  smallserial: "smallint",
  float4: "real",
  float8: "double precision",
  bool: "boolean",
  decimal: "numeric",
  timestamptz: "timestamp with time zone",
  timestamp: "timestamp without time zone",
  time: "time without time zone",
  timetz: "time with time zone",
};

function normaliseType(raw: string): string {
  let type = raw.trim().toLowerCase().replace(/\s+/g, " ");
  const arraySuffix = (type.match(/(\[\d*\])+$/)?.[0] ?? "").replace(/\d+/g, "");
  type = type.slice(0, type.length - (type.match(/(\[\d*\])+$/)?.[0].length ?? 0)).trim();
  type = type
    .replace(/^varchar\s*\((\d+)\)$/, "character varying($1)")
    .replace(/^char\s*\((\d+)\)$/, "character($1)")
    .replace(/\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)/, "($1,$2)") // numeric(10, 2) -> numeric(10,2)
    .replace(/^(timestamp|time)\s*(\(\d+\))?\s*(with|without) time zone$/, "$1$2 $3 time zone")
    .replace(/^(timestamp|time)\s*(\(\d+\))$/, "$1$2 without time zone")
    .replace(/^(timestamp|time)\(6\)/, "$1") // 6 is the default precision
    .replace(/^public\./, "")
    .replace(/"/g, "");
  return (ALIASES[type] ?? type) + arraySuffix;
}

// ---------------------------------------------------------------------------
// The two sides
// ---------------------------------------------------------------------------
function drizzleShapes(tables: Iterable<unknown>): TableShapes {
  const shapes: TableShapes = new Map();
  for (const table of tables) {
    if (!is(table, PgTable)) continue;
    const config = getTableConfig(table);
    // Columns of a composite primary key are NOT NULL in the database even
    // when the Drizzle column is not marked notNull (drizzle-kit adds it).
    const inPrimaryKey = new Set(config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)));
    const columns = new Map<string, ColumnShape>();
    for (const column of config.columns) {
      const declared = column.getSQLType();
      columns.set(column.name, {
        type: normaliseType(declared),
        notNull: column.notNull || column.primary || inPrimaryKey.has(column.name),
        declared,
      });
    }
    shapes.set(`${config.schema ?? "public"}.${config.name}`, columns);
  }
  return shapes;
}

async function databaseShapes(tx: Tx, schemas: string[]): Promise<{ shapes: TableShapes; mirroredTables: Set<string> }> {
  const schemaList = sql.join(schemas.map((s) => sql`${s}`), sql`, `);
  const columns = await tx.execute<{ table: string; column: string; is_nullable: string; type: string; data_type: string }>(sql`
    select format('%s.%s', c.table_schema, c.table_name) as table, c.column_name as column, c.is_nullable,
           c.data_type, format_type(a.atttypid, a.atttypmod) as type
    from information_schema.columns c
    join pg_class t on t.relname = c.table_name
    join pg_namespace n on n.oid = t.relnamespace and n.nspname = c.table_schema
    join pg_attribute a on a.attrelid = t.oid and a.attname = c.column_name
    where c.table_schema in (${schemaList}) and t.relkind in ('r', 'p') and not t.relispartition
    order by c.table_schema, c.table_name, c.ordinal_position`);
  const shapes: TableShapes = new Map();
  for (const row of columns) {
    if (!shapes.has(row.table)) shapes.set(row.table, new Map());
    shapes.get(row.table)!.set(row.column, {
      type: normaliseType(row.type),
      notNull: row.is_nullable === "NO",
      declared: `${row.type} (information_schema: ${row.data_type})`,
    });
  }
  const mirrored = sql.join(MIRRORED_SCHEMAS.map((s) => sql`${s}`), sql`, `);
  const tables = await tx.execute<{ table: string }>(sql`
    select format('%s.%s', n.nspname, c.relname) as table
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in (${mirrored}) and c.relkind in ('r', 'p') and not c.relispartition`);
  return { shapes, mirroredTables: new Set(tables.map((row) => row.table)) };
}

/** Every difference, one line each. */
function drift(drizzle: TableShapes, database: TableShapes, mirroredTables: Set<string>): string[] {
  const found: string[] = [];
  for (const table of mirroredTables) {
    if (!drizzle.has(table)) found.push(`${table}: table in the database has no Drizzle table`);
  }
  for (const [table, declaredColumns] of drizzle) {
    const actualColumns = database.get(table);
    if (!actualColumns) {
      found.push(`${table}: Drizzle table does not exist in the database`);
      continue;
    }
    const schemaName = table.split(".")[0];
    if (!SUBSET_SCHEMAS.includes(schemaName)) {
      for (const column of actualColumns.keys()) {
        if (!declaredColumns.has(column)) found.push(`${table}.${column}: column in the database is missing from Drizzle`);
      }
    }
    for (const [column, declared] of declaredColumns) {
      const actual = actualColumns.get(column);
      if (!actual) {
        found.push(`${table}.${column}: Drizzle column does not exist in the database`);
        continue;
      }
      if (declared.type !== actual.type) {
        found.push(`${table}.${column}: type differs: Drizzle ${declared.declared}, database ${actual.declared}`);
      }
      if (declared.notNull !== actual.notNull) {
        const word = (notNull: boolean) => (notNull ? "NOT NULL" : "nullable");
        found.push(`${table}.${column}: Drizzle says ${word(declared.notNull)}, database is ${word(actual.notNull)}`);
      }
    }
  }
  return found.sort();
}

const schemasToRead = (drizzle: TableShapes) => [...new Set([...MIRRORED_SCHEMAS, ...[...drizzle.keys()].map((t) => t.split(".")[0])])];

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------
describe("Drizzle schema vs migrated database", () => {
  const drizzle = drizzleShapes(Object.values(schema));

  it("Drizzle declares tables in public, private and auth (the comparison is not vacuous)", () => {
    const tables = [...drizzle.keys()];
    expect(tables).toEqual(expect.arrayContaining(["public.organizations", "public.memberships", "public.audit_logs", "private.sign_in_attempts", "auth.users"]));
    expect([...drizzle.values()].reduce((n, columns) => n + columns.size, 0)).toBeGreaterThan(50);
  });

  it("has no drift", async () => {
    const { shapes, mirroredTables } = await withServiceDb("test: read the catalog", (tx) => databaseShapes(tx, schemasToRead(drizzle)), testDb());
    expect(mirroredTables.size).toBeGreaterThanOrEqual(7);
    expect(drift(drizzle, shapes, mirroredTables), "Drifted tables/columns (the migration is the source of truth)").toEqual([]);
  });
});

describe("the drift check catches planted drift (rolled back)", () => {
  it("reports missing tables and columns both ways, type and nullability differences", async () => {
    // What a stale Drizzle file would say about two tables a migration changed.
    const probe = pgTable("zz_drift_probe", {
      id: uuid("id").primaryKey(),
      name: varchar("name", { length: 100 }).notNull(), // database: text
      score: integer("score").notNull(), // database: nullable
      seenAt: timestamp("seen_at", { withTimezone: true }), // database: timestamp without time zone
      dropped: text("dropped"), // database: no such column
    });
    const ghost = pgTable("zz_drift_ghost", { id: uuid("id").primaryKey() }); // database: no such table
    const drizzle = drizzleShapes([...Object.values(schema), probe, ghost]);

    const outcome = await attemptAsService(async (tx) => {
      await tx.execute(sql`create table public.zz_drift_probe (
        id uuid primary key, name text not null, score integer, seen_at timestamp, added boolean)`);
      await tx.execute(sql`create table public.zz_drift_unmapped (id int)`);
      const { shapes, mirroredTables } = await databaseShapes(tx, schemasToRead(drizzle));
      // Only the planted drift: real drift is the previous test's business.
      return drift(drizzle, shapes, mirroredTables).filter((line) => line.startsWith("public.zz_drift_"));
    });
    expect(outcome.ok, outcome.ok ? "" : outcome.message).toBe(true);
    expect(outcome.ok && outcome.value).toEqual([
      "public.zz_drift_ghost: Drizzle table does not exist in the database",
      "public.zz_drift_probe.added: column in the database is missing from Drizzle",
      "public.zz_drift_probe.dropped: Drizzle column does not exist in the database",
      "public.zz_drift_probe.name: type differs: Drizzle varchar(100), database text (information_schema: text)",
      "public.zz_drift_probe.score: Drizzle says NOT NULL, database is nullable",
      "public.zz_drift_probe.seen_at: type differs: Drizzle timestamp with time zone, database timestamp without time zone (information_schema: timestamp without time zone)",
      "public.zz_drift_unmapped: table in the database has no Drizzle table",
    ]);
  });

  it("normalises Drizzle's type spellings to PostgreSQL's", () => {
    expect(normaliseType("varchar(255)")).toBe("character varying(255)");
    expect(normaliseType("varchar")).toBe("character varying");
    expect(normaliseType("timestamp with time zone")).toBe("timestamp with time zone");
    expect(normaliseType("timestamp (3) with time zone")).toBe("timestamp(3) with time zone");
    expect(normaliseType("timestamp(3) with time zone")).toBe("timestamp(3) with time zone");
    expect(normaliseType("timestamp")).toBe("timestamp without time zone");
    expect(normaliseType("time(6) with time zone")).toBe("time with time zone");
    expect(normaliseType("numeric(10, 2)")).toBe("numeric(10,2)");
    expect(normaliseType("text[]")).toBe("text[]");
    expect(normaliseType("varchar(20)[3]")).toBe("character varying(20)[]");
    expect(normaliseType("serial")).toBe("integer");
    expect(normaliseType("char(2)")).toBe("character(2)");
  });
});
