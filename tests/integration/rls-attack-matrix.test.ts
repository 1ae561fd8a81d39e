// RLS attack matrix, generated from the catalog: every table in the exposed
// schemas (pg_class relkind r/p, partitions excluded) is attacked by every
// attacker with every operation against organization A's rows. A table added
// by a later migration is attacked automatically once its rows can be tied to
// an organization (an `organization_id` column, or an entry in OWNERSHIP); a
// table with neither makes this file fail until someone decides who owns it.
//
// Every attack runs in its own RLS-scoped transaction that is always rolled
// back (tests/support/attempt.ts), so a hole shows up as a failed case and
// never as damage to the fixture.
import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import type { SessionClaims } from "@/db/rls";
import { createOrg, testDb, uniqueSuffix, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import { attemptAs, summarize, type Outcome } from "../support/attempt";
import { seedBillingRows } from "../support/billing";
import { LEARNING_ROLES, seedLearningRows, type LearningIds } from "../support/learning-matrix";
import { seedAnalyticsRows } from "../support/analytics-matrix";
import { reportScopes, seedReportRows } from "../support/reports-matrix";

const EXPOSED_SCHEMAS = ["public"];

// ---------------------------------------------------------------------------
// Row ownership
// ---------------------------------------------------------------------------
type Ownership =
  /** Rows belong to the organization named in `column`. */
  | { kind: "tenant"; column: string }
  /** Rows belong to the user named in `column`; A's rows are those of users who are members of A only. */
  | { kind: "user"; column: string }
  /** Reference data without a tenant: readable as READ_ALLOWED says, written by the service role only. */
  | { kind: "global" }
  /** Internal rows without a tenant (e.g. webhook bookkeeping): only the service role reads or writes them. */
  | { kind: "service-only" };

// Tables whose tenant is NOT an `organization_id` column. Keep this small: a
// new tenant-owned table should simply have `organization_id`.
const OWNERSHIP: Record<string, Ownership> = {
  "public.organizations": { kind: "tenant", column: "id" }, // the tenant itself
  "public.profiles": { kind: "user", column: "id" }, // one per auth user
  "public.roles": { kind: "global" },
  "public.role_permissions": { kind: "global" },
  "public.plans": { kind: "global" }, // billing plans: pricing reference data
  "public.features": { kind: "global" }, // what a plan can include (pricing page, guards)
  "public.plan_entitlements": { kind: "global" }, // which plan includes which feature
  "public.stripe_events": { kind: "service-only" }, // webhook idempotency ledger
  "public.score_brackets": { kind: "global" }, // the seeds' 0–5 scale
  // Idempotency keys of the event stream: written by insert_raw_event only,
  // read by nobody but the service role (it has organization_id, but not even
  // the org's admin reads it).
  "public.raw_event_keys": { kind: "service-only" },
};

// ---------------------------------------------------------------------------
// Attackers, operations and what is legitimate by design
// ---------------------------------------------------------------------------
// "trainer of org A" teaches the fixture's cohort 1 (with "learner of org A");
// "trainer outside the cohort" is a trainer of org A who teaches cohort 2 (with
// another learner) and must reach nothing of cohort 1 and its learner.
const ATTACKERS = ["admin of org B", "learner of org A", "trainer of org A", "trainer outside the cohort", "anonymous"] as const;
type Attacker = (typeof ATTACKERS)[number];

const OPERATIONS = ["select", "insert", "update", "delete", "truncate"] as const;
type Operation = (typeof OPERATIONS)[number];

// Tables the given attackers MAY read A's rows from, by design: members of A
// see their organization, its member list and their co-members' profiles, and
// every signed-in user reads the global role/permission reference data. Any
// table not listed here (invitations, audit_logs, …) must show an attacker
// zero rows of A. For listed pairs the case asserts the read DOES work
// (list "anonymous" only for what a signed-out visitor needs).
const MEMBERS_OF_A = ["learner of org A", "trainer of org A", "trainer outside the cohort"] as const;
const SIGNED_IN = ["admin of org B", ...MEMBERS_OF_A] as const;
const TRAINERS_OF_A = ["trainer of org A", "trainer outside the cohort"] as const;
// Course content, which trainers author (courses.manage): they read and write all of it.
const CONTENT_TABLES = [
  "public.skills", "public.courses", "public.course_sections", "public.lessons", "public.course_skills",
  "public.lesson_skills", "public.assessments", "public.questions", "public.question_keys", "public.activities",
  "public.tasks",
];
const READ_ALLOWED: Record<string, readonly Attacker[]> = {
  "public.organizations": MEMBERS_OF_A,
  "public.memberships": MEMBERS_OF_A,
  "public.profiles": MEMBERS_OF_A,
  "public.roles": SIGNED_IN,
  "public.role_permissions": SIGNED_IN,
  "public.plans": [...SIGNED_IN, "anonymous"], // the pricing page
  "public.features": [...SIGNED_IN, "anonymous"], // the pricing page
  "public.plan_entitlements": [...SIGNED_IN, "anonymous"], // the pricing page
  "public.score_brackets": SIGNED_IN,
  "public.organization_settings": MEMBERS_OF_A, // e.g. the retention shown on privacy pages
  "public.skills": MEMBERS_OF_A,
  // Analytics: how points and achievements are earned is shown to every member;
  // item statistics to content authors, like the questions they describe.
  "public.point_rules": MEMBERS_OF_A,
  "public.achievements": MEMBERS_OF_A,
  "public.question_item_stats": TRAINERS_OF_A,
  ...Object.fromEntries(CONTENT_TABLES.filter((t) => t !== "public.skills").map((t) => [t, TRAINERS_OF_A])),
};

// Writes an attacker of this matrix may legitimately perform on A's rows (for
// instance trainers managing a cohorts table). None today; when one is added
// here its case asserts the write is NOT refused, so the entry must be true.
const WRITE_ALLOWED: Record<string, Partial<Record<Attacker, readonly Operation[]>>> = {
  ...Object.fromEntries(
    CONTENT_TABLES.map((t) => [t, Object.fromEntries(TRAINERS_OF_A.map((a) => [a, ["insert", "update", "delete"] as const]))]),
  ),
  // Trainers create cohorts (cohorts.manage); they change only those they teach (SCOPED_ROWS).
  "public.cohorts": { "trainer of org A": ["insert"], "trainer outside the cohort": ["insert"] },
};

// The attacker's OWN rows, which they may act on for the listed operations:
// those rows are left out of the target for those operations only. A member
// may leave an organization (delete own membership) but updating it (e.g. own
// role) must still be refused; a user edits their own profile only.
// Learner-owned tables: a learner acts on their own rows, never on another
// learner's (the copied row of the INSERT probe is then someone else's).
// Computed per-learner analytics: read like the learner tables of the learning domain.
const ANALYTICS_LEARNER_TABLES = [
  "public.learner_daily_rollups", "public.point_transactions", "public.user_points", "public.user_achievements",
  "public.learner_analytics_snapshots", "public.predictive_analytics_cache",
];
const OWN_ROWS: Record<string, { column: string; operations: readonly Operation[] }> = {
  "public.memberships": { column: "user_id", operations: ["select", "delete"] },
  "public.profiles": { column: "id", operations: ["select", "update"] },
  "public.notifications": { column: "user_id", operations: ["select", "update"] }, // read / mark read one's own
  "public.enrollments": { column: "user_id", operations: ["select"] },
  "public.user_skills": { column: "user_id", operations: ["select"] },
  "public.lesson_progress": { column: "user_id", operations: ["select", "insert", "update"] },
  "public.task_completions": { column: "user_id", operations: ["select", "insert", "update"] },
  "public.assessment_attempts": { column: "user_id", operations: ["select", "insert"] },
  "public.answers": { column: "user_id", operations: ["select", "insert", "update"] }, // saved while the attempt is open
  "public.vision_boards": { column: "user_id", operations: ["select", "insert", "update", "delete"] },
  "public.goals": { column: "user_id", operations: ["select", "insert", "update", "delete"] },
  "public.goal_skills": { column: "user_id", operations: ["select", "insert", "update", "delete"] },
  "public.obstacles": { column: "user_id", operations: ["select", "insert", "update", "delete"] },
  "public.raw_events": { column: "user_id", operations: ["select"] },
  // Analytics: one's own privacy choices, and one's own computed numbers.
  "public.user_preferences": { column: "user_id", operations: ["select", "insert", "update"] },
  ...Object.fromEntries(ANALYTICS_LEARNER_TABLES.map((t) => [t, { column: "user_id", operations: ["select"] as const }])),
  "public.privacy_requests": { column: "user_id", operations: ["select"] }, // one's own export/erasure requests
};

// Rows of org A one attacker legitimately reaches for the listed operations,
// beyond their own: a learner reads published content and the cohorts they
// are in; a trainer reads the cohorts they teach and, of those cohorts'
// learners, the records of those cohorts' courses only (not the same
// learner's records in another course, taught by someone else), and manages
// those cohorts' trainers and enrollments. These rows are left out of that
// attacker's target, every other row of A must stay out of reach, and a
// positive control checks that the attacker does read all of them.
type Scope = { rows: (ids: LearningIds, people: ScopePeople) => SQL; operations: readonly Operation[] };
interface ScopePeople { learner: string; learner2: string; admin: string }
const idList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
/** A learner's records in one course, per learner-owned table. */
const LEARNER_RECORDS_IN_COURSE: Record<string, (learner: string, course: string) => SQL> = {
  "public.lesson_progress": (l, c) => sql`(user_id = ${l}::uuid and course_id = ${c}::uuid)`,
  "public.assessment_attempts": (l, c) =>
    sql`(user_id = ${l}::uuid and assessment_id in (select a.id from public.assessments a where a.course_id = ${c}::uuid))`,
  "public.answers": (l, c) =>
    sql`(user_id = ${l}::uuid and question_id in (
          select q.id from public.questions q join public.assessments a on a.id = q.assessment_id where a.course_id = ${c}::uuid))`,
  "public.task_completions": (l, c) =>
    sql`(user_id = ${l}::uuid and task_id in (
          select t.id from public.tasks t join public.activities ac on ac.id = t.activity_id where ac.course_id = ${c}::uuid))`,
  "public.user_skills": (l, c) =>
    sql`(user_id = ${l}::uuid and skill_id in (select cs.skill_id from public.course_skills cs where cs.course_id = ${c}::uuid))`,
};
type Taught = { learner: keyof ScopePeople; course: "publishedCourse" | "secondCourse" };
function teaching(taughtCohorts: ("cohort1" | "cohort2" | "cohort3")[], taught: Taught[]): Record<string, Scope> {
  const cohortIds = (ids: LearningIds) => idList(taughtCohorts.map((cohort) => ids[cohort]));
  return {
    "public.cohorts": { rows: (ids) => sql`id in (${cohortIds(ids)})`, operations: ["select", "update"] },
    "public.cohort_trainers": { rows: (ids) => sql`cohort_id in (${cohortIds(ids)})`, operations: ["select", "insert", "update", "delete"] },
    "public.enrollments": { rows: (ids) => sql`cohort_id in (${cohortIds(ids)})`, operations: ["select", "insert", "update", "delete"] },
    // A cohort's own numbers are read by its trainers.
    ...Object.fromEntries(["public.cohort_daily_rollups", "public.kpi_snapshots", "public.aggregated_analytics"].map((t) => [t, { rows: (ids: LearningIds) => sql`cohort_id in (${cohortIds(ids)})`, operations: ["select"] } satisfies Scope])),
    // A taught learner's own analytics (not tied to one course) are read by each trainer of a cohort they are in.
    ...Object.fromEntries(ANALYTICS_LEARNER_TABLES.map((t) => [t, {
      rows: (_ids: LearningIds, people: ScopePeople) => sql`user_id in (${idList([...new Set(taught.map(({ learner }) => people[learner]))])})`,
      operations: ["select"],
    } satisfies Scope])),
    // Reports (reports.export) on the cohorts they teach and their learners, and their files.
    ...reportScopes(taughtCohorts, [...new Set(taught.map(({ learner }) => learner))].filter((l) => l !== "admin")),
    ...Object.fromEntries(
      Object.entries(LEARNER_RECORDS_IN_COURSE).map(([table, records]) => [
        table,
        {
          rows: (ids: LearningIds, people: ScopePeople) => sql.join(taught.map(({ learner, course }) => records(people[learner], ids[course])), sql` or `),
          operations: ["select"],
        } satisfies Scope,
      ]),
    ),
  };
}
const publishedCourses = (ids: LearningIds) => idList([ids.publishedCourse, ids.secondCourse]);
const learnerActivities = (ids: LearningIds) => idList([ids.publishedActivity, ids.secondActivity, ids.skillActivity]);
const SCOPED_ROWS: Partial<Record<Attacker, Record<string, Scope>>> = {
  "learner of org A": {
    "public.courses": { rows: (ids) => sql`id in (${publishedCourses(ids)})`, operations: ["select"] },
    "public.course_sections": { rows: (ids) => sql`course_id in (${publishedCourses(ids)})`, operations: ["select"] },
    "public.lessons": { rows: (ids) => sql`course_id in (${publishedCourses(ids)})`, operations: ["select"] },
    "public.course_skills": { rows: (ids) => sql`course_id in (${publishedCourses(ids)})`, operations: ["select"] },
    "public.lesson_skills": { rows: (ids) => sql`lesson_id in (${idList([...ids.publishedLessons, ...ids.secondCourseLessons])})`, operations: ["select"] },
    "public.assessments": { rows: (ids) => sql`course_id in (${publishedCourses(ids)})`, operations: ["select"] },
    "public.questions": { rows: (ids) => sql`assessment_id in (${idList([ids.publishedAssessment, ids.secondAssessment])})`, operations: ["select"] },
    "public.activities": { rows: (ids) => sql`id in (${learnerActivities(ids)})`, operations: ["select"] },
    "public.tasks": { rows: (ids) => sql`activity_id in (${learnerActivities(ids)})`, operations: ["select"] },
    "public.cohorts": { rows: (ids) => sql`id in (${idList([ids.cohort1, ids.cohort3])})`, operations: ["select"] },
    "public.cohort_trainers": { rows: (ids) => sql`cohort_id in (${idList([ids.cohort1, ids.cohort3])})`, operations: ["select"] },
  },
  // `learner` is in cohort 1 (trainer) and cohort 3 (outsider, second course).
  // The analytics fixture enrolls the admin in cohort 1 as a learner too.
  "trainer of org A": teaching(["cohort1"], [{ learner: "learner", course: "publishedCourse" }, { learner: "admin", course: "publishedCourse" }]),
  "trainer outside the cohort": teaching(
    ["cohort2", "cohort3"],
    [{ learner: "learner2", course: "publishedCourse" }, { learner: "learner", course: "secondCourse" }],
  ),
};

// Errors other than 42501 that legitimately refuse moving a row of org B into
// org A, raised before RLS's WITH CHECK gets to run (BEFORE triggers fire first).
const MOVE_REFUSALS: Record<string, string> = {
  "public.memberships": "SW400", // guard_membership_change: a membership never moves to another organization
  // check_same_organization / check_can_teach: a child row stays in its parent's organization
  ...Object.fromEntries(
    [
      "course_sections", "lessons", "course_skills", "lesson_skills", "cohorts", "cohort_trainers", "assessments",
      "questions", "question_keys", "activities", "tasks",
    ].map((t) => [`public.${t}`, "SW400"]),
  ),
};

// Refusals other than 42501 of the INSERT probe (a copy of another user's row)
// by a BEFORE INSERT trigger that runs ahead of RLS's WITH CHECK.
const INSERT_REFUSALS: Record<string, readonly string[]> = {};

// The delete control's rows where some of A's rows cannot be deleted by anyone
// through the API: a course that a cohort runs is protected by its foreign key
// (on delete restrict).
const DELETE_CONTROL_ROWS: Record<string, SQL> = {
  "public.courses": sql`not exists (select 1 from public.cohorts c where c.course_id = courses.id)`,
};

// ---------------------------------------------------------------------------
// The catalog
// ---------------------------------------------------------------------------
interface CatalogTable {
  name: string;
  schema: string;
  table: string;
  hasOrganizationId: boolean;
  identityAlways: boolean;
  /** A plain column the no-op UPDATE probe sets to itself (one authenticated may update, if any). */
  probeColumn: string;
  authenticatedMayUpdate: boolean;
  authenticatedMayDelete: boolean;
}

const schemaList = sql.join(EXPOSED_SCHEMAS.map((s) => sql`${s}`), sql`, `);

const tables = await withServiceDb(
  "test: read the catalog",
  async (tx) =>
    (await tx.execute<{
      schema: string;
      table: string;
      has_organization_id: boolean;
      identity_always: boolean;
      probe_column: string;
      authenticated_may_update: boolean;
      authenticated_may_delete: boolean;
    }>(sql`
      select n.nspname as schema, c.relname as table,
        exists (select 1 from pg_attribute a
                where a.attrelid = c.oid and a.attname = 'organization_id' and a.attnum > 0 and not a.attisdropped)
          as has_organization_id,
        exists (select 1 from pg_attribute a
                where a.attrelid = c.oid and a.attidentity = 'a' and a.attnum > 0 and not a.attisdropped)
          as identity_always,
        (select a.attname from pg_attribute a
         where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attidentity = '' and a.attgenerated = ''
         order by has_column_privilege('authenticated', c.oid, a.attnum, 'UPDATE') desc, a.attnum
         limit 1) as probe_column,
        has_any_column_privilege('authenticated', c.oid, 'UPDATE') as authenticated_may_update,
        has_table_privilege('authenticated', c.oid, 'DELETE') as authenticated_may_delete
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in (${schemaList}) and c.relkind in ('r', 'p') and not c.relispartition
      order by 1, 2`)).map(
      (row): CatalogTable => ({
        name: `${row.schema}.${row.table}`,
        schema: row.schema,
        table: row.table,
        hasOrganizationId: row.has_organization_id,
        identityAlways: row.identity_always,
        probeColumn: row.probe_column,
        authenticatedMayUpdate: row.authenticated_may_update,
        authenticatedMayDelete: row.authenticated_may_delete,
      }),
    ),
  testDb(),
);

const partitions = await withServiceDb(
  "test: read the catalog",
  async (tx) =>
    (await tx.execute<{ name: string }>(sql`
      select format('%I.%I', n.nspname, c.relname) as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in (${schemaList}) and c.relispartition and c.relkind in ('r', 'p')
      order by 1`)).map((row) => row.name),
  testDb(),
);

const sequences = await withServiceDb(
  "test: read the catalog",
  async (tx) =>
    (await tx.execute<{ name: string }>(sql`
      select format('%I.%I', n.nspname, c.relname) as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in (${schemaList}) and c.relkind = 'S'
      order by 1`)).map((row) => row.name),
  testDb(),
);

function ownershipOf(table: CatalogTable): Ownership | undefined {
  return OWNERSHIP[table.name] ?? (table.hasOrganizationId ? { kind: "tenant", column: "organization_id" } : undefined);
}

const attacked = tables.filter((table) => ownershipOf(table));
const tenantTables = tables.filter((table) => table.hasOrganizationId);

// ---------------------------------------------------------------------------
// Fixture: victim org A (owner/admin, trainer, learner, a pending invitation;
// audit rows come from the membership/invitation triggers) and attacker org B.
// ---------------------------------------------------------------------------
interface Fixture {
  a: TestOrg;
  b: TestOrg;
  /** Org A's learning rows (courses, cohorts…) and its two learners. */
  learning: LearningIds;
  scopePeople: ScopePeople;
  /** Users who are members of A and of no other organization. */
  aOnlyUserIds: string[];
  attackers: Record<Attacker, SessionClaims | null>;
  /** The pending invitation to A: its raw token (as mailed) and its email. */
  invitation: { token: string; email: string };
}

let fx: Fixture;

function newToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: createHash("sha256").update(token).digest("hex") };
}

async function invite(org: TestOrg) {
  const { token, tokenHash } = newToken();
  const email = `invitee-${uniqueSuffix()}@example.test`;
  // As the org's owner, through RLS, as the app does it.
  await withUserDb(
    org.owner,
    (tx) =>
      tx.execute(sql`insert into public.invitations (organization_id, email, role, token_hash, invited_by)
                     values (${org.id}, ${email}, 'learner', ${tokenHash}, ${org.owner.sub})`),
    {},
    testDb(),
  );
  return { token, email };
}

// One or more rows of every tenant table for `org`, written as the app writes
// them. When a migration adds a tenant-owned table, add its rows here: the
// positive controls fail until every attacked table holds rows of org A (the
// attack targets) and of org B (the "move into A" attacks). Memberships and
// audit rows come from createOrg and the triggers.
async function seedOrgRows(org: TestOrg) {
  const invitation = await invite(org); // stays pending
  await seedBillingRows(org); // customer, subscription + item, order + item, a notification, a Stripe event
  // Published and draft courses with their parts, two cohorts (one per trainer),
  // progress, attempts, answers, tasks, vision boards and events of two learners, an API key.
  const learning = await seedLearningRows(org);
  // Preferences, point rules, achievements and every computed analytics table.
  await seedAnalyticsRows(org, learning, { adminLearnsInCohort1: true });
  // Reports of each kind (completed, with files) and a learner's privacy request.
  await seedReportRows(org, learning);
  return { invitation, learning };
}

beforeAll(async () => {
  const a = await createOrg(LEARNING_ROLES);
  const b = await createOrg(LEARNING_ROLES);
  const { invitation, learning } = await seedOrgRows(a);
  await seedOrgRows(b);
  fx = {
    a,
    b,
    learning,
    scopePeople: { learner: a.members.learner.sub, learner2: a.members.learner2.sub, admin: a.owner.sub },
    aOnlyUserIds: [a.owner.sub, ...Object.values(a.members).map((member) => member.sub)],
    attackers: {
      "admin of org B": b.owner,
      "learner of org A": a.members.learner,
      "trainer of org A": a.members.trainer,
      "trainer outside the cohort": a.members.outsider,
      anonymous: null,
    },
    invitation,
  };
});

// ---------------------------------------------------------------------------
// Probes
// ---------------------------------------------------------------------------
const ident = (table: CatalogTable) => sql`${sql.identifier(table.schema)}.${sql.identifier(table.table)}`;
const uuidList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

/** Org A's rows of `table`, minus the actor's own rows and the attacker's scope where acting on them is legitimate for `op`. */
function rowsOfA(table: CatalogTable, op: Operation, actor: SessionClaims | null, attacker?: Attacker): SQL {
  const ownership = ownershipOf(table)!;
  let where: SQL;
  switch (ownership.kind) {
    case "tenant":
      where = sql`${sql.identifier(ownership.column)} = ${fx.a.id}::uuid`;
      break;
    case "user":
      where = sql`${sql.identifier(ownership.column)} in (${uuidList(fx.aOnlyUserIds)})`;
      break;
    case "global":
    case "service-only":
      where = sql`true`;
      break;
  }
  const own = OWN_ROWS[table.name];
  if (actor && own?.operations.includes(op)) {
    where = sql`${where} and ${sql.identifier(own.column)} <> ${actor.sub}::uuid`;
  }
  const scope = attacker ? SCOPED_ROWS[attacker]?.[table.name] : undefined;
  if (scope?.operations.includes(op)) {
    where = sql`${where} and (${scope.rows(fx.learning, fx.scopePeople)}) is not true`;
  }
  return where;
}

async function countAsService(table: CatalogTable, where: SQL) {
  return withServiceDb(
    "test: count fixture rows",
    async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${ident(table)} where ${where}`))[0].n,
    testDb(),
  );
}

function probe(table: CatalogTable, op: Operation, where: SQL, copiedRow?: unknown): SQL {
  const target = ident(table);
  switch (op) {
    case "select":
      return sql`select count(*)::int as n from ${target} where ${where}`;
    case "insert":
      return sql`insert into ${target} ${table.identityAlways ? sql`overriding system value` : sql``}
                 select * from jsonb_populate_record(null::${target}, ${JSON.stringify(copiedRow)}::jsonb)`;
    case "update": {
      const column = sql.identifier(table.probeColumn);
      return sql`update ${target} set ${column} = ${column} where ${where}`;
    }
    case "delete":
      return sql`delete from ${target} where ${where}`;
    case "truncate":
      return sql`truncate ${target}`;
  }
}

async function run(actor: SessionClaims | null, statement: SQL, op: Operation): Promise<Outcome<{ count: number }>> {
  return attemptAs(actor, async (tx) => {
    const result = await tx.execute<{ n: number }>(statement);
    return { count: op === "select" ? result[0].n : result.count };
  });
}

const REFUSED = ["denied (42501)", "0 rows"];

// ---------------------------------------------------------------------------
// Coverage of the catalog
// ---------------------------------------------------------------------------
describe("catalog coverage", () => {
  it("finds the tenancy tables (the catalog query is not vacuous)", () => {
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        "public.organizations",
        "public.profiles",
        "public.memberships",
        "public.roles",
        "public.role_permissions",
        "public.invitations",
        "public.audit_logs",
      ]),
    );
    expect(tables.map((t) => t.name)).not.toContain("public.audit_logs_default"); // partitions are excluded
  });

  it("every table in an exposed schema has organization_id or an ownership classification", () => {
    const unclassified = tables.filter((table) => !ownershipOf(table)).map((table) => table.name);
    expect(
      unclassified,
      "Tables whose rows cannot be tied to an organization. Add organization_id, or classify them in OWNERSHIP",
    ).toEqual([]);
  });

  it("every classification and allow-list entry names an existing table", () => {
    const names = new Set(tables.map((t) => t.name));
    const scoped = Object.values(SCOPED_ROWS).flatMap((tablesOfAttacker) => Object.keys(tablesOfAttacker ?? {}));
    const entries = [...Object.keys(OWNERSHIP), ...Object.keys(READ_ALLOWED), ...Object.keys(WRITE_ALLOWED), ...Object.keys(OWN_ROWS), ...Object.keys(MOVE_REFUSALS), ...scoped];
    expect(entries.filter((name) => !names.has(name))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Positive controls: the matrix cannot pass because the fixture is empty, the
// probes are broken or the sessions do not work.
// ---------------------------------------------------------------------------
describe("positive controls", () => {
  it.each(attacked.map((t) => ({ table: t.name, t })))("the fixture has rows of org A in $table", async ({ t }) => {
    expect(await countAsService(t, rowsOfA(t, "select", null)), "add rows of this table to seedOrgRows()").toBeGreaterThan(0);
  });

  it.each(tenantTables.map((t) => ({ table: t.name, t })))("the fixture has rows of org B in $table", async ({ t }) => {
    expect(await countAsService(t, sql`organization_id = ${fx.b.id}::uuid`), "add rows of this table to seedOrgRows()").toBeGreaterThan(0);
  });

  // Org A's admin reads every row of A, except in tables private to their
  // owners (vision boards, one's own events): there each owner reads theirs.
  const readByAdmin = attacked.filter((t) => ownershipOf(t)!.kind !== "service-only");
  it.each(readByAdmin.map((t) => ({ table: t.name, t })))("org A's admin, or each owner, sees org A's rows in $table", async ({ t }) => {
    const total = await countAsService(t, rowsOfA(t, "select", null));
    const outcome = await run(fx.a.owner, probe(t, "select", rowsOfA(t, "select", null)), "select");
    if (outcome.ok && outcome.value.count === total) return;
    const own = OWN_ROWS[t.name];
    expect(own?.operations.includes("select"), `org A's admin sees ${summarize(outcome)} of ${total}`).toBe(true);
    let seen = 0;
    for (const userId of fx.aOnlyUserIds) {
      const mine = sql`${rowsOfA(t, "select", null)} and ${sql.identifier(own!.column)} = ${userId}::uuid`;
      const expected = await countAsService(t, mine);
      if (expected === 0) continue;
      const claims = userId === fx.a.owner.sub ? fx.a.owner : Object.values(fx.a.members).find((m) => m.sub === userId)!;
      const read = await run(claims, probe(t, "select", mine), "select");
      expect(summarize(read), `${claims.email} reads own rows`).toBe(`${expected} rows`);
      seen += expected;
    }
    expect(seen).toBe(total);
  });

  const scopedReads = ATTACKERS.flatMap((attacker) =>
    Object.entries(SCOPED_ROWS[attacker] ?? {})
      .filter(([, scope]) => scope.operations.includes("select"))
      .map(([table, scope]) => ({ attacker, table, scope })),
  );
  it.each(scopedReads)("$attacker reads all of their scope in $table", async ({ attacker, table, scope }) => {
    const t = tables.find((candidate) => candidate.name === table)!;
    const where = sql`${rowsOfA(t, "select", null)} and (${scope.rows(fx.learning, fx.scopePeople)})`;
    const expected = await countAsService(t, where);
    expect(expected, "the scope holds rows").toBeGreaterThan(0);
    expect(summarize(await run(fx.attackers[attacker], probe(t, "select", where), "select"))).toBe(`${expected} rows`);
  });

  // The UPDATE/DELETE probes the attackers are refused do work for someone
  // legitimate wherever authenticated holds the privilege: org A's admin on
  // A's rows, or a member of A on their own rows (OWN_ROWS, user-owned tables).
  const writeControls = attacked.flatMap((t) =>
    (["update", "delete"] as const)
      .filter((op) => (op === "update" ? t.authenticatedMayUpdate : t.authenticatedMayDelete))
      .map((op) => ({ table: t.name, op, t })),
  );
  it.each(writeControls)("someone legitimate can $op org A's rows in $table (rolled back)", async ({ t, op }) => {
    const attempts: string[] = [];
    const tryAs = async (who: string, claims: SessionClaims, where: SQL) => {
      const outcome = summarize(await run(claims, probe(t, op, where), op));
      attempts.push(`${who}: ${outcome}`);
      return /^[1-9]\d* rows$/.test(outcome);
    };
    const restricted = op === "delete" ? DELETE_CONTROL_ROWS[t.name] : undefined;
    let worked = await tryAs("org A's admin", fx.a.owner, restricted ? sql`${rowsOfA(t, op, fx.a.owner)} and ${restricted}` : rowsOfA(t, op, fx.a.owner));
    const ownership = ownershipOf(t)!;
    const ownColumn = OWN_ROWS[t.name]?.column ?? (ownership.kind === "user" ? ownership.column : undefined);
    if (!worked && ownColumn) {
      const owners = await withServiceDb(
        "test: find members of org A owning rows",
        async (tx) =>
          (await tx.execute<{ sub: string; email: string }>(sql`
            select p.id as sub, p.email from public.profiles p
            where p.id in (select ${sql.identifier(ownColumn)} from ${ident(t)} where ${rowsOfA(t, op, null)})
              and p.id in (${uuidList(fx.aOnlyUserIds)})
            order by p.email`))
            .map((row) => ({ sub: row.sub, email: row.email })),
        testDb(),
      );
      for (const claims of owners) {
        if (worked) break;
        worked = await tryAs(`${claims.email} on own rows`, claims, sql`${rowsOfA(t, op, null)} and ${sql.identifier(ownColumn)} = ${claims.sub}::uuid`);
      }
    }
    expect(worked, attempts.join("; ")).toBe(true);
  });

  it("each attacker's session works", async () => {
    const seesOrg = async (claims: SessionClaims, orgId: string) => {
      const outcome = await run(claims, sql`select count(*)::int as n from public.organizations where id = ${orgId}::uuid`, "select");
      return summarize(outcome);
    };
    expect(await seesOrg(fx.attackers["admin of org B"]!, fx.b.id)).toBe("1 rows");
    expect(await seesOrg(fx.attackers["learner of org A"]!, fx.a.id)).toBe("1 rows");
    expect(await seesOrg(fx.attackers["trainer of org A"]!, fx.a.id)).toBe("1 rows");
    expect(await seesOrg(fx.attackers["trainer outside the cohort"]!, fx.a.id)).toBe("1 rows");
    const preview = await attemptAs(null, (tx) => tx.execute(sql`select * from public.invitation_preview(${fx.invitation.token})`));
    expect(preview.ok && preview.value.length).toBe(1);
  });
});

// ---------------------------------------------------------------------------
// Trainers are scoped to their cohorts' courses, not to their learners: the
// trainer of cohort 1 teaches `learner` in the published course; `learner` is
// also in cohort 3 of a second course, taught by the other trainer. (The
// matrix above covers this through SCOPED_ROWS; these cases name it.)
// ---------------------------------------------------------------------------
describe("a trainer reads a learner's records only for the courses of the cohorts they teach", () => {
  it.each(Object.keys(LEARNER_RECORDS_IN_COURSE).map((table) => ({ table })))(
    "$table: not the same learner's records of another trainer's course",
    async ({ table }) => {
      const t = tables.find((candidate) => candidate.name === table)!;
      const inA = sql`organization_id = ${fx.a.id}::uuid`;
      const otherCourse = sql`${inA} and ${LEARNER_RECORDS_IN_COURSE[table](fx.scopePeople.learner, fx.learning.secondCourse)}`;
      const taughtCourse = sql`${inA} and ${LEARNER_RECORDS_IN_COURSE[table](fx.scopePeople.learner, fx.learning.publishedCourse)}`;
      const [other, taught] = [await countAsService(t, otherCourse), await countAsService(t, taughtCourse)];
      expect(other, "the learner has records in the second course").toBeGreaterThan(0);
      expect(taught, "the learner has records in the taught course").toBeGreaterThan(0);
      const read = async (attacker: Attacker, where: SQL) => summarize(await run(fx.attackers[attacker], probe(t, "select", where), "select"));
      expect(await read("trainer of org A", otherCourse)).toBe("0 rows");
      expect(await read("trainer of org A", taughtCourse)).toBe(`${taught} rows`);
      // The second course's own trainer does read them, and not the first course's.
      expect(await read("trainer outside the cohort", otherCourse)).toBe(`${other} rows`);
      expect(await read("trainer outside the cohort", taughtCourse)).toBe("0 rows");
    },
  );
});

// ---------------------------------------------------------------------------
// The matrix: table × attacker × operation against org A's rows
// ---------------------------------------------------------------------------
describe.each(attacked.map((t) => ({ table: t.name, t })))("$table", ({ t }) => {
  const cases = ATTACKERS.flatMap((attacker) => OPERATIONS.map((op) => ({ attacker, op })));

  it.each(cases)("$attacker: $op", async ({ attacker, op }) => {
    const actor = fx.attackers[attacker];
    const where = rowsOfA(t, op, actor, attacker);
    // Non-vacuity: the rows under attack exist.
    expect(await countAsService(t, where), "no rows of org A to attack").toBeGreaterThan(0);

    let copied: unknown;
    if (op === "insert") {
      copied = await withServiceDb(
        "test: copy a row of org A",
        async (tx) =>
          (await tx.execute<{ row: unknown }>(sql`select to_jsonb(t.*) as row from ${ident(t)} t where ${where} limit 1`))[0].row,
        testDb(),
      );
    }

    const outcome = summarize(await run(actor, probe(t, op, where, copied), op));

    if (op === "select" && READ_ALLOWED[t.name]?.includes(attacker)) {
      // Legitimate read by design: it must actually work.
      expect(outcome).toMatch(/^[1-9]\d* rows$/);
    } else if (WRITE_ALLOWED[t.name]?.[attacker]?.includes(op)) {
      expect(outcome).not.toBe("denied (42501)");
    } else if (op === "insert" && INSERT_REFUSALS[t.name]?.includes(outcome.split(":")[0])) {
      // Refused by a BEFORE INSERT rule that runs ahead of RLS's WITH CHECK.
    } else if (op === "insert" || op === "truncate") {
      expect(outcome).toBe("denied (42501)");
    } else {
      expect(REFUSED).toContain(outcome);
    }
  });
});

describe.each(tenantTables.map((t) => ({ table: t.name, t })))("$table", ({ t }) => {
  it("admin of org B: move B's rows into org A (update organization_id)", async () => {
    const statement = sql`update ${ident(t)} set organization_id = ${fx.a.id}::uuid where organization_id = ${fx.b.id}::uuid`;
    const outcome = await run(fx.attackers["admin of org B"], statement, "update");
    const allowedError = MOVE_REFUSALS[t.name];
    const accepted = [...REFUSED, ...(allowedError && !outcome.ok && outcome.code === allowedError ? [summarize(outcome)] : [])];
    expect(accepted).toContain(summarize(outcome));
  });
});

// Partitions carry no RLS of their own (it lives on the parent), so nobody but
// the service role may reach them directly, not even org A's own admin.
describe.each(partitions.map((name) => ({ name })))("partition $name", ({ name }) => {
  const actors = [...ATTACKERS.map((attacker) => ({ who: attacker as string })), { who: "admin of org A" }];
  it.each(actors)("$who: select directly", async ({ who }) => {
    const actor = who === "admin of org A" ? fx.a.owner : fx.attackers[who as Attacker];
    const [schema, table] = name.split(".");
    const statement = sql`select count(*)::int as n from ${sql.identifier(schema)}.${sql.identifier(table)}`;
    expect(summarize(await run(actor, statement, "select"))).toBe("denied (42501)");
  });
});

// Sequences: nobody but the service role needs them (identity columns skip the
// sequence privilege check). nextval() is the probe because it is harmless if
// it gets through; setval() is not rolled back, so it is never tried here.
describe.each(sequences.map((name) => ({ name })))("sequence $name", ({ name }) => {
  const probes = ATTACKERS.flatMap((attacker) => [
    { attacker, probe: "nextval", statement: sql`select nextval(${name}::regclass) as n` },
    { attacker, probe: "read", statement: sql`select last_value as n from ${sql.identifier(name.split(".")[0])}.${sql.identifier(name.split(".")[1])}` },
  ]);
  it.each(probes)("$attacker: $probe", async ({ attacker, statement }) => {
    const outcome = await attemptAs(fx.attackers[attacker], (tx) => tx.execute(statement));
    expect(outcome.ok ? "succeeded" : outcome.code).toBe("42501");
  });
});

// ---------------------------------------------------------------------------
// Security-definer RPCs
// ---------------------------------------------------------------------------
describe("security-definer RPCs", () => {
  const code = (outcome: Outcome<unknown>) => (outcome.ok ? "succeeded" : outcome.code);

  async function invitationState(email: string) {
    return withServiceDb(
      "test: inspect the invitation",
      async (tx) =>
        (await tx.execute<{ accepted_at: string | null; members: number }>(sql`
          select i.accepted_at,
            (select count(*)::int from public.memberships m where m.organization_id = i.organization_id) as members
          from public.invitations i where i.email = ${email}`))[0],
      testDb(),
    );
  }

  it("anonymous cannot call create_organization", async () => {
    const outcome = await attemptAs(null, (tx) => tx.execute(sql`select * from public.create_organization('Sneaky Org', ${`sneaky-${uniqueSuffix()}`})`));
    expect(code(outcome)).toBe("42501");
  });

  it("anonymous cannot call accept_invitation, even with a valid token", async () => {
    const before = await invitationState(fx.invitation.email);
    const outcome = await attemptAs(null, (tx) => tx.execute(sql`select public.accept_invitation(${fx.invitation.token})`));
    expect(code(outcome)).toBe("42501");
    expect(await invitationState(fx.invitation.email)).toEqual(before);
  });

  it("anonymous cannot find an invitation by guessing: invitation_preview needs the token itself", async () => {
    const inviteHash = createHash("sha256").update(fx.invitation.token).digest("hex");
    for (const guess of ["", inviteHash, fx.invitation.email, fx.a.slug, newToken().token]) {
      const outcome = await attemptAs(null, (tx) => tx.execute(sql`select * from public.invitation_preview(${guess})`));
      expect(outcome.ok && outcome.value.length, `guess ${JSON.stringify(guess)}`).toBe(0);
    }
  });

  it("a learner of org A cannot read invitations through any path", async () => {
    const learner = fx.attackers["learner of org A"];
    const inviteHash = createHash("sha256").update(fx.invitation.token).digest("hex");
    const reads = {
      table: sql`select count(*)::int as n from public.invitations`,
      tableByEmail: sql`select count(*)::int as n from public.invitations where email = ${fx.invitation.email}`,
      auditTrail: sql`select count(*)::int as n from public.audit_logs where resource_type = 'invitation' or new_values ? 'email'`,
      previewByHash: sql`select count(*)::int as n from public.invitation_preview(${inviteHash})`,
      previewByEmail: sql`select count(*)::int as n from public.invitation_preview(${fx.invitation.email})`,
      previewEmpty: sql`select count(*)::int as n from public.invitation_preview('')`,
    };
    for (const [path, statement] of Object.entries(reads)) {
      expect(REFUSED, path).toContain(summarize(await run(learner, statement, "select")));
    }
    // accept_invitation with the stored hash in place of the token finds nothing either.
    const accept = await attemptAs(learner, (tx) => tx.execute(sql`select public.accept_invitation(${inviteHash})`));
    expect(code(accept)).toBe("SW404");
  });

  it("org B's admin cannot accept org A's invitation with a wrong token", async () => {
    const before = await invitationState(fx.invitation.email);
    const admin = fx.attackers["admin of org B"];
    const inviteHash = createHash("sha256").update(fx.invitation.token).digest("hex");
    for (const wrong of [newToken().token, inviteHash, fx.invitation.token.slice(0, -1), ""]) {
      const outcome = await attemptAs(admin, (tx) => tx.execute(sql`select public.accept_invitation(${wrong})`));
      expect(code(outcome), `token ${JSON.stringify(wrong)}`).toBe("SW404");
    }
    expect(await invitationState(fx.invitation.email)).toEqual(before);
  });

  it("org B's admin cannot pass the email check by rewriting their profile's email first", async () => {
    // accept_invitation compares the invitation's email with the caller's
    // profile; the profile's email mirrors auth.users and must not be writable.
    const admin = fx.attackers["admin of org B"]!;
    const before = await invitationState(fx.invitation.email);
    const outcome = await attemptAs(admin, async (tx) => {
      await tx.execute(sql`update public.profiles set email = ${fx.invitation.email} where id = ${admin.sub}::uuid`);
      return tx.execute(sql`select public.accept_invitation(${fx.invitation.token})`);
    });
    expect(code(outcome)).toBe("42501");
    expect(await invitationState(fx.invitation.email)).toEqual(before);
  });

  it("org B's admin cannot accept org A's invitation even with the right token (it names another email)", async () => {
    const before = await invitationState(fx.invitation.email);
    const outcome = await attemptAs(fx.attackers["admin of org B"], (tx) => tx.execute(sql`select public.accept_invitation(${fx.invitation.token})`));
    expect(code(outcome)).toBe("SW403");
    expect(await invitationState(fx.invitation.email)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------
// Tables of schema `private` (not exposed by the Data API): the job list, the
// job-run log, sign-in attempts. No RLS there: the API roles hold no
// privilege at all, so every attacker (and org A's own admin) is refused.
// ---------------------------------------------------------------------------
const privateTables = await withServiceDb(
  "test: read the catalog",
  async (tx) =>
    (await tx.execute<{ name: string }>(sql`
      select format('%I.%I', n.nspname, c.relname) as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'private' and c.relkind in ('r', 'p') and not c.relispartition
      order by 1`)).map((row) => row.name),
  testDb(),
);

describe.each(privateTables.map((name) => ({ name })))("private table $name", ({ name }) => {
  const actors = [...ATTACKERS.map((attacker) => ({ who: attacker as string })), { who: "admin of org A" }];
  it.each(actors)("$who: select and delete directly", async ({ who }) => {
    const actor = who === "admin of org A" ? fx.a.owner : fx.attackers[who as Attacker];
    const [schema, table] = name.split(".");
    const target = sql`${sql.identifier(schema)}.${sql.identifier(table)}`;
    const outcomes = [
      await attemptAs(actor, (tx) => tx.execute(sql`select count(*)::int as n from ${target}`)),
      await attemptAs(actor, (tx) => tx.execute(sql`delete from ${target}`)),
    ];
    expect(outcomes.map((outcome) => (outcome.ok ? "succeeded" : outcome.code))).toEqual(["42501", "42501"]);
  });
});

it("the private tables include the job-run log", () => {
  expect(privateTables).toEqual(expect.arrayContaining(["private.job_runs", "private.scheduled_jobs", "private.sign_in_attempts"]));
});
