// The demo seed as `npm run dev` runs it (migrate, jobs, seed), in a database
// of its own in the test cluster, so its 90 days of partitions and demo
// organizations never mix with the other test files' data.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createDatabase } from "@/db/client";
import { migrate } from "@/db/migrate";
import { runAllJobs } from "@/db/jobs";
import { withServiceDb } from "@/db/rls";
import { DEMO_API_KEY, seedDemoData } from "@/db/seed";
import { authenticateApiKey } from "@/db/queries/api-keys";
import { bracketFor } from "@/lib/assessments/scoring";

const name = `seed_${randomUUID().slice(0, 8)}`;
const adminUrl = process.env.DATABASE_URL!;
const url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
let handle: ReturnType<typeof createDatabase>;
let seconds = 0;

beforeAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  await migrate(url);
  handle = createDatabase(url, { max: 2 });
  const started = performance.now();
  await runAllJobs(handle.db, () => {});
  expect(await seedDemoData(handle.db)).toBe(true);
  seconds = (performance.now() - started) / 1000;
}, 120_000);

afterAll(async () => {
  await handle?.client.end();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const rows = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
  withServiceDb("test: read the seeded data", async (tx) => [...(await tx.execute<T>(query))], handle.db);

describe("the demo seed", () => {
  it("runs in well under 20 seconds, and only once", async () => {
    expect(seconds).toBeLessThan(20);
    expect(await seedDemoData(handle.db)).toBe(false);
  });

  it("gives acme skills, 4 published courses (and a draft) with lessons, assessments with every question kind, activities and 3 cohorts taught by both trainers", async () => {
    const [acme] = await rows<Record<string, number>>(sql`
      select
        (select count(*)::int from skills s where s.organization_id = o.id) as skills,
        (select count(*)::int from courses c where c.organization_id = o.id and c.status = 'published') as published,
        (select count(*)::int from courses c where c.organization_id = o.id and c.status = 'draft') as drafts,
        (select count(*)::int from lessons l where l.organization_id = o.id) as lessons,
        (select count(distinct q.kind)::int from questions q where q.organization_id = o.id) as question_kinds,
        (select count(*)::int from questions q where q.organization_id = o.id and not exists (select 1 from question_keys k where k.question_id = q.id)) as questions_without_key,
        (select count(*)::int from tasks t where t.organization_id = o.id) as tasks,
        (select count(*)::int from cohorts c where c.organization_id = o.id) as cohorts,
        (select count(distinct p.email)::int from cohort_trainers ct join profiles p on p.id = ct.user_id where ct.organization_id = o.id and p.email in ('trainer1@acme.test', 'trainer2@acme.test')) as teaching_trainers,
        (select count(distinct e.user_id)::int from enrollments e where e.organization_id = o.id) as enrolled_learners,
        (select raw_retention_days from organization_settings s where s.organization_id = o.id) as retention
      from organizations o where o.slug = 'acme'`);
    expect(acme).toMatchObject({ skills: 8, published: 4, drafts: 1, question_kinds: 4, questions_without_key: 0, cohorts: 3, teaching_trainers: 2, enrolled_learners: 20, retention: 120 });
    expect(acme.lessons).toBeGreaterThan(15);
    expect(acme.tasks).toBeGreaterThan(10);
  });

  it("gives acme's learners months of activity, with raw events of the same actions inside the retention window", async () => {
    const [activity] = await rows<Record<string, number>>(sql`
      select
        (select count(*)::int from lesson_progress x where x.organization_id = o.id) as progress,
        (select count(*)::int from assessment_attempts x where x.organization_id = o.id) as attempts,
        (select count(*)::int from answers x where x.organization_id = o.id) as answers,
        (select count(*)::int from task_completions x where x.organization_id = o.id) as tasks,
        (select count(*)::int from goals x where x.organization_id = o.id) as goals,
        (select count(*)::int from obstacles x where x.organization_id = o.id) as obstacles,
        (select count(*)::int from user_skills x where x.organization_id = o.id) as mastery,
        (select count(*)::int from raw_events x where x.organization_id = o.id and x.source = 'seed') as events,
        (select count(*)::int from raw_events x where x.organization_id = o.id and x.source <> 'seed') as other_events,
        (select extract(day from max(occurred_at) - min(occurred_at))::int from raw_events x where x.organization_id = o.id) as days,
        (select count(*)::int from raw_events x where x.organization_id = o.id and x.occurred_at > now()) as future,
        (select count(*)::int from raw_events x where x.organization_id = o.id and x.occurred_at < now() - interval '120 days') as expired,
        (select count(*)::int from lesson_progress lp where lp.organization_id = o.id and lp.completed_at is not null
           and not exists (select 1 from raw_events r where r.organization_id = o.id and r.idempotency_key = 'lesson_completed:' || lp.user_id || ':' || lp.lesson_id)) as completions_without_event
      from organizations o where o.slug = 'acme'`);
    expect(activity).toMatchObject({ other_events: 0, future: 0, expired: 0, completions_without_event: 0 });
    expect(activity.days).toBeGreaterThanOrEqual(75);
    for (const key of ["progress", "attempts", "answers", "tasks", "goals", "obstacles", "mastery"]) expect(activity[key], key).toBeGreaterThan(0);
    expect(activity.events).toBeGreaterThan(500);
  });

  it("stores consistent results: enrollment progress from lesson progress, brackets and passes from scores", async () => {
    const mismatched = await rows(sql`
      select e.id from enrollments e
      where e.progress_percent <> round(100.0 * (select count(*) from lesson_progress lp where lp.user_id = e.user_id and lp.course_id = e.course_id and lp.completed_at is not null)
                                        / (select count(*) from lessons l where l.course_id = e.course_id), 2)`);
    expect(mismatched).toEqual([]);
    const brackets = (await rows<{ key: string; min_score: string }>(sql`select key, min_score from score_brackets`)).map((b) => ({ key: b.key, minScore: Number(b.min_score) }));
    const attempts = await rows<{ score: string; bracket_key: string; passed: boolean; pass_mark: string }>(sql`
      select at.score, at.bracket_key, at.passed, a.pass_mark from assessment_attempts at join assessments a on a.id = at.assessment_id where at.status = 'graded'`);
    expect(attempts.length).toBeGreaterThan(10);
    for (const attempt of attempts) {
      expect(attempt.bracket_key).toBe(bracketFor(Number(attempt.score), brackets));
      expect(attempt.passed).toBe(Number(attempt.score) >= Number(attempt.pass_mark));
    }
  });

  it("gives acme the demo API key, and globex a small course of its own", async () => {
    const key = await withServiceDb("test: the demo key", (tx) => authenticateApiKey(tx, DEMO_API_KEY), handle.db);
    const [acme] = await rows<{ id: string }>(sql`select id from organizations where slug = 'acme'`);
    expect(key?.organizationId).toBe(acme.id);
    expect(DEMO_API_KEY).not.toMatch(/sk_live_/);
    const [globex] = await rows<Record<string, number>>(sql`
      select (select count(*)::int from courses c where c.organization_id = o.id) as courses,
             (select count(*)::int from enrollments e where e.organization_id = o.id) as enrollments,
             (select count(*)::int from raw_events r where r.organization_id = o.id) as events
      from organizations o where o.slug = 'globex'`);
    expect(globex.courses).toBe(1);
    expect(globex.enrollments).toBe(3);
    expect(globex.events).toBeGreaterThan(0);
  });
});
