// Reports end to end against the real database: members request, the worker
// generates CSV/XLSX/PDF as the requester, the files read back hold the
// numbers the database holds; failures say why; the expiry job removes files;
// only holders of reports.export (in their scope) see and fetch reports.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { PDFParse } from "pdf-parse";
import type { SessionClaims } from "@/db/rls";
import { runJob } from "@/db/jobs";
import { submitAttempt } from "@/db/queries/attempts";
import { getReportFile, listReportSubjects, listReports, requestReport, type ReportRequest } from "@/db/queries/reports";
import { memberships, reportFiles, reports, type ReportFormat } from "@/db/schema";
import { runReportWorker } from "@/lib/reports/worker";
import { AppError } from "@/lib/errors";
import { createOrg, testDb, withServiceDb, withUserDb, type TestOrg } from "../support/db";
import { attemptAs } from "../support/attempt";
import { LEARNING_ROLES, learningPeople, seedLearningRows, type LearningIds, type LearningPeople } from "../support/learning-matrix";
import { seedAnalyticsRows } from "../support/analytics-matrix";
import { eq } from "drizzle-orm";

const as = <T>(claims: SessionClaims, fn: Parameters<typeof withUserDb<T>>[1]) => withUserDb(claims, fn, {}, testDb());
const service = <T>(fn: Parameters<typeof withServiceDb<T>>[1]) => withServiceDb("test", fn, testDb());

let org: TestOrg;
let other: TestOrg;
let ids: LearningIds;
let people: LearningPeople;
const period = { from: "2020-01-01", to: "2099-12-31" };

beforeAll(async () => {
  org = await createOrg(LEARNING_ROLES);
  other = await createOrg(LEARNING_ROLES);
  ids = await seedLearningRows(org);
  await seedAnalyticsRows(org, ids);
  await seedLearningRows(other);
  people = learningPeople(org);
  // The learner submits their open attempt (the correct option): a real score.
  const [attempt] = await service((tx) =>
    tx.execute<{ id: string }>(sql`select id from public.assessment_attempts where user_id = ${people.learner.sub} and organization_id = ${org.id}`),
  );
  await submitAttempt(people.learner, { organizationId: org.id, attemptId: attempt.id }, testDb());
});

async function request(claims: SessionClaims, input: Partial<ReportRequest> & Pick<ReportRequest, "reportType" | "format">) {
  return as(claims, (tx) =>
    requestReport(tx, { organizationId: org.id, subjectId: null, parameters: period, ...input }),
  );
}

async function generated(claims: SessionClaims, reportId: string) {
  const run = await runReportWorker(testDb(), { organizationId: org.id });
  const [row] = await service((tx) => tx.select().from(reports).where(eq(reports.id, reportId)));
  expect(row.status, `${row.error ?? ""} (worker: ${JSON.stringify(run)})`).toBe("completed");
  return as(claims, (tx) => getReportFile(tx, org.id, reportId));
}

/** CSV blocks: after an empty line, a title line, then the column labels, then rows until the next empty line. */
function csvSections(content: Buffer): Map<string, Record<string, string>[]> {
  const records = parse(content, { bom: true, relax_column_count: true }) as string[][];
  const sections = new Map<string, Record<string, string>[]>();
  for (let i = 0; i < records.length; i++) {
    const empty = records[i].every((cell) => cell === "");
    if (!empty || i + 2 >= records.length) continue;
    const title = records[i + 1][0];
    const header = records[i + 2];
    const rows: Record<string, string>[] = [];
    for (let j = i + 3; j < records.length && !records[j].every((cell) => cell === ""); j++) {
      rows.push(Object.fromEntries(header.map((label, k) => [label, records[j][k] ?? ""])));
    }
    sections.set(title, rows);
  }
  return sections;
}

const metric = (rows: Record<string, string>[] | undefined, name: string) => rows?.find((r) => r.Metric === name)?.Value;

async function dbNumbers() {
  return service(async (tx) => {
    const [row] = await tx.execute<{ enrollments: number; members: number; learner_progress: string; learner_score: string; mastery: string; average_mastery: string; cohort_learners: number; org_events: number; learner_points: number; learner_total_points: number; learner_risk: string | null }>(sql`
      select
        (select count(*) from public.enrollments where organization_id = ${org.id})::int as enrollments,
        (select count(*) from public.memberships where organization_id = ${org.id})::int as members,
        (select progress_percent from public.enrollments where cohort_id = ${ids.cohort1} and user_id = ${people.learner.sub})::text as learner_progress,
        (select score from public.assessment_attempts where user_id = ${people.learner.sub} and organization_id = ${org.id} and status = 'graded')::text as learner_score,
        (select mastery from public.user_skills where user_id = ${people.learner.sub} and skill_id = ${ids.skill})::text as mastery,
        (select round(avg(mastery), 2) from public.user_skills where skill_id = ${ids.skill})::text as average_mastery,
        (select count(*) from public.enrollments where cohort_id = ${ids.cohort1})::int as cohort_learners,
        (select coalesce(sum(events), 0) from public.org_daily_rollups where organization_id = ${org.id})::int as org_events,
        (select coalesce(sum(points), 0) from public.learner_daily_rollups where organization_id = ${org.id} and user_id = ${people.learner.sub})::int as learner_points,
        (select total_points from public.user_points where organization_id = ${org.id} and user_id = ${people.learner.sub})::int as learner_total_points,
        (select risk_level || ' (' || round(drop_off_risk * 100) || '%)' from public.predictive_analytics_cache
         where organization_id = ${org.id} and user_id = ${people.learner.sub} and expires_at > now()) as learner_risk`);
    return row;
  });
}

describe("generation in each format", () => {
  it("an organization report in CSV holds the database's numbers", async () => {
    const { id } = await request(people.admin, { reportType: "organization", format: "csv" });
    const file = await generated(people.admin, id);
    expect(file.contentType).toBe("text/csv; charset=utf-8");
    expect(file.fileName).toMatch(/^organization-report-.*\.csv$/);
    const sections = csvSections(file.content);
    const numbers = await dbNumbers();
    expect(Number(metric(sections.get("Summary"), "Enrollments"))).toBe(numbers.enrollments);
    expect(Number(metric(sections.get("Summary"), "Members"))).toBe(numbers.members);
    expect(Number(metric(sections.get("Summary"), "Average score in period"))).toBe(Number(numbers.learner_score));
    expect(sections.get("Cohorts")?.map((c) => c.Cohort).sort()).toEqual(["Cohort 1", "Cohort 2", "Cohort 3"]);
    const skill = sections.get("Skill demand")?.find((s) => s.Skill === "Negotiation");
    expect(Number(skill?.["Avg mastery"])).toBe(Number(numbers.average_mastery));
    expect(Number(skill?.["Learners enrolled"])).toBe(2);
    const weeks = sections.get("Engagement by week") ?? [];
    expect(weeks.length).toBeGreaterThan(0);
    expect(weeks.reduce((sum, w) => sum + Number(w.Events), 0)).toBe(numbers.org_events);
  });

  it("a cohort report in XLSX holds each learner's progress and score", async () => {
    const { id } = await request(people.trainer, { reportType: "cohort", subjectId: ids.cohort1, format: "xlsx" });
    const file = await generated(people.trainer, id);
    expect(file.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Learners")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      const values = (row.values as unknown[]).slice(1);
      if (n > 1 && values.length > 1) rows.push(Object.fromEntries(header.map((h, i) => [String(h), values[i]])));
    });
    const numbers = await dbNumbers();
    expect(rows).toHaveLength(numbers.cohort_learners);
    const learnerRow = rows.find((r) => r.Email === people.learner.email)!;
    expect(learnerRow["Progress %"]).toBe(Number(numbers.learner_progress));
    expect(typeof learnerRow["Avg score"]).toBe("number"); // numbers stay numbers in XLSX
    expect(learnerRow["Avg score"]).toBe(Number(numbers.learner_score));
    expect(learnerRow.Attempts).toBe(1);
    expect(learnerRow.Points).toBe(numbers.learner_points);
    expect(numbers.learner_risk).not.toBeNull();
    expect(learnerRow["Predicted drop-off"]).toBe(numbers.learner_risk);
    // Only cohort 1's learner: the trainer's report holds nobody of cohort 2.
    expect(rows.some((r) => r.Email === people.learner2.email)).toBe(false);
  });

  it("a learner report in PDF contains the numbers as text", async () => {
    const { id } = await request(people.admin, { reportType: "learner", subjectId: people.learner.sub, format: "pdf" });
    const file = await generated(people.admin, id);
    expect(file.contentType).toBe("application/pdf");
    expect(file.content.subarray(0, 5).toString()).toBe("%PDF-");
    const parser = new PDFParse({ data: new Uint8Array(file.content) });
    const { text } = await parser.getText();
    await parser.destroy();
    const numbers = await dbNumbers();
    expect(text).toContain("Progress per course");
    expect(text).toContain("Mastery per skill");
    expect(text).toContain("Negotiation");
    expect(text).toContain(String(Number(numbers.learner_progress)));
    expect(text).toContain(String(Number(numbers.learner_score)));
    expect(text).toContain(String(Number(numbers.mastery)));
    expect(text).toContain("Engagement by week");
    expect(text).toMatch(new RegExp(`Points \\(total\\)\\s*${numbers.learner_total_points}`));
  });
});

describe("lifecycle", () => {
  it("requested → pending → processing → completed, with a 7-day expiry", async () => {
    const { id } = await request(people.admin, { reportType: "organization", format: "csv" });
    const status = async () => (await service((tx) => tx.select().from(reports).where(eq(reports.id, id))))[0];
    expect((await status()).status).toBe("requested");
    const claimed = await service((tx) => tx.execute<{ id: string; status: string }>(sql`select id, status from private.claim_report(${org.id}::uuid)`));
    expect(claimed.map((r) => [r.id, r.status])).toEqual([[id, "processing"]]);
    // A second worker finds nothing to claim while the first holds it.
    const second = await service((tx) => tx.execute(sql`select id from private.claim_report(${org.id}::uuid)`));
    expect(second).toHaveLength(0);
    await service((tx) => tx.execute(sql`select private.complete_report(${id}, ${Buffer.from("a,b\r\n")}, 'x.csv', 'text/csv')`));
    const done = await status();
    expect(done.status).toBe("completed");
    expect(done.byteSize).toBe(5);
    expect(done.expiresAt!.getTime() - done.completedAt!.getTime()).toBe(7 * 86_400_000);
  });

  it("a report whose cohort was deleted fails, saying why", async () => {
    const cohort = await as(people.admin, async (tx) => {
      const [row] = await tx.execute<{ id: string }>(sql`
        insert into public.cohorts (organization_id, course_id, name, starts_on, ends_on, created_by)
        values (${org.id}, ${ids.publishedCourse}, 'Short-lived', '2026-01-01', '2026-02-01', ${people.admin.sub}) returning id`);
      return row.id;
    });
    const { id } = await request(people.admin, { reportType: "cohort", subjectId: cohort, format: "pdf" });
    await as(people.admin, (tx) => tx.execute(sql`delete from public.cohorts where id = ${cohort}`));
    const run = await runReportWorker(testDb(), { organizationId: org.id });
    expect(run.completed).not.toContain(id);
    const listed = (await as(people.admin, (tx) => listReports(tx, org.id))).find((r) => r.id === id)!;
    expect(listed.status).toBe("failed");
    expect(listed.error).toBe("The cohort of this report no longer exists");
  });

  it("a report whose requester lost the permission before generation fails", async () => {
    const { id } = await request(people.outsider, { reportType: "cohort", subjectId: ids.cohort2, format: "csv" });
    await service((tx) => tx.update(memberships).set({ role: "learner" }).where(eq(memberships.userId, people.outsider.sub)));
    try {
      await runReportWorker(testDb(), { organizationId: org.id });
    } finally {
      await service((tx) => tx.update(memberships).set({ role: "trainer" }).where(eq(memberships.userId, people.outsider.sub)));
      await as(people.admin, (tx) => tx.execute(sql`insert into public.cohort_trainers (organization_id, cohort_id, user_id) values (${org.id}, ${ids.cohort2}, ${people.outsider.sub}) on conflict do nothing`));
    }
    const [row] = await service((tx) => tx.select().from(reports).where(eq(reports.id, id)));
    expect(row.status).toBe("failed");
    expect(row.error).toBe("The person who requested this report may no longer export it");
  });

  it("the expiry job removes files older than 7 days and marks them expired; stuck reports fail", async () => {
    const { id } = await request(people.admin, { reportType: "organization", format: "csv" });
    await generated(people.admin, id);
    const { id: stuck } = await request(people.admin, { reportType: "organization", format: "csv" });
    await service(async (tx) => {
      await tx.execute(sql`update public.reports set completed_at = now() - interval '8 days', expires_at = now() - interval '1 day' where id = ${id}`);
      await tx.execute(sql`update public.reports set status = 'processing', started_at = now() - interval '20 minutes' where id = ${stuck}`);
    });
    const expired = await service((tx) => runJob(tx, "expire_reports"));
    expect(Number(expired)).toBeGreaterThanOrEqual(1);
    const rows = await service((tx) => tx.select().from(reports).where(sql`${reports.id} in (${id}, ${stuck})`));
    expect(rows.find((r) => r.id === id)?.status).toBe("expired");
    expect(rows.find((r) => r.id === stuck)?.status).toBe("failed");
    expect(rows.find((r) => r.id === stuck)?.error).toMatch(/did not finish/);
    expect(await service((tx) => tx.select().from(reportFiles).where(eq(reportFiles.reportId, id)))).toHaveLength(0);
    await expect(as(people.admin, (tx) => getReportFile(tx, org.id, id))).rejects.toMatchObject({ status: 404 });
  });
});

describe("permissions", () => {
  const code = (outcome: { ok: boolean; code?: string }) => (outcome.ok ? "succeeded" : outcome.code);
  let adminReport: string;
  let cohortReport: string;

  beforeAll(async () => {
    adminReport = (await request(people.admin, { reportType: "organization", format: "csv" })).id;
    cohortReport = (await request(people.admin, { reportType: "cohort", subjectId: ids.cohort1, format: "csv" })).id;
    await runReportWorker(testDb(), { organizationId: org.id });
  });

  it("a learner can neither request nor see nor fetch reports", async () => {
    for (const input of [
      { reportType: "organization", format: "csv" },
      { reportType: "cohort", subjectId: ids.cohort1, format: "csv" },
      { reportType: "learner", subjectId: people.learner.sub, format: "csv" },
    ] as const) {
      const outcome = await attemptAs(people.learner, (tx) => requestReport(tx, { organizationId: org.id, subjectId: null, parameters: period, ...input }));
      expect(code(outcome), input.reportType).toBe("42501");
    }
    expect(await as(people.learner, (tx) => listReports(tx, org.id))).toEqual([]);
    await expect(as(people.learner, (tx) => getReportFile(tx, org.id, adminReport))).rejects.toBeInstanceOf(AppError);
  });

  it("a trainer requests and fetches their cohort's reports only", async () => {
    const refused = await attemptAs(people.trainer, (tx) =>
      requestReport(tx, { organizationId: org.id, reportType: "cohort", subjectId: ids.cohort2, format: "csv", parameters: period }),
    );
    expect(code(refused)).toBe("42501");
    const orgWide = await attemptAs(people.trainer, (tx) =>
      requestReport(tx, { organizationId: org.id, reportType: "organization", subjectId: null, format: "csv", parameters: period }),
    );
    expect(code(orgWide)).toBe("42501");
    const visible = await as(people.trainer, (tx) => listReports(tx, org.id));
    expect(visible.map((r) => r.id)).toContain(cohortReport);
    expect(visible.map((r) => r.id)).not.toContain(adminReport);
    expect((await as(people.trainer, (tx) => getReportFile(tx, org.id, cohortReport))).content.length).toBeGreaterThan(0);
    await expect(as(people.outsider, (tx) => getReportFile(tx, org.id, cohortReport))).rejects.toMatchObject({ status: 404 });
    // The form offers them only their cohort and its learners.
    const subjects = await as(people.trainer, (tx) => listReportSubjects(tx, org.id));
    expect(subjects.cohorts.map((c) => c.id)).toEqual([ids.cohort1]);
    expect(subjects.learners.map((l) => l.id)).toEqual([people.learner.sub]);
  });

  it("another organization's admin gets not found for a report id, and cannot name another tenant's cohort", async () => {
    await expect(as(other.owner, (tx) => getReportFile(tx, org.id, adminReport))).rejects.toMatchObject({ status: 404 });
    await expect(as(other.owner, (tx) => getReportFile(tx, other.id, adminReport))).rejects.toMatchObject({ status: 404 });
    expect(await as(other.owner, (tx) => listReports(tx, org.id))).toEqual([]);
    const crossTenant = await attemptAs(other.owner, (tx) =>
      requestReport(tx, { organizationId: other.id, reportType: "cohort", subjectId: ids.cohort1, format: "csv", parameters: period }),
    );
    expect(code(crossTenant)).toBe("SW404");
    const intoA = await attemptAs(other.owner, (tx) =>
      requestReport(tx, { organizationId: org.id, reportType: "organization", subjectId: null, format: "csv", parameters: period }),
    );
    expect(code(intoA)).toBe("42501");
  });

  it("an organization cannot queue more than 20 reports at once", async () => {
    const flood = await createOrg();
    const outcome = await attemptAs(flood.owner, async (tx) => {
      for (let i = 0; i < 21; i++) {
        await requestReport(tx, { organizationId: flood.id, reportType: "organization", subjectId: null, format: "csv", parameters: period });
      }
    });
    expect(code(outcome)).toBe("SW429");
  });

  it("members cannot change a report's status or file, nor call the worker's functions", async () => {
    const update = await attemptAs(people.admin, (tx) => tx.execute(sql`update public.reports set status = 'completed' where id = ${adminReport}`));
    expect(code(update)).toBe("42501");
    for (const statement of [
      sql`select * from private.claim_report(null)`,
      sql`select private.complete_report(${adminReport}, '\\x00'::bytea, 'x', 'y')`,
      sql`select private.fail_report(${adminReport}, 'x')`,
      sql`select private.expire_reports()`,
    ]) {
      expect(code(await attemptAs(people.admin, (tx) => tx.execute(statement)))).toBe("42501");
    }
  });
});

describe("the worker", () => {
  it("two workers running at once generate each report once", async () => {
    const requested = await Promise.all(
      (["csv", "xlsx", "pdf"] as ReportFormat[]).map((format) => request(people.admin, { reportType: "organization", format })),
    );
    const [a, b] = await Promise.all([
      runReportWorker(testDb(), { organizationId: org.id }),
      runReportWorker(testDb(), { organizationId: org.id }),
    ]);
    const done = [...a.completed, ...b.completed];
    expect(done.sort()).toEqual(requested.map((r) => r.id).sort());
    const rows = await service((tx) => tx.select().from(reports).where(sql`${reports.id} in ${requested.map((r) => r.id)}`));
    expect(rows.every((r) => r.status === "completed" && r.attempts === 1)).toBe(true);
  });
});
