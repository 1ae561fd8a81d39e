// Dashboard data queries: the db/queries functions a page runs, grouped in
// one transaction per page as its server component does, for a user of each
// role — p50/p95 with RLS on (withUserDb: role `authenticated` + the user's
// claims) and the same function through withServiceDb (owner connection, no
// RLS), interleaved so both see the same machine state. Each iteration takes
// another user (and organization), round robin. Times are wall times of the
// whole transaction as the app pays them (begin, set_config, queries, commit).
import { sql } from "drizzle-orm";
import type { Database, Tx } from "@/db/client";
import { withServiceDb, withUserDb, type SessionClaims } from "@/db/rls";
import { auditFilterOptions, listAuditLogs } from "@/db/queries/audit-logs";
import { seatUsage } from "@/db/queries/billing";
import { getCohortDetail, listCohortCandidates, listCohorts } from "@/db/queries/cohorts";
import { listCourses } from "@/db/queries/courses";
import { listInvitations } from "@/db/queries/invitations";
import { countMembersByRole, listMembers } from "@/db/queries/members";
import { countUnreadNotifications } from "@/db/queries/notifications";
import { findMyOrgBySlug, listMyOrganizations } from "@/db/queries/organizations";
import { myLearning } from "@/db/queries/progress";
import { listActivities } from "@/db/queries/tasks";
import type { BenchOrg } from "./dataset";
import type { BenchOptions } from "./options";
import { formatMs, formatRatio, markdownTable, now, summarize, type Summary } from "./stats";

type Role = "org admin" | "trainer" | "learner";

interface Subject {
  org: BenchOrg;
  user: SessionClaims;
  cohortId?: string;
}

interface QueryCase {
  role: Role;
  page: string;
  /** The subjects iterations rotate through (already interleaved across organizations). */
  subjects: Subject[];
  /** Runs the page's queries; returns the number of rows they returned. */
  run: (tx: Tx, subject: Subject) => Promise<number>;
}

export interface QueryResult {
  role: Role;
  page: string;
  rls: Summary;
  service: Summary;
  rowsRls: number;
  rowsService: number;
}

const rowsOf = (...results: unknown[]) => results.reduce<number>((sum, result) => sum + (Array.isArray(result) ? result.length : result == null ? 0 : 1), 0);

/** [org0.users[0], org1.users[0], …, org0.users[1], …]: consecutive iterations change organization. */
function roundRobin(orgs: BenchOrg[], usersOf: (org: BenchOrg) => Subject[]): Subject[] {
  const lists = orgs.map(usersOf);
  const longest = Math.max(...lists.map((list) => list.length));
  const out: Subject[] = [];
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i]);
  return out;
}

async function cases(db: Database, orgs: BenchOrg[]): Promise<QueryCase[]> {
  const taught = await withServiceDb("benchmark: which cohorts each trainer teaches", (tx) =>
    tx.execute<{ user_id: string; cohort_id: string }>(sql`select user_id, min(cohort_id::text) as cohort_id from public.cohort_trainers group by user_id`), db);
  const cohortOf = new Map(taught.map((row) => [row.user_id, row.cohort_id]));
  const admins = roundRobin(orgs, (org) => [{ org, user: org.admin }]);
  const trainers = roundRobin(orgs, (org) => org.trainers.filter((t) => cohortOf.has(t.sub)).map((user) => ({ org, user, cohortId: cohortOf.get(user.sub) })));
  const learners = roundRobin(orgs, (org) => org.learners.map((user) => ({ org, user })));
  const orgId = (s: Subject) => s.org.id;

  return [
    {
      role: "learner",
      page: "layout: org context, org switcher, unread count",
      subjects: learners,
      run: async (tx, s) => rowsOf(await findMyOrgBySlug(tx, s.user.sub, s.org.slug), await listMyOrganizations(tx, s.user.sub), await countUnreadNotifications(tx, { organizationId: orgId(s), userId: s.user.sub })),
    },
    {
      role: "learner",
      page: "My learning: enrollments, next lessons, tasks",
      subjects: learners,
      run: async (tx, s) => {
        const enrollments = await myLearning(tx, { organizationId: orgId(s), userId: s.user.sub });
        const activities = await listActivities(tx, { organizationId: orgId(s), userId: s.user.sub, courseIds: [...new Set(enrollments.map((e) => e.courseId))], includeOrgWide: true });
        return rowsOf(enrollments, activities);
      },
    },
    {
      role: "trainer",
      page: "Home: my cohorts with progress",
      subjects: trainers,
      run: async (tx, s) => rowsOf(await listCohorts(tx, orgId(s))),
    },
    {
      role: "trainer",
      page: "Cohorts: cohorts, courses, members to pick",
      subjects: trainers,
      run: async (tx, s) => rowsOf(...(await Promise.all([listCohorts(tx, orgId(s)), listCourses(tx, orgId(s)), listCohortCandidates(tx, orgId(s))]))),
    },
    {
      role: "trainer",
      page: "Cohort detail: learners' progress, submissions",
      subjects: trainers,
      run: async (tx, s) => {
        const [detail, candidates] = await Promise.all([getCohortDetail(tx, orgId(s), s.cohortId!), listCohortCandidates(tx, orgId(s))]);
        return rowsOf(detail.learners, detail.submissions, detail.trainers, candidates);
      },
    },
    {
      role: "org admin",
      page: "Home: member counts, invitations",
      subjects: admins,
      run: async (tx, s) => rowsOf(...(await Promise.all([countMembersByRole(tx, orgId(s)).then(Object.keys), listInvitations(tx, orgId(s))]))),
    },
    {
      role: "org admin",
      page: "Members: members, invitations, seats",
      subjects: admins,
      run: async (tx, s) => rowsOf(...(await Promise.all([listMembers(tx, orgId(s)), listInvitations(tx, orgId(s)), seatUsage(tx, orgId(s))]))),
    },
    {
      role: "org admin",
      page: "Cohorts: all cohorts, courses, members to pick",
      subjects: admins,
      run: async (tx, s) => rowsOf(...(await Promise.all([listCohorts(tx, orgId(s)), listCourses(tx, orgId(s)), listCohortCandidates(tx, orgId(s))]))),
    },
    {
      role: "org admin",
      page: "Audit log: first page of 50 entries and the filter lists",
      subjects: admins,
      run: async (tx, s) => {
        const [page, options] = await Promise.all([listAuditLogs(tx, orgId(s)), auditFilterOptions(tx, orgId(s))]);
        return rowsOf(page.entries, options.actors, options.actions);
      },
    },
  ];
}

const WARM_UP = 10;
/** Per query case: stop after this long even if fewer iterations ran (the count is reported). */
const CASE_BUDGET_MS = 90_000;

export async function benchQueries(db: Database, orgs: BenchOrg[], options: BenchOptions, log: (message: string) => void): Promise<{ results: QueryResult[]; table: string }> {
  const results: QueryResult[] = [];
  for (const c of await cases(db, orgs)) {
    if (c.subjects.length === 0) continue;
    const rls = (s: Subject) => withUserDb(s.user, (tx) => c.run(tx, s), {}, db);
    const service = (s: Subject) => withServiceDb("benchmark: the same page queries without RLS, for the ratio", (tx) => c.run(tx, s), db);
    for (let i = 0; i < WARM_UP; i++) {
      await rls(c.subjects[i % c.subjects.length]);
      await service(c.subjects[i % c.subjects.length]);
    }
    const times = { rls: [] as number[], service: [] as number[] };
    let rowsRls = 0;
    let rowsService = 0;
    const started = now();
    for (let i = 0; i < options.iterations && now() - started < CASE_BUDGET_MS; i++) {
      const subject = c.subjects[i % c.subjects.length];
      // Alternate which mode goes first, so neither always runs on a just-warmed cache.
      for (const mode of i % 2 === 0 ? (["rls", "service"] as const) : (["service", "rls"] as const)) {
        const start = now();
        const rows = await (mode === "rls" ? rls : service)(subject);
        times[mode].push(now() - start);
        if (mode === "rls") rowsRls += rows;
        else rowsService += rows;
      }
    }
    const n = times.rls.length;
    const result = { role: c.role, page: c.page, rls: summarize(times.rls), service: summarize(times.service), rowsRls: rowsRls / n, rowsService: rowsService / n };
    results.push(result);
    log(`${c.role} · ${c.page}: RLS p50 ${formatMs(result.rls.p50)}, service p50 ${formatMs(result.service.p50)} (${n} runs each)`);
  }
  const rowsLabel = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
  const table = markdownTable(
    ["role", "page (queries in one transaction)", "rows RLS / service", "RLS p50", "RLS p95", "service p50", "service p95", "RLS ÷ service (p50)"],
    results.map((r) => [r.role, r.page, `${rowsLabel(r.rowsRls)} / ${rowsLabel(r.rowsService)}`, formatMs(r.rls.p50), formatMs(r.rls.p95), formatMs(r.service.p50), formatMs(r.service.p95), formatRatio(r.rls.p50 / r.service.p50)]),
    ["l", "l", "r", "r", "r", "r", "r", "r"],
  );
  return { results, table };
}
