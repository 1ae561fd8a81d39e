// The demo seed as `npm run dev` runs it (migrate, jobs, seed, jobs), in a
// database of its own in the test cluster, so its 200 days of partitions and
// demo organizations never mix with the other test files' data. What the
// analytics need to show non-trivial numbers is asserted on the stored rows:
// 150 learners, ≥ 6 months and ≥ 100k raw events, cohorts of ≥ 10, at-risk,
// high-potential and streaking learners, questions of varied difficulty, and
// raw events that agree with the domain rows.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createDatabase } from "@/db/client";
import { migrate } from "@/db/migrate";
import { runAllJobs } from "@/db/jobs";
import { withServiceDb } from "@/db/rls";
import { ACME_LEARNERS, DEMO_API_KEY, demoUserId, seedDemoData, type SeedSummary } from "@/db/seed";
import { authenticateApiKey } from "@/db/queries/api-keys";
import { bracketFor } from "@/lib/assessments/scoring";
import { EVENT_TYPES } from "@/lib/events/types";

const name = `seed_${randomUUID().slice(0, 8)}`;
const adminUrl = process.env.DATABASE_URL!;
const url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
let handle: ReturnType<typeof createDatabase>;
let summary: SeedSummary | null = null;

beforeAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  await migrate(url);
  handle = createDatabase(url, { max: 2 });
  await runAllJobs(handle.db, () => {});
  summary = await seedDemoData(handle.db);
  await runAllJobs(handle.db, () => {});
}, 180_000);

afterAll(async () => {
  await handle?.client.end();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const rows = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
  withServiceDb("test: read the seeded data", async (tx) => [...(await tx.execute<T>(query))], handle.db);
const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => (await rows<T>(query))[0];
const acme = sql`(select id from organizations where slug = 'acme')`;

describe("the demo seed", () => {
  it("seeds once, and says what it seeded", async () => {
    expect(summary?.acme.members).toBe(ACME_LEARNERS + 3);
    expect(summary?.acme.events).toBeGreaterThanOrEqual(100_000);
    expect(await seedDemoData(handle.db)).toBeNull();
  });

  it("keeps the 20 first learner logins and adds learner021…learner150, with the same ids on every seeding", async () => {
    const learners = await rows<{ email: string; id: string }>(sql`
      select p.email, p.id from memberships m join profiles p on p.id = m.user_id
      where m.organization_id = ${acme} and m.role = 'learner' order by p.email`);
    const expected = Array.from({ length: ACME_LEARNERS }, (_, i) => `learner${String(i + 1).padStart(i < 20 ? 2 : 3, "0")}@acme.test`).sort();
    expect(learners.map((l) => l.email)).toEqual(expected);
    for (const learner of learners) expect(learner.id).toBe(demoUserId(learner.email));
    const [{ ok }] = await rows<{ ok: boolean }>(sql`
      select encrypted_password = extensions.crypt('demo-password', encrypted_password) as ok from auth.users where email = 'learner150@acme.test'`);
    expect(ok).toBe(true);
  });

  it("gives acme skills, 4 published courses (and a draft) with lessons, assessments with every question kind, activities, and 8 cohorts of ≥ 10 learners", async () => {
    const counts = await one<Record<string, number>>(sql`
      select
        (select count(*)::int from skills s where s.organization_id = o.id) as skills,
        (select count(*)::int from courses c where c.organization_id = o.id and c.status = 'published') as published,
        (select count(*)::int from courses c where c.organization_id = o.id and c.status = 'draft') as drafts,
        (select count(*)::int from lessons l where l.organization_id = o.id) as lessons,
        (select count(distinct q.kind)::int from questions q where q.organization_id = o.id) as question_kinds,
        (select count(*)::int from questions q where q.organization_id = o.id and not exists (select 1 from question_keys k where k.question_id = q.id)) as questions_without_key,
        (select count(*)::int from tasks t where t.organization_id = o.id) as tasks,
        (select count(*)::int from cohorts c where c.organization_id = o.id) as cohorts,
        (select min(n)::int from (select count(*) as n from enrollments e where e.organization_id = o.id group by e.cohort_id) sizes) as smallest_cohort,
        (select count(distinct e.user_id)::int from enrollments e where e.organization_id = o.id) as enrolled_learners,
        (select raw_retention_days from organization_settings s where s.organization_id = o.id) as retention
      from organizations o where o.slug = 'acme'`);
    expect(counts).toMatchObject({ skills: 8, published: 4, drafts: 1, question_kinds: 4, questions_without_key: 0, cohorts: 8, enrolled_learners: ACME_LEARNERS, retention: 365 });
    expect(counts.smallest_cohort).toBeGreaterThanOrEqual(10);
    expect(counts.lessons).toBeGreaterThan(15);
    expect(counts.tasks).toBeGreaterThan(10);
  });

  it("has trainer1 and trainer2 teach several cohorts each, trainer2 one with learners trainer1 does not teach", async () => {
    const teaching = await rows<{ email: string; cohorts: number }>(sql`
      select p.email, count(*)::int as cohorts from cohort_trainers ct join profiles p on p.id = ct.user_id
      where ct.organization_id = ${acme} group by p.email order by p.email`);
    expect(teaching.map((t) => t.email)).toEqual(["trainer1@acme.test", "trainer2@acme.test"]);
    for (const trainer of teaching) expect(trainer.cohorts).toBeGreaterThanOrEqual(2);
    const { learners } = await one<{ learners: number }>(sql`
      with taught as (
        select p.email, e.user_id, e.cohort_id from cohort_trainers ct
        join profiles p on p.id = ct.user_id join enrollments e on e.cohort_id = ct.cohort_id
        where ct.organization_id = ${acme})
      select count(distinct t2.user_id)::int as learners from taught t2
      where t2.email = 'trainer2@acme.test'
        and not exists (select 1 from taught t1 where t1.email = 'trainer1@acme.test' and t1.user_id = t2.user_id)`);
    expect(learners).toBeGreaterThan(0);
  });

  it("gives acme ≥ 6 months and ≥ 100k raw events of every activity type, inside the retention window", async () => {
    const activity = await one<Record<string, number>>(sql`
      select
        (select count(*)::int from raw_events x where x.organization_id = o.id and x.source = 'seed') as events,
        (select count(*)::int from raw_events x where x.organization_id = o.id and x.source <> 'seed') as other_events,
        (select count(*)::int from raw_event_keys k where k.organization_id = o.id) as keys,
        (select count(distinct event_type)::int from raw_events x where x.organization_id = o.id) as types,
        (select extract(day from max(occurred_at) - min(occurred_at))::int from raw_events x where x.organization_id = o.id) as days,
        (select count(*)::int from raw_events x where x.organization_id = o.id and x.occurred_at > now()) as future,
        (select count(*)::int from raw_events x where x.organization_id = o.id and x.occurred_at < now() - interval '365 days') as expired,
        (select count(*)::int from lesson_progress x where x.organization_id = o.id) as progress,
        (select count(*)::int from assessment_attempts x where x.organization_id = o.id) as attempts,
        (select count(*)::int from answers x where x.organization_id = o.id) as answers,
        (select count(*)::int from task_completions x where x.organization_id = o.id) as tasks,
        (select count(*)::int from goals x where x.organization_id = o.id) as goals,
        (select count(*)::int from obstacles x where x.organization_id = o.id) as obstacles,
        (select count(*)::int from user_skills x where x.organization_id = o.id) as mastery
      from organizations o where o.slug = 'acme'`);
    expect(activity).toMatchObject({ other_events: 0, future: 0, expired: 0, types: EVENT_TYPES.length });
    expect(activity.events).toBeGreaterThanOrEqual(100_000);
    expect(activity.events).toBe(summary?.acme.events);
    expect(activity.keys).toBe(activity.events);
    expect(activity.days).toBeGreaterThanOrEqual(183);
    for (const key of ["progress", "attempts", "answers", "tasks", "goals", "obstacles", "mastery"]) expect(activity[key], key).toBeGreaterThan(100);
  });

  it("stores only events the ingestion rules would accept: members, known types, objects of the organization", async () => {
    const bad = await one<Record<string, number>>(sql`
      select
        count(*) filter (where not exists (select 1 from memberships m where m.organization_id = r.organization_id and m.user_id = r.user_id))::int as non_members,
        count(*) filter (where not (r.event_type = any (private.event_types())))::int as unknown_types,
        count(*) filter (where r.course_id is not null and not exists (select 1 from courses c where c.id = r.course_id and c.organization_id = r.organization_id))::int as foreign_courses,
        count(*) filter (where r.lesson_id is not null and not exists (select 1 from lessons l where l.id = r.lesson_id and l.course_id = r.course_id))::int as foreign_lessons,
        count(*) filter (where r.assessment_id is not null and not exists (select 1 from assessments a where a.id = r.assessment_id and a.course_id = r.course_id))::int as foreign_assessments,
        count(*) filter (where r.task_id is not null and not exists (select 1 from tasks t where t.id = r.task_id and t.organization_id = r.organization_id))::int as foreign_tasks
      from raw_events r where r.organization_id = ${acme}`);
    expect(bad).toEqual({ non_members: 0, unknown_types: 0, foreign_courses: 0, foreign_lessons: 0, foreign_assessments: 0, foreign_tasks: 0 });
  });

  it("agrees between raw events and domain rows: lessons, attempts and grades (with the learner's notification), tasks, goals", async () => {
    const mismatches = await one<Record<string, number>>(sql`
      with ev as (select * from raw_events where organization_id = ${acme})
      select
        (select count(*)::int from lesson_progress lp where lp.organization_id = ${acme} and lp.completed_at is not null
           and not exists (select 1 from ev where ev.idempotency_key = 'lesson_completed:' || lp.user_id || ':' || lp.lesson_id)) as completions_without_event,
        (select count(*)::int from ev where ev.event_type = 'lesson_completed'
           and not exists (select 1 from lesson_progress lp where lp.completed_at is not null and ev.idempotency_key = 'lesson_completed:' || lp.user_id || ':' || lp.lesson_id)) as events_without_completion,
        (select count(*)::int from assessment_attempts at where at.organization_id = ${acme}
           and not exists (select 1 from ev where ev.idempotency_key = 'assessment_submitted:' || at.id and ev.user_id = at.user_id and ev.assessment_id = at.assessment_id)) as attempts_without_event,
        (select count(*)::int from ev where ev.event_type = 'assessment_submitted'
           and not exists (select 1 from assessment_attempts at where ev.idempotency_key = 'assessment_submitted:' || at.id)) as events_without_attempt,
        (select count(*)::int from ev where ev.event_type = 'assessment_graded'
           and not exists (select 1 from assessment_attempts at where ev.idempotency_key = 'assessment_graded:' || at.id
                           and at.status = 'graded' and at.score = ev.score and ev.occurred_at > at.submitted_at)) as grades_without_score,
        (select count(*)::int from assessment_attempts at where at.organization_id = ${acme} and at.status = 'graded'
           and not exists (select 1 from ev where ev.idempotency_key in ('assessment_graded:' || at.id, 'assessment_submitted:' || at.id) and ev.score = at.score)) as scores_without_event,
        (select count(*)::int from task_completions tc where tc.organization_id = ${acme}
           and not exists (select 1 from ev where ev.idempotency_key = 'task_completed:' || tc.user_id || ':' || tc.task_id)) as tasks_without_event,
        (select count(*)::int from ev where ev.event_type = 'goal_progressed'
           and not exists (select 1 from goals g where g.id::text = ev.context ->> 'goalId' and g.user_id = ev.user_id)) as goal_events_without_goal,
        (select count(*)::int from answers a where a.organization_id = ${acme} and a.graded_by is not null
           and not exists (select 1 from notifications n where n.user_id = a.user_id and n.type = 'learning.answer_graded' and n.created_at = a.graded_at)) as grades_without_notification`);
    expect(mismatches).toEqual({
      completions_without_event: 0, events_without_completion: 0, attempts_without_event: 0, events_without_attempt: 0,
      grades_without_score: 0, scores_without_event: 0, tasks_without_event: 0, goal_events_without_goal: 0, grades_without_notification: 0,
    });
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
    expect(attempts.length).toBeGreaterThan(100);
    for (const attempt of attempts) {
      expect(attempt.bracket_key).toBe(bracketFor(Number(attempt.score), brackets));
      expect(attempt.passed).toBe(Number(attempt.score) >= Number(attempt.pass_mark));
    }
  });

  it("has learners clearly at risk: quiet for 2–4 weeks, behind in a cohort that ended or is about to", async () => {
    const { at_risk } = await one<{ at_risk: number }>(sql`
      with last_seen as (select user_id, max(occurred_at) as at from raw_events where organization_id = ${acme} group by user_id)
      select count(distinct e.user_id)::int as at_risk
      from enrollments e join last_seen l on l.user_id = e.user_id join cohorts c on c.id = e.cohort_id
      where e.organization_id = ${acme} and l.at between now() - interval '29 days' and now() - interval '14 days'
        and c.ends_on <= (now() at time zone 'utc')::date + 7 and e.progress_percent <= 50`);
    expect(at_risk).toBeGreaterThanOrEqual(10);
  });

  it("has high-potential learners: high scores, several courses completed, active this week", async () => {
    const { high } = await one<{ high: number }>(sql`
      select count(*)::int as high from memberships m
      where m.organization_id = ${acme} and m.role = 'learner'
        and (select avg(score) from assessment_attempts at where at.user_id = m.user_id and at.status = 'graded') >= 75
        and (select count(*) from enrollments e where e.user_id = m.user_id and e.progress_percent = 100) >= 2
        and exists (select 1 from raw_events r where r.organization_id = m.organization_id and r.user_id = m.user_id and r.occurred_at > now() - interval '7 days')`);
    expect(high).toBeGreaterThanOrEqual(10);
  });

  it("shows high-potential and at-risk learners in acme's KPI tree once the analytics jobs ran", async () => {
    // The rule once asked for velocity ahead or on track, and the demo's strongest learners (every course
    // finished, so no pace to keep) were all left out: the KPI said 0.
    const kpi = await one<{ high_potential_count: number; at_risk_count: number; learners: number }>(sql`
      select high_potential_count, at_risk_count, learners from kpi_snapshots
      where organization_id = ${acme} and cohort_id is null order by snapshot_day desc limit 1`);
    expect(kpi.learners).toBeGreaterThanOrEqual(150);
    expect(kpi.high_potential_count).toBeGreaterThanOrEqual(3);
    expect(kpi.at_risk_count).toBeGreaterThanOrEqual(3);
  });

  it("has learners with long daily streaks up to today (or yesterday)", async () => {
    const streaks = await rows<{ user_id: string; length: number }>(sql`
      with days as (select distinct user_id, (occurred_at at time zone 'utc')::date as day from raw_events where organization_id = ${acme}),
           runs as (select user_id, day, day - (row_number() over (partition by user_id order by day))::int as run from days)
      select user_id, count(*)::int as length from runs group by user_id, run
      having max(day) >= (now() at time zone 'utc')::date - 1 and count(*) >= 45`);
    expect(streaks.length).toBeGreaterThanOrEqual(10);
  });

  it("has questions of different difficulty that stronger learners answer right more often", async () => {
    const items = await rows<{ p: string; upper: string; lower: string }>(sql`
      with scored as (
        select a.question_id, a.is_correct::int as correct, ntile(4) over (partition by a.question_id order by at.score) as quartile
        from answers a join assessment_attempts at on at.id = a.attempt_id
        where a.organization_id = ${acme} and a.is_correct is not null and at.status = 'graded')
      select question_id, avg(correct) as p, avg(correct) filter (where quartile = 4) as upper, avg(correct) filter (where quartile = 1) as lower
      from scored group by question_id`);
    const p = items.map((item) => Number(item.p));
    expect(Math.min(...p)).toBeLessThan(0.3);
    expect(Math.max(...p)).toBeGreaterThan(0.75);
    expect(items.filter((item) => Number(item.upper) - Number(item.lower) > 0.2).length / items.length).toBeGreaterThan(0.8);
  });

  it("gives courses and goals required skills, some beyond what a learner has mastered (skill gaps)", async () => {
    const gaps = await one<Record<string, number>>(sql`
      select
        (select count(*)::int from course_skills cs where cs.organization_id = ${acme}) as course_skills,
        (select count(*)::int from goal_skills gs where gs.organization_id = ${acme}
           and not exists (select 1 from user_skills us where us.user_id = gs.user_id and us.skill_id = gs.skill_id)) as goal_skills_unmastered,
        (select count(*)::int from user_skills us where us.organization_id = ${acme} and us.mastery < 60) as low_mastery`);
    expect(gaps.course_skills).toBeGreaterThanOrEqual(8);
    expect(gaps.goal_skills_unmastered).toBeGreaterThan(10);
    expect(gaps.low_mastery).toBeGreaterThan(10);
  });

  it("gives acme the demo API key and 200 seats, and globex a small course of its own", async () => {
    const key = await withServiceDb("test: the demo key", (tx) => authenticateApiKey(tx, DEMO_API_KEY), handle.db);
    const [acmeRow] = await rows<{ id: string }>(sql`select id from organizations where slug = 'acme'`);
    expect(key?.organizationId).toBe(acmeRow.id);
    expect(DEMO_API_KEY).not.toMatch(/sk_live_/);
    const seats = await one<{ seats: number; members: number }>(sql`
      select public.org_seat_limit(${acme}) as seats, (select count(*)::int from memberships where organization_id = ${acme}) as members`);
    expect(seats).toEqual({ seats: 200, members: ACME_LEARNERS + 3 });
    const globex = await one<Record<string, number>>(sql`
      select (select count(*)::int from courses c where c.organization_id = o.id) as courses,
             (select count(*)::int from enrollments e where e.organization_id = o.id) as enrollments,
             (select count(*)::int from memberships m where m.organization_id = o.id) as members,
             (select count(*)::int from raw_events r where r.organization_id = o.id) as events
      from organizations o where o.slug = 'globex'`);
    expect(globex).toMatchObject({ courses: 1, enrollments: 3, members: 5 });
    expect(globex.events).toBeGreaterThan(0);
  });
});
