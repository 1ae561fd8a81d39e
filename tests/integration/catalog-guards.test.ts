// Catalog guards: properties every migration must keep (SPEC §4), checked on
// the migrated database through pg_catalog, so an object added by a later
// migration is covered without touching this file. Each detector is also run
// against a planted violation inside a rolled-back transaction, to prove it
// would catch one (a detector that can never fire guards nothing).
//
// Note on defaults: the Supabase-compat bootstrap, like Supabase itself, grants
// ALL on every new table, sequence and function in `public` to anon and
// authenticated by default privileges. Every object a migration creates is
// therefore exposed until the migration revokes it; these guards catch the
// ones it forgets.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { testDb, withServiceDb } from "../support/db";
import { attemptAsService } from "../support/attempt";

const EXPOSED_SCHEMAS = sql`('public')`;
// Schemas the Data API does not expose, holding functions and tables of the
// server: `private` (nothing for API roles) and `app` (functions the server
// calls inside a user's transaction: USAGE for authenticated only).
const FUNCTION_SCHEMAS = sql`('public', 'private', 'app')`;
const API_ROLES = sql`(values ('anon'), ('authenticated')) as api(role)`;

/** Security-definer functions in `public` that anonymous visitors may execute, by design. */
const ANON_EXECUTABLE_SECURITY_DEFINER = new Set([
  "public.invitation_preview(invite_token text)", // the invitation link's preview, keyed by the secret token
  "public.invitation_has_free_seat(invite_token text)", // checked before signing up through an invitation
]);

/** Tables in `public` anonymous visitors may access, by design. */
const ANON_TABLES = new Set<string>([
  "public.plans", // the pricing page: plans on sale (select only, RLS: is_active)
  "public.features", // the pricing page: what a plan can include (select only)
  "public.plan_entitlements", // the pricing page: what each plan includes (select only)
]);

/** Policies on public tables that are not `TO authenticated`, by design ("table/policy"). */
const NON_AUTHENTICATED_POLICIES = new Set<string>([
  "public.plans/plans_read_active", // visitors read the plans on sale (pricing page)
  "public.features/features_read_anon", // visitors read the feature names (pricing page)
  "public.plan_entitlements/plan_entitlements_read_anon", // visitors read what each plan includes (pricing page)
]);

type Finding = Record<string, unknown>;

async function rows(tx: Tx, query: ReturnType<typeof sql>): Promise<Finding[]> {
  return [...(await tx.execute<Finding>(query))];
}

// ---------------------------------------------------------------------------
// Detectors: each returns the offending objects.
// ---------------------------------------------------------------------------
const detectors = {
  /** Tables (not partitions) in exposed schemas without RLS enabled AND forced. */
  tablesWithoutForcedRls: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I', n.nspname, c.relname) as object,
             c.relrowsecurity as rls_enabled, c.relforcerowsecurity as rls_forced
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ${EXPOSED_SCHEMAS} and c.relkind in ('r', 'p') and not c.relispartition
        and not (c.relrowsecurity and c.relforcerowsecurity)
      order by 1`),

  /** Partitions (any user schema) with any privilege for anon/authenticated: RLS lives on the parent only. */
  partitionsGrantedToApiRoles: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I', n.nspname, c.relname) as object, api.role
      from pg_class c join pg_namespace n on n.oid = c.relnamespace cross join ${API_ROLES}
      where c.relispartition and c.relkind in ('r', 'p')
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
        and (has_table_privilege(api.role, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
             or has_any_column_privilege(api.role, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
      order by 1, 2`),

  /** SECURITY DEFINER functions in public/private/app without `set search_path = …`. */
  securityDefinerWithoutSearchPath: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object,
             p.proconfig as config
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ${FUNCTION_SCHEMAS} and p.prosecdef
        and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) as setting where setting like 'search_path=%')
      order by 1`),

  /** SECURITY DEFINER functions in public/private/app that anon may execute, minus the allow-list. */
  securityDefinerExecutableByAnon: async (tx: Tx) =>
    (await rows(tx, sql`
      select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ${FUNCTION_SCHEMAS} and p.prosecdef and has_function_privilege('anon', p.oid, 'EXECUTE')
      order by 1`)).filter((row) => !ANON_EXECUTABLE_SECURITY_DEFINER.has(row.object as string)),

  /**
   * USAGE or CREATE on the unexposed schemas for anon/authenticated, beyond
   * authenticated's USAGE on app. With USAGE on private, a caller could run
   * anything in it that keeps PUBLIC's default EXECUTE.
   */
  internalSchemaPrivileges: (tx: Tx) =>
    rows(tx, sql`
      select n.nspname::text as object, api.role, priv.name as privilege
      from pg_namespace n cross join ${API_ROLES} cross join (values ('USAGE'), ('CREATE')) as priv(name)
      where n.nspname in ('private', 'app') and has_schema_privilege(api.role, n.oid, priv.name)
        and not (n.nspname = 'app' and api.role = 'authenticated' and priv.name = 'USAGE')
      order by 1, 2, 3`),

  /** Materialized views (no RLS possible) in exposed schemas with any privilege for anon/authenticated. */
  materializedViewsGrantedToApiRoles: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I', n.nspname, c.relname) as object, api.role
      from pg_class c join pg_namespace n on n.oid = c.relnamespace cross join ${API_ROLES}
      where n.nspname in ${EXPOSED_SCHEMAS} and c.relkind = 'm'
        and (has_table_privilege(api.role, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
             or has_any_column_privilege(api.role, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
      order by 1, 2`),

  /** Views granted to anon/authenticated that run with their owner's rights (owner bypasses RLS). */
  definerViewsGrantedToApiRoles: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I', n.nspname, c.relname) as object, api.role
      from pg_class c join pg_namespace n on n.oid = c.relnamespace cross join ${API_ROLES}
      where n.nspname in ${EXPOSED_SCHEMAS} and c.relkind = 'v'
        and not coalesce('security_invoker=true' = any (c.reloptions)
                         or 'security_invoker=on' = any (c.reloptions), false)
        and (has_table_privilege(api.role, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
             or has_any_column_privilege(api.role, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
      order by 1, 2`),

  /**
   * Sequences in exposed schemas usable by anon/authenticated. Identity columns
   * need no sequence privilege to insert; with UPDATE a caller could setval()
   * an audit sequence to its maximum and make every audited change fail.
   */
  sequencesGrantedToApiRoles: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I', n.nspname, c.relname) as object, api.role
      from pg_class c join pg_namespace n on n.oid = c.relnamespace cross join ${API_ROLES}
      where n.nspname in ${EXPOSED_SCHEMAS} and c.relkind = 'S'
        and has_sequence_privilege(api.role, c.oid, 'USAGE, SELECT, UPDATE')
      order by 1, 2`),

  /** TRUNCATE bypasses RLS; REFERENCES/TRIGGER are never needed by API roles. */
  tablesWithRlsBypassingGrants: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I', n.nspname, c.relname) as object, api.role, priv.name as privilege
      from pg_class c join pg_namespace n on n.oid = c.relnamespace cross join ${API_ROLES}
      cross join (values ('TRUNCATE'), ('REFERENCES'), ('TRIGGER')) as priv(name)
      where n.nspname in ${EXPOSED_SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'f')
        and has_table_privilege(api.role, c.oid, priv.name)
      order by 1, 2, 3`),

  /** Tables in exposed schemas anon may touch at all, minus the allow-list. */
  tablesGrantedToAnon: async (tx: Tx) =>
    (await rows(tx, sql`
      select format('%I.%I', n.nspname, c.relname) as object
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ${EXPOSED_SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'f')
        and (has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
             or has_any_column_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
      order by 1`)).filter((row) => !ANON_TABLES.has(row.object as string)),

  /** RLS policies on exposed tables that are not `TO authenticated` (e.g. TO public, which includes anon). */
  policiesNotForAuthenticated: async (tx: Tx) =>
    (await rows(tx, sql`
      select format('%I.%I', schemaname, tablename) as object, policyname, roles::text[] as roles
      from pg_policies
      where schemaname in ${EXPOSED_SCHEMAS} and roles <> array['authenticated']::name[]
      order by 1, 2`)).filter((row) => !NON_AUTHENTICATED_POLICIES.has(`${row.object}/${row.policyname}`)),
};

type Detector = keyof typeof detectors;

const runDetector = (name: Detector) => withServiceDb("test: read the catalog", (tx) => detectors[name](tx), testDb());

/** Runs `plant` then the detector in one transaction that is rolled back. */
async function detectPlanted(name: Detector, plant: string) {
  const outcome = await attemptAsService(async (tx) => {
    for (const statement of plant.split(";").filter((s) => s.trim())) await tx.execute(sql.raw(statement));
    return detectors[name](tx);
  });
  if (!outcome.ok) throw new Error(`planting failed: ${outcome.code} ${outcome.message}`);
  // Only the planted objects: the real schema's state is the other tests' business.
  return outcome.value.filter((row) => String(row.object).startsWith("public.zz_guard"));
}

// ---------------------------------------------------------------------------
// The guards on the migrated database
// ---------------------------------------------------------------------------
describe("catalog guards", () => {
  it("the catalog queries see the migrated schema (not vacuous)", async () => {
    const [counts] = await withServiceDb(
      "test: read the catalog",
      (tx) =>
        rows(tx, sql`
          select
            (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition) as tables,
            (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = 'public' and c.relispartition) as partitions,
            (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname = 'public' and p.prosecdef) as security_definer_functions,
            (select count(*)::int from pg_policies where schemaname = 'public') as policies`),
      testDb(),
    );
    expect(counts.tables).toBeGreaterThanOrEqual(7);
    expect(counts.partitions).toBeGreaterThanOrEqual(1);
    expect(counts.security_definer_functions).toBeGreaterThanOrEqual(10);
    expect(counts.policies).toBeGreaterThanOrEqual(10);
  });

  it("every table in public has row-level security enabled and forced", async () => {
    expect(await runDetector("tablesWithoutForcedRls")).toEqual([]);
  });

  it("partitions grant nothing to anon or authenticated (RLS lives on the parent)", async () => {
    expect(await runDetector("partitionsGrantedToApiRoles")).toEqual([]);
  });

  it("every SECURITY DEFINER function in public/private/app has a fixed search_path", async () => {
    expect(await runDetector("securityDefinerWithoutSearchPath")).toEqual([]);
  });

  it("no SECURITY DEFINER function in public/private/app is executable by anon, except the allow-list", async () => {
    expect(await runDetector("securityDefinerExecutableByAnon")).toEqual([]);
  });

  it("the unexposed schemas grant anon nothing, and authenticated only USAGE on app", async () => {
    expect(await runDetector("internalSchemaPrivileges")).toEqual([]);
  });

  it("the anon allow-list is exact: each entry exists and is executable by anon", async () => {
    const executable = await withServiceDb(
      "test: read the catalog",
      (tx) =>
        rows(tx, sql`
          select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname in ${FUNCTION_SCHEMAS} and p.prosecdef and has_function_privilege('anon', p.oid, 'EXECUTE')`),
      testDb(),
    );
    expect(executable.map((row) => row.object).sort()).toEqual([...ANON_EXECUTABLE_SECURITY_DEFINER].sort());
  });

  it("no materialized view in public is granted to anon or authenticated", async () => {
    expect(await runDetector("materializedViewsGrantedToApiRoles")).toEqual([]);
  });

  it("no view in public granted to anon or authenticated bypasses RLS (security_invoker)", async () => {
    expect(await runDetector("definerViewsGrantedToApiRoles")).toEqual([]);
  });

  it("no sequence in public is usable by anon or authenticated", async () => {
    expect(await runDetector("sequencesGrantedToApiRoles")).toEqual([]);
  });

  it("anon and authenticated hold no TRUNCATE/REFERENCES/TRIGGER on public tables", async () => {
    expect(await runDetector("tablesWithRlsBypassingGrants")).toEqual([]);
  });

  it("no table in public is granted to anon, except the allow-list", async () => {
    expect(await runDetector("tablesGrantedToAnon")).toEqual([]);
  });

  it("every RLS policy on public tables is TO authenticated, except the allow-list", async () => {
    expect(await runDetector("policiesNotForAuthenticated")).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Each detector catches a planted violation (rolled back, never committed).
// ---------------------------------------------------------------------------
describe("the detectors catch planted violations", () => {
  it("a table without RLS, and one with RLS enabled but not forced", async () => {
    const found = await detectPlanted(
      "tablesWithoutForcedRls",
      `create table public.zz_guard_no_rls (id int);
          create table public.zz_guard_not_forced (id int);
          alter table public.zz_guard_not_forced enable row level security;`,
    );
    expect(found).toEqual([
      { object: "public.zz_guard_no_rls", rls_enabled: false, rls_forced: false },
      { object: "public.zz_guard_not_forced", rls_enabled: true, rls_forced: false },
    ]);
  });

  it("a partition left with the default grants", async () => {
    const found = await detectPlanted(
      "partitionsGrantedToApiRoles",
      `create table public.zz_guard_parent (id int, at date) partition by range (at);
          alter table public.zz_guard_parent enable row level security;
          alter table public.zz_guard_parent force row level security;
          create table public.zz_guard_part partition of public.zz_guard_parent
            for values from ('2000-01-01') to ('2001-01-01');`,
    );
    expect(found).toEqual([
      { object: "public.zz_guard_part", role: "anon" },
      { object: "public.zz_guard_part", role: "authenticated" },
    ]);
  });

  it("ensure_audit_log_partitions creates partitions without grants", async () => {
    const outcome = await attemptAsService(async (tx) => {
      const [{ created }] = await rows(tx, sql`select public.ensure_audit_log_partitions(8) as created`);
      return { created, found: await detectors.partitionsGrantedToApiRoles(tx) };
    });
    expect(outcome.ok && outcome.value.created).toBeGreaterThan(0);
    expect(outcome.ok && outcome.value.found).toEqual([]);
  });

  it("a SECURITY DEFINER function without search_path, executable by anon by default", async () => {
    const plant = `create function public.zz_guard_definer() returns int
                      language sql security definer as 'select 1';`;
    expect(await detectPlanted("securityDefinerWithoutSearchPath", plant)).toEqual([
      { object: "public.zz_guard_definer()", config: null },
    ]);
    expect(await detectPlanted("securityDefinerExecutableByAnon", plant)).toEqual([{ object: "public.zz_guard_definer()" }]);
  });

  it("a SECURITY DEFINER function in app without search_path, executable by anon", async () => {
    const outcome = await attemptAsService(async (tx) => {
      await tx.execute(sql.raw(`create function app.zz_guard_app_definer() returns int language sql security definer as 'select 1'`));
      await tx.execute(sql.raw(`grant execute on function app.zz_guard_app_definer() to anon`));
      const mine = (found: Finding[]) => found.filter((row) => String(row.object).startsWith("app.zz_guard"));
      return {
        searchPath: mine(await detectors.securityDefinerWithoutSearchPath(tx)),
        anon: mine(await detectors.securityDefinerExecutableByAnon(tx)),
      };
    });
    expect(outcome.ok && outcome.value).toEqual({
      searchPath: [{ object: "app.zz_guard_app_definer()", config: null }],
      anon: [{ object: "app.zz_guard_app_definer()" }],
    });
  });

  it("USAGE on private for authenticated, USAGE on app for anon, CREATE on app for authenticated", async () => {
    const outcome = await attemptAsService(async (tx) => {
      await tx.execute(sql.raw(`grant usage on schema private to authenticated`));
      await tx.execute(sql.raw(`grant usage on schema app to anon`));
      await tx.execute(sql.raw(`grant create on schema app to authenticated`));
      return detectors.internalSchemaPrivileges(tx);
    });
    expect(outcome.ok && outcome.value).toEqual([
      { object: "app", role: "anon", privilege: "USAGE" },
      { object: "app", role: "authenticated", privilege: "CREATE" },
      { object: "private", role: "authenticated", privilege: "USAGE" },
    ]);
  });

  it("a materialized view granted to anon", async () => {
    const found = await detectPlanted(
      "materializedViewsGrantedToApiRoles",
      `create materialized view public.zz_guard_matview as select organization_id from public.memberships;
          revoke all on public.zz_guard_matview from anon, authenticated;
          grant select on public.zz_guard_matview to anon;`,
    );
    expect(found).toEqual([{ object: "public.zz_guard_matview", role: "anon" }]);
  });

  it("a definer-rights view granted by default, but not a security_invoker one", async () => {
    const found = await detectPlanted(
      "definerViewsGrantedToApiRoles",
      `create view public.zz_guard_definer_view as select id from public.invitations;
          create view public.zz_guard_invoker_view with (security_invoker = true) as select id from public.invitations;`,
    );
    expect(found).toEqual([
      { object: "public.zz_guard_definer_view", role: "anon" },
      { object: "public.zz_guard_definer_view", role: "authenticated" },
    ]);
  });

  it("a sequence left with the default grants", async () => {
    const found = await detectPlanted("sequencesGrantedToApiRoles", `create sequence public.zz_guard_seq;`);
    expect(found).toEqual([
      { object: "public.zz_guard_seq", role: "anon" },
      { object: "public.zz_guard_seq", role: "authenticated" },
    ]);
  });

  it("TRUNCATE granted to authenticated", async () => {
    const found = await detectPlanted(
      "tablesWithRlsBypassingGrants",
      `create table public.zz_guard_truncatable (id int);
          revoke all on public.zz_guard_truncatable from anon, authenticated;
          grant select, truncate on public.zz_guard_truncatable to authenticated;`,
    );
    expect(found).toEqual([{ object: "public.zz_guard_truncatable", role: "authenticated", privilege: "TRUNCATE" }]);
  });

  it("a table granted to anon", async () => {
    const found = await detectPlanted(
      "tablesGrantedToAnon",
      `create table public.zz_guard_anon (id int);
          revoke all on public.zz_guard_anon from anon, authenticated;
          grant select on public.zz_guard_anon to anon;`,
    );
    expect(found).toEqual([{ object: "public.zz_guard_anon" }]);
  });

  it("a policy without TO (defaults to public) and one TO anon", async () => {
    const found = await detectPlanted(
      "policiesNotForAuthenticated",
      `create table public.zz_guard_policies (id int);
          alter table public.zz_guard_policies enable row level security;
          create policy zz_everyone on public.zz_guard_policies for select using (true);
          create policy zz_visitors on public.zz_guard_policies for select to anon using (true);`,
    );
    expect(found).toEqual([
      { object: "public.zz_guard_policies", policyname: "zz_everyone", roles: ["public"] },
      { object: "public.zz_guard_policies", policyname: "zz_visitors", roles: ["anon"] },
    ]);
  });
});
