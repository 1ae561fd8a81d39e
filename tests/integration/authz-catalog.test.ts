// What the Data API exposes, checked on the migrated catalog (companion of
// catalog-guards.test.ts): the RLS helpers live in schema `authz`, which
// Supabase does not expose, and no function body still calls one under its
// old `public.` name (the authz migration rewrites them generically; a later
// migration that adds such a call fails here); the security-definer
// functions left in `public` that API roles may call are exactly the
// documented allow-list (README, "Functions the Data API exposes"); and every
// policy is one per action with auth.uid() evaluated once per statement, and
// the helpers are PL/pgSQL (plans kept, not made again on every call).
// Each detector is also run against a planted violation, rolled back.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { testDb, withServiceDb } from "../support/db";
import { attemptAsService } from "../support/attempt";

/** The helpers moved from public to authz (20261130000900_authz_schema.sql). */
const MOVED_HELPERS = [
  "is_member", "has_role", "has_permission", "is_owner", "user_org_ids", "orgs_with_permission", "co_member_ids",
  "taught_cohort_ids", "enrolled_cohort_ids", "taught_learners", "teaches_learner", "visible_course_ids",
];

/**
 * Security-definer functions in `public` that anon or authenticated may call
 * as RPCs, by design; the README says why each is safe. Anything else that
 * only policies or triggers need belongs in `authz` or `private`.
 */
const EXPOSED_SECURITY_DEFINER = new Map<string, string[]>([
  ["public.create_organization(org_name text, org_slug text)", ["authenticated"]],
  ["public.accept_invitation(invite_token text)", ["authenticated"]],
  ["public.invitation_preview(invite_token text)", ["anon", "authenticated"]],
  ["public.invitation_has_free_seat(invite_token text)", ["anon", "authenticated"]],
  ["public.seat_usage(org uuid)", ["authenticated"]],
]);

type Finding = Record<string, unknown>;
const rows = async (tx: Tx, query: ReturnType<typeof sql>): Promise<Finding[]> => [...(await tx.execute<Finding>(query))];

const oldName = `(^|[^[:alnum:]_."])"?public"?\\."?(${MOVED_HELPERS.join("|")})"?($|[^[:alnum:]_])`;

const detectors = {
  /** Function bodies (any schema but the system's) naming a moved helper as public.<name>. */
  bodiesCallingMovedHelpersByOldName: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and p.prosrc ~ ${oldName}
      order by 1`),

  /** Moved helpers found anywhere but authz (e.g. re-created in public by a later migration). */
  helpersOutsideAuthz: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname in (${sql.join(MOVED_HELPERS.map((h) => sql`${h}`), sql`, `)})
      order by 1`),

  /** Security-definer functions in public executable by anon/authenticated, with the roles, minus the allow-list. */
  exposedSecurityDefiner: async (tx: Tx) =>
    (await rows(tx, sql`
      select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object,
             array(select r from unnest(array['anon', 'authenticated']) r
                   where has_function_privilege(r, p.oid, 'EXECUTE')) as roles
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prosecdef
        and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))
      order by 1`)).filter((row) => JSON.stringify(EXPOSED_SECURITY_DEFINER.get(row.object as string)) !== JSON.stringify(row.roles)),

  /** Policies on public tables that apply to every command. */
  forAllPolicies: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I', schemaname, tablename) as object, policyname
      from pg_policies where schemaname = 'public' and cmd = 'ALL'
      order by 1, 2`),

  /** Policies calling auth.uid() per row instead of once per statement as (select auth.uid()). */
  perRowAuthUid: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I', schemaname, tablename) as object, policyname
      from pg_policies
      where schemaname = 'public'
        and (replace(coalesce(qual, ''), '( SELECT auth.uid() AS uid)', '') like '%auth.uid()%'
          or replace(coalesce(with_check, ''), '( SELECT auth.uid() AS uid)', '') like '%auth.uid()%')
      order by 1, 2`),

  /** authz: USAGE for authenticated (policies run helpers as the caller) and nothing else for API roles. */
  authzPrivileges: (tx: Tx) =>
    rows(tx, sql`
      select format('%s %s', api.role, priv.name) as object
      from (values ('anon'), ('authenticated')) as api(role) cross join (values ('USAGE'), ('CREATE')) as priv(name)
      where has_schema_privilege(api.role, 'authz', priv.name)
      order by 1`),

  /** Functions in authz: security definer with a fixed search_path, executable by authenticated, never by anon. */
  authzFunctionsMisconfigured: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'authz'
        and (has_function_privilege('anon', p.oid, 'EXECUTE')
          or not has_function_privilege('authenticated', p.oid, 'EXECUTE')
          or (p.prosecdef and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) s where s like 'search_path=%')))
      order by 1`),

  /**
   * Functions in authz not written in PL/pgSQL. A security-definer function is never inlined, and
   * PostgreSQL 15 plans a LANGUAGE sql function's statement on every call (PL/pgSQL keeps its plans):
   * policies run the helpers on every statement, so that planning was most of RLS's cost.
   */
  authzFunctionsReplannedPerCall: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
      where n.nspname = 'authz' and l.lanname <> 'plpgsql'
      order by 1`),

  /**
   * Set-returning functions in authz left at the planner's default guess of 1,000 rows: helpers join
   * on each other, and with that guess they hash-joined whole tables (all attempts, all enrollments)
   * instead of reaching a trainer's few rows through an index.
   */
  authzSetFunctionsWithoutRows: (tx: Tx) =>
    rows(tx, sql`
      select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'authz' and p.proretset and p.prorows = 1000
      order by 1`),
};

type Detector = keyof typeof detectors;
const runDetector = (name: Detector) => withServiceDb("test: read the catalog", (tx) => detectors[name](tx), testDb());

async function detectPlanted(name: Detector, plant: string[]) {
  const outcome = await attemptAsService(async (tx) => {
    for (const statement of plant) await tx.execute(sql.raw(statement));
    return detectors[name](tx);
  });
  if (!outcome.ok) throw new Error(`planting failed: ${outcome.code} ${outcome.message}`);
  return outcome.value.filter((row) => String(row.object).includes("zz_guard"));
}

describe("what the Data API exposes", () => {
  it("every moved helper is in authz (not vacuous)", async () => {
    const found = await withServiceDb(
      "test: read the catalog",
      (tx) => rows(tx, sql`select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'authz'`),
      testDb(),
    );
    for (const helper of MOVED_HELPERS) expect(found.map((row) => row.name)).toContain(helper);
    expect(await runDetector("helpersOutsideAuthz")).toEqual([]);
  });

  it("no function body calls a moved helper by its old public. name", async () => {
    expect(await runDetector("bodiesCallingMovedHelpersByOldName")).toEqual([]);
    // Not vacuous: a function of an earlier migration was rewritten.
    const [seatUsage] = await withServiceDb(
      "test: read the catalog",
      (tx) => rows(tx, sql`select prosrc from pg_proc where oid = 'public.seat_usage(uuid)'::regprocedure`),
      testDb(),
    );
    expect(seatUsage.prosrc).toContain("authz.has_permission(org, 'billing.manage')");
  });

  it("the rewrite catches a function written the old way (as a parallel branch's migration would) and keeps it working", async () => {
    const outcome = await attemptAsService(async (tx) => {
      await tx.execute(sql.raw(`create function private.zz_rewrite_me(org uuid) returns boolean language plpgsql
        security definer set search_path = '' as $$ begin return public.is_member(org) or "public"."has_permission"(org, 'x'); end $$`));
      await tx.execute(sql.raw(`create function private.zz_leave_me(org uuid) returns text language sql set search_path = ''
        as $$ select 'mypublic.is_member, public.is_member_of' $$`));
      const [{ n }] = await rows(tx, sql`select private.rewrite_moved_helper_calls() as n`);
      const bodies = await rows(tx, sql`select proname, prosrc from pg_proc where proname in ('zz_rewrite_me', 'zz_leave_me') order by 1`);
      const [{ member }] = await rows(tx, sql`select private.zz_rewrite_me(gen_random_uuid()) as member`);
      return { n, bodies: bodies.map((b) => [b.proname, String(b.prosrc).trim()]), member };
    });
    expect(outcome.ok && outcome.value).toEqual({
      n: 1,
      bodies: [
        ["zz_leave_me", "select 'mypublic.is_member, public.is_member_of'"],
        ["zz_rewrite_me", `begin return authz.is_member(org) or authz.has_permission(org, 'x'); end`],
      ],
      member: false,
    });
  });

  it("the security-definer functions in public callable by API roles are exactly the allow-list", async () => {
    expect(await runDetector("exposedSecurityDefiner")).toEqual([]);
    const listed = await withServiceDb(
      "test: read the catalog",
      (tx) =>
        rows(tx, sql`
          select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and p.prosecdef
            and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))`),
      testDb(),
    );
    expect(listed.map((row) => row.object).sort()).toEqual([...EXPOSED_SECURITY_DEFINER.keys()].sort());
  });

  it("authz grants authenticated USAGE only; its functions are for authenticated, never anon", async () => {
    expect(await runDetector("authzPrivileges")).toEqual([{ object: "authenticated USAGE" }]);
    expect(await runDetector("authzFunctionsMisconfigured")).toEqual([]);
  });

  it("the policy helpers in authz are PL/pgSQL, so their plans are kept for the session", async () => {
    expect(await runDetector("authzFunctionsReplannedPerCall")).toEqual([]);
  });

  it("the set-returning helpers in authz say how many rows they return (not the default 1,000)", async () => {
    expect(await runDetector("authzSetFunctionsWithoutRows")).toEqual([]);
  });

  it("no policy on a public table is FOR ALL", async () => {
    expect(await runDetector("forAllPolicies")).toEqual([]);
  });

  it("no policy calls auth.uid() per row", async () => {
    expect(await runDetector("perRowAuthUid")).toEqual([]);
  });
});

describe("the detectors catch planted violations", () => {
  it("a function body calling public.is_member / \"public\".\"has_permission\", but not public.is_member_of", async () => {
    const found = await detectPlanted("bodiesCallingMovedHelpersByOldName", [
      `create function private.zz_guard_old_name(org uuid) returns boolean language plpgsql set search_path = '' as $$ begin return public.is_member(org); end $$`,
      `create function private.zz_guard_quoted(org uuid) returns boolean language plpgsql set search_path = '' as $$ begin return "public"."has_permission"(org, 'x'); end $$`,
      `create function private.zz_ok_other_name(org uuid) returns boolean language plpgsql set search_path = '' as $$ begin return public.is_member_of(org); end $$`,
    ]);
    expect(found.map((row) => row.object)).toEqual(["private.zz_guard_old_name(org uuid)", "private.zz_guard_quoted(org uuid)"]);
  });

  it("a helper re-created in public", async () => {
    const outcome = await attemptAsService(async (tx) => {
      await tx.execute(sql.raw(`create function public.is_member(org uuid) returns boolean language sql as 'select true'`));
      return detectors.helpersOutsideAuthz(tx);
    });
    expect(outcome.ok && outcome.value).toEqual([{ object: "public.is_member(org uuid)" }]);
  });

  it("a security-definer function in public left executable by the API roles (the default grants)", async () => {
    const found = await detectPlanted("exposedSecurityDefiner", [
      `create function public.zz_guard_rpc() returns int language sql security definer set search_path = '' as 'select 1'`,
      `create function public.zz_guard_revoked() returns int language sql security definer set search_path = '' as 'select 1'`,
      `revoke execute on function public.zz_guard_revoked() from public, anon, authenticated`,
    ]);
    expect(found).toEqual([{ object: "public.zz_guard_rpc()", roles: ["anon", "authenticated"] }]);
  });

  it("a FOR ALL policy, and one calling auth.uid() per row", async () => {
    const plant = [
      `create table public.zz_guard_policies (user_id uuid)`,
      `create policy zz_all on public.zz_guard_policies for all to authenticated using (true)`,
      `create policy zz_per_row on public.zz_guard_policies for select to authenticated using (user_id = auth.uid())`,
      `create policy zz_once on public.zz_guard_policies for update to authenticated using (user_id = (select auth.uid()))`,
    ];
    expect(await detectPlanted("forAllPolicies", plant)).toEqual([{ object: "public.zz_guard_policies", policyname: "zz_all" }]);
    expect(await detectPlanted("perRowAuthUid", plant)).toEqual([{ object: "public.zz_guard_policies", policyname: "zz_per_row" }]);
  });

  it("anon granted USAGE on authz, and an authz function executable by anon", async () => {
    const outcome = await attemptAsService(async (tx) => {
      await tx.execute(sql.raw(`grant usage on schema authz to anon`));
      await tx.execute(sql.raw(`create function authz.zz_guard_helper() returns int language sql security definer as 'select 1'`));
      await tx.execute(sql.raw(`create function authz.zz_guard_set() returns setof int language plpgsql security definer set search_path = '' as 'begin return next 1; end'`));
      return {
        unsized: await detectors.authzSetFunctionsWithoutRows(tx),
        schema: await detectors.authzPrivileges(tx),
        functions: await detectors.authzFunctionsMisconfigured(tx),
        replanned: await detectors.authzFunctionsReplannedPerCall(tx),
      };
    });
    expect(outcome.ok && outcome.value).toEqual({
      schema: [{ object: "anon USAGE" }, { object: "authenticated USAGE" }],
      // Executable by anon too: the default grant to PUBLIC.
      functions: [{ object: "authz.zz_guard_helper()" }, { object: "authz.zz_guard_set()" }],
      replanned: [{ object: "authz.zz_guard_helper()" }],
      unsized: [{ object: "authz.zz_guard_set()" }],
    });
  });
});
