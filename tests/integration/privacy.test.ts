// Privacy: preferences (audited), a member's data export (everything about
// them in that organization, nothing of anyone else or of another
// organization), and erasure (personal rows gone, aggregates unchanged — their
// share kept under a random pseudonym — seat released, the request visible to
// admins; the last owner is refused).
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { SessionClaims } from "@/db/rls";
import { eraseMe, exportMyData, getMyPreferences, listPrivacyRequests, saveMyPreferences } from "@/db/queries/privacy";
import { requestReport } from "@/db/queries/reports";
import { memberships } from "@/db/schema";
import { runReportWorker } from "@/lib/reports/worker";
import { preferencesSchema } from "@/lib/validation/privacy";
import { createOrg, testDb, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import { attemptAs } from "../support/attempt";
import { LEARNING_ROLES, learningPeople, seedLearningRows, type LearningIds, type LearningPeople } from "../support/learning-matrix";
import { seedAnalyticsRows } from "../support/analytics-matrix";

const as = <T>(claims: SessionClaims, fn: Parameters<typeof withUserDb<T>>[1]) => withUserDb(claims, fn, {}, testDb());
const service = <T>(fn: Parameters<typeof withServiceDb<T>>[1]) => withServiceDb("test", fn, testDb());
const code = (outcome: { ok: boolean; code?: string }) => (outcome.ok ? "succeeded" : outcome.code);

let org: TestOrg;
let otherOrg: TestOrg;
let ids: LearningIds;
let people: LearningPeople;

/** Tables holding one member's rows in one organization (organization_id and user_id), from the catalog. */
async function personalTables(): Promise<string[]> {
  return service(async (tx) =>
    (await tx.execute<{ name: string }>(sql`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> 'privacy_requests'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped)
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)
      order by 1`)).map((r) => r.name),
  );
}

async function countOf(table: string, orgId: string, userId: string): Promise<number> {
  return service(async (tx) =>
    (await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier("public")}.${sql.identifier(table)} where organization_id = ${orgId}::uuid and user_id = ${userId}::uuid`))[0].n,
  );
}

/**
 * A fingerprint of the organization's rows in every table without a user_id
 * (rollups per cohort and organization, monthly aggregates, KPI snapshots,
 * item statistics, content, cohorts…), except those erasure changes by design:
 * the request record, learner reports about the member and the audit trail.
 */
async function aggregatesFingerprint(orgId: string): Promise<Record<string, string>> {
  return service(async (tx) => {
    const tables = (await tx.execute<{ name: string }>(sql`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname not in ('privacy_requests', 'reports', 'report_files', 'audit_logs', 'raw_event_keys', 'invitations')
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped)
        and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)
      order by 1`)).map((r) => r.name);
    const prints: Record<string, string> = {};
    for (const table of tables) {
      const [row] = await tx.execute<{ print: string; n: number }>(sql`
        select md5(coalesce(string_agg(to_jsonb(t)::text, '|' order by to_jsonb(t)::text), '')) as print, count(*)::int as n
        from ${sql.identifier("public")}.${sql.identifier(table)} t where organization_id = ${orgId}::uuid`);
      prints[table] = `${row.n}:${row.print}`;
    }
    return prints;
  });
}

beforeAll(async () => {
  org = await createOrg(LEARNING_ROLES);
  ids = await seedLearningRows(org);
  await seedAnalyticsRows(org, ids);
  people = learningPeople(org);
  // The learner is also a member of another organization, with rows there.
  otherOrg = await createOrg(LEARNING_ROLES);
  const otherIds = await seedLearningRows(otherOrg);
  await seedAnalyticsRows(otherOrg, otherIds);
  await service((tx) => tx.insert(memberships).values({ organizationId: otherOrg.id, userId: people.learner.sub, role: "learner" }));
  await service((tx) => tx.execute(sql`insert into public.user_points (organization_id, user_id, total_points) values (${otherOrg.id}, ${people.learner.sub}, 77)`));
  // A notification and a learner report about the learner.
  await service((tx) => tx.execute(sql`insert into public.notifications (organization_id, user_id, type, title) values (${org.id}, ${people.learner.sub}, 'learning.answer_graded', 'Graded')`));
  await as(people.admin, (tx) =>
    requestReport(tx, { organizationId: org.id, reportType: "learner", subjectId: people.learner.sub, format: "csv", parameters: { from: "2020-01-01", to: "2099-12-31" } }),
  );
  await runReportWorker(testDb(), { organizationId: org.id });
});

describe("preferences", () => {
  it("a member saves their choices, which are audited with old and new values", async () => {
    const me = { organizationId: org.id, userId: people.learner2.sub };
    const choice = preferencesSchema.parse({ leaderboardVisibility: "hidden", predictionsOptOut: "on", notifications: ["grades"] });
    await as(people.learner2, (tx) => saveMyPreferences(tx, { ...me, ...choice }));
    expect(await as(people.learner2, (tx) => getMyPreferences(tx, me))).toEqual({
      leaderboardVisibility: "hidden",
      predictionsOptOut: true,
      notifications: { grades: true, achievements: false, reminders: false, reports: false },
    });
    const [audit] = await service((tx) =>
      tx.execute<{ action: string; actor_id: string; old_values: { leaderboard_visibility: string }; new_values: { leaderboard_visibility: string } }>(sql`
        select action, actor_id, old_values, new_values from public.audit_logs
        where organization_id = ${org.id} and resource_type = 'user_preference' and actor_id = ${people.learner2.sub}
        order by created_at desc, id desc limit 1`),
    );
    expect(audit).toMatchObject({ actor_id: people.learner2.sub, old_values: { leaderboard_visibility: "public" }, new_values: { leaderboard_visibility: "hidden" } });
  });

  it("refuses a visibility that does not exist", () => {
    expect(preferencesSchema.safeParse({ leaderboardVisibility: "everyone", notifications: [] }).success).toBe(false);
    expect(preferencesSchema.safeParse({ leaderboardVisibility: "public", notifications: ["spam"] }).success).toBe(false);
  });
});

describe("download my data", () => {
  it("holds every personal table's rows of the member in that organization, and nothing else", async () => {
    const document = (await as(people.learner, (tx) => exportMyData(tx, org.id))) as {
      organization: { id: string };
      profile: { id: string; email: string };
      tables: Record<string, { user_id?: string; organization_id?: string }[]>;
    };
    expect(document.organization.id).toBe(org.id);
    expect(document.profile).toMatchObject({ id: people.learner.sub, email: people.learner.email });
    const tables = await personalTables();
    for (const name of ["enrollments", "lesson_progress", "assessment_attempts", "answers", "task_completions", "goals", "obstacles", "notifications", "raw_events", "user_points", "learner_analytics_snapshots", "user_preferences", "memberships"]) {
      expect(tables, name).toContain(name);
    }
    for (const table of tables) {
      const expected = await countOf(table, org.id, people.learner.sub);
      expect(document.tables[table], table).toHaveLength(expected);
      expect(document.tables[table].every((row) => row.user_id === people.learner.sub && row.organization_id === org.id), table).toBe(true);
    }
    expect(document.tables.raw_events.length).toBeGreaterThan(0);
    expect(document.tables.user_points).toHaveLength(1); // org A's, not the other organization's 77 points
    const requests = await as(people.admin, (tx) => listPrivacyRequests(tx, org.id));
    expect(requests).toContainEqual(expect.objectContaining({ email: people.learner.email, kind: "export" }));
  });

  it("refuses a non-member", async () => {
    const outcome = await attemptAs(otherOrg.owner, (tx) => exportMyData(tx, org.id));
    expect(code(outcome)).toBe("SW404");
  });
});

describe("erase me", () => {
  it("the last owner is refused until they hand over, and nothing changes", async () => {
    const before = await countOf("memberships", org.id, people.admin.sub);
    const outcome = await attemptAs(people.admin, (tx) => eraseMe(tx, org.id));
    expect(code(outcome)).toBe("SW409");
    expect(outcome.ok ? "" : outcome.message).toMatch(/only owner/);
    expect(await countOf("memberships", org.id, people.admin.sub)).toBe(before);
  });

  it("deletes the learner's personal rows, keeps the aggregates, releases the seat and is recorded", async () => {
    const learner = people.learner.sub;
    const tables = await personalTables();
    const aggregatesBefore = await aggregatesFingerprint(org.id);
    const otherOrgBefore = await Promise.all(tables.map((t) => countOf(t, otherOrg.id, learner)));
    const seatsBefore = await service(async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from public.memberships where organization_id = ${org.id}`))[0].n);
    for (const table of ["enrollments", "answers", "raw_events", "user_points", "learner_daily_rollups"]) {
      expect(await countOf(table, org.id, learner), table).toBeGreaterThan(0);
    }

    const rollupDaysBefore = await countOf("learner_daily_rollups", org.id, learner);
    const erased = await as(people.learner, (tx) => eraseMe(tx, org.id));
    expect(erased.enrollments).toBe(2); // cohort 1 and cohort 3 (the second course) of the learning fixture

    // Nowhere personal in the organization…
    for (const table of tables) expect(await countOf(table, org.id, learner), table).toBe(0);
    const traces = await service(async (tx) =>
      (await tx.execute<{ keys: number; reports: number }>(sql`
        select (select count(*) from public.raw_event_keys where organization_id = ${org.id} and idempotency_key like ${`%${learner}%`})::int as keys,
               (select count(*) from public.reports where organization_id = ${org.id} and subject_id = ${learner}::uuid)::int as reports`))[0],
    );
    expect(traces).toEqual({ keys: 0, reports: 0 });
    // …and the admin no longer sees their profile (not a co-member any more).
    const profiles = await as(people.admin, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from public.profiles where id = ${learner}::uuid`));
    expect(profiles[0].n).toBe(0);

    // The organization's aggregates are exactly as before, and stay so when
    // the rollup re-derives one of those days (tests/integration/analytics-pipeline.test.ts):
    // the learner's daily measures are kept under a random pseudonym, not their id.
    expect(await aggregatesFingerprint(org.id)).toEqual(aggregatesBefore);
    const kept = await service((tx) =>
      tx.execute<{ pseudonym: string; days: number; linked: number }>(sql`
        select x.pseudonym, count(*)::int as days,
               (select count(*) from public.profiles p where p.id = x.pseudonym)::int
             + (select count(*) from public.privacy_requests r where r.details::text like '%' || x.pseudonym::text || '%')::int
             + (select count(*) from public.audit_logs a where a.organization_id = ${org.id}::uuid
                  and (a.resource_id = x.pseudonym or a.new_values::text like '%' || x.pseudonym::text || '%'))::int as linked
        from private.erased_learner_days x where x.organization_id = ${org.id}::uuid group by x.pseudonym`),
    );
    expect(kept).toHaveLength(1);
    expect(kept[0].pseudonym).not.toBe(learner);
    expect(kept[0].days).toBe(rollupDaysBefore);
    expect(kept[0].linked).toBe(0);
    // The seat is free.
    const seatsAfter = await service(async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from public.memberships where organization_id = ${org.id}`))[0].n);
    expect(seatsAfter).toBe(seatsBefore - 1);
    // Their rows in the other organization are untouched.
    expect(await Promise.all(tables.map((t) => countOf(t, otherOrg.id, learner)))).toEqual(otherOrgBefore);
    // Admins see who asked and when.
    const requests = await as(people.admin, (tx) => listPrivacyRequests(tx, org.id));
    expect(requests[0]).toMatchObject({ email: people.learner.email, kind: "erasure" });
    expect(requests[0].completedAt).toBeInstanceOf(Date);
    // A learner cannot see the organization's requests, only their own.
    const seenByLearner2 = await as(people.learner2, (tx) => listPrivacyRequests(tx, org.id));
    expect(seenByLearner2.every((r) => r.email === people.learner2.email)).toBe(true);
  });

  it("a second call is refused: they are no longer a member", async () => {
    const outcome = await attemptAs(people.learner, (tx) => eraseMe(tx, org.id));
    expect(code(outcome)).toBe("SW404");
  });
});
