// The analytics golden data set: a tiny organization built by hand so that
// every number the pipeline computes can be worked out on paper (the
// arithmetic is in tests/integration/analytics-golden.test.ts). D is today
// (UTC); every event, completion and attempt is placed at D − k days.
//
//   course "Golden course": 1 section, lessons 1–4 (in order); skills S1
//   (required by the course; lessons 1 and 3 teach it) and S2 (lesson 4).
//   assessment A (pass mark 60): Q1, Q2 single choice, 1 point, skill S1.
//   cohort C (D−30 … D+30) taught by the trainer; L1 (due D+14) and L2 (due
//   D−1, overdue) enrolled. L3 is a member outside the cohort.
//   org rule: lesson_started pays 3 (default 1). Org achievement
//   "org-starter": lessons_started ≥ 1.
//   preferences: L1 anonymous; L2 hidden, no achievement notifications;
//   L3 none (public).
//
//   L1 events  D−2 10:00 lesson_started L1ʹ    (3 pts)
//              D−2 10:20 lesson_completed 1   1200 s (10)
//              D−2 11:00 content_viewed 2     600 s  (1)
//              D−1 09:00 lesson_completed 2   900 s  (10)
//              D−1 09:10 assessment_submitted 300 s score 90 (20)
//              D−1 09:20 assessment_submitted 300 s score 80 (20)
//              D   00:10 session_heartbeat    1800 s (0)
//   L2 events  D−10 12:00 lesson_completed 1  600 s  (10)
//              D−8 12:00 lesson_started 2             (3)
//              D−8 12:30 assessment_submitted score 40 (20)
//              D−8 12:40 assessment_submitted score 30 (20)
//   L3 events  D 00:05 lesson_started 1               (3)
//   attempts (graded): L1 90 (Q1 ✓ Q2 ✓) at D−1 09:10, L1 80 (Q1 ✓ Q2 ✗) at
//   D−1 09:20, L2 40 (Q1 ✗ Q2 ✓) at D−8 12:30, L2 30 (Q1 ✗ Q2 ✗) at D−8 12:40.
//   lesson_progress: L1 lesson 1 at D−2 10:20, lesson 2 at D−1 09:00; L2
//   lesson 1 at D−10 12:00. Mastery: L1 S1 76; L2 S1 30. L1 has an active
//   goal needing S2.
import { randomUUID } from "node:crypto";
import { afterAll } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { migrate } from "@/db/migrate";
import type { Tx } from "@/db/client";
import type { SessionClaims } from "@/db/rls";
import { createOrg, testDb, withServiceDb, type TestOrg } from "./db";

const service = <T>(fn: (tx: Tx) => Promise<T>) => withServiceDb("test fixture: analytics golden set", fn, testDb());

/** Today in UTC as YYYY-MM-DD, and D − k. */
export function utcDay(offsetDays = 0): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offsetDays)).toISOString().slice(0, 10);
}
/** D − k at hh:mm UTC. */
export function at(daysAgo: number, hhmm: string): string {
  return `${utcDay(-daysAgo)}T${hhmm}:00Z`;
}

export interface GoldenWorld {
  org: TestOrg;
  admin: SessionClaims;
  trainer: SessionClaims;
  l1: SessionClaims;
  l2: SessionClaims;
  l3: SessionClaims;
  courseId: string;
  cohortId: string;
  lessons: [string, string, string, string];
  s1: string;
  s2: string;
  assessmentId: string;
  q1: string;
  q2: string;
}

interface EventSpec {
  user: string;
  type: string;
  when: string;
  key: string;
  lesson?: string;
  assessment?: string;
  duration?: number;
  score?: number;
}

export async function insertEvent(world: Pick<GoldenWorld, "org" | "courseId">, e: EventSpec, tx?: Tx) {
  const run = async (t: Tx) => {
    const [row] = await t.execute<{ stored: boolean }>(sql`
      select private.insert_raw_event(
        ${world.org.id}::uuid, ${e.user}::uuid, ${e.type}, ${e.when}::timestamptz, ${e.key},
        ${world.courseId}::uuid, ${e.lesson ?? null}::uuid, ${e.assessment ?? null}::uuid, null::uuid,
        ${e.duration ?? null}::integer, ${e.score ?? null}::numeric, '{}'::jsonb, 'app') as stored`);
    return row.stored;
  };
  return tx ? run(tx) : service(run);
}

export async function createGoldenWorld(): Promise<GoldenWorld> {
  const org = await createOrg({ trainer: "trainer", l1: "learner", l2: "learner", l3: "learner" });
  const { trainer, l1, l2, l3 } = org.members;
  const o = org.id;
  const ids = await service(async (tx) => {
    const one = async <T>(query: ReturnType<typeof sql>) => (await tx.execute<T & Record<string, unknown>>(query))[0];
    const s1 = (await one<{ id: string }>(sql`insert into public.skills (organization_id, name) values (${o}, 'Golden S1') returning id`)).id;
    const s2 = (await one<{ id: string }>(sql`insert into public.skills (organization_id, name) values (${o}, 'Golden S2') returning id`)).id;
    const courseId = (await one<{ id: string }>(sql`
      insert into public.courses (organization_id, title, status, published_at) values (${o}, 'Golden course', 'published', now()) returning id`)).id;
    const sectionId = (await one<{ id: string }>(sql`
      insert into public.course_sections (organization_id, course_id, title, position) values (${o}, ${courseId}, 'Only section', 0) returning id`)).id;
    const lessons: string[] = [];
    for (let i = 1; i <= 4; i++) {
      lessons.push((await one<{ id: string }>(sql`
        insert into public.lessons (organization_id, course_id, section_id, title, position)
        values (${o}, ${courseId}, ${sectionId}, ${`Lesson ${i}`}, ${i}) returning id`)).id);
    }
    await tx.execute(sql`insert into public.course_skills (organization_id, course_id, skill_id) values (${o}, ${courseId}, ${s1})`);
    await tx.execute(sql`insert into public.lesson_skills (organization_id, lesson_id, skill_id) values
      (${o}, ${lessons[0]}, ${s1}), (${o}, ${lessons[2]}, ${s1}), (${o}, ${lessons[3]}, ${s2})`);
    const assessmentId = (await one<{ id: string }>(sql`
      insert into public.assessments (organization_id, course_id, title, pass_mark) values (${o}, ${courseId}, 'Golden quiz', 60) returning id`)).id;
    const question = async (position: number) =>
      (await one<{ id: string }>(sql`
        insert into public.questions (organization_id, assessment_id, kind, prompt, options, points, position, skill_id)
        values (${o}, ${assessmentId}, 'single_choice', ${`Q${position}`}, '[{"id":"a","label":"A"},{"id":"b","label":"B"}]', 1, ${position}, ${s1})
        returning id`)).id;
    const q1 = await question(1);
    const q2 = await question(2);
    const cohortId = (await one<{ id: string }>(sql`
      insert into public.cohorts (organization_id, course_id, name, starts_on, ends_on)
      values (${o}, ${courseId}, 'Golden cohort', ${utcDay(-30)}, ${utcDay(30)}) returning id`)).id;
    await tx.execute(sql`insert into public.cohort_trainers (organization_id, cohort_id, user_id) values (${o}, ${cohortId}, ${trainer.sub})`);
    await tx.execute(sql`insert into public.enrollments (organization_id, cohort_id, course_id, user_id, enrolled_at, due_on) values
      (${o}, ${cohortId}, ${courseId}, ${l1.sub}, ${at(20, "09:00")}, ${utcDay(14)}),
      (${o}, ${cohortId}, ${courseId}, ${l2.sub}, ${at(20, "09:00")}, ${utcDay(-1)})`);
    await tx.execute(sql`insert into public.lesson_progress (organization_id, user_id, lesson_id, course_id, started_at, completed_at) values
      (${o}, ${l1.sub}, ${lessons[0]}, ${courseId}, ${at(2, "10:00")}, ${at(2, "10:20")}),
      (${o}, ${l1.sub}, ${lessons[1]}, ${courseId}, ${at(2, "11:00")}, ${at(1, "09:00")}),
      (${o}, ${l2.sub}, ${lessons[0]}, ${courseId}, ${at(10, "11:50")}, ${at(10, "12:00")})`);
    await tx.execute(sql`insert into public.user_skills (organization_id, user_id, skill_id, mastery, last_assessed_at) values
      (${o}, ${l1.sub}, ${s1}, 76, ${at(1, "09:20")}), (${o}, ${l2.sub}, ${s1}, 30, ${at(8, "12:40")})`);
    const board = (await one<{ id: string }>(sql`insert into public.vision_boards (organization_id, user_id) values (${o}, ${l1.sub}) returning id`)).id;
    const goal = (await one<{ id: string }>(sql`
      insert into public.goals (organization_id, vision_board_id, user_id, title) values (${o}, ${board}, ${l1.sub}, 'Learn S2') returning id`)).id;
    await tx.execute(sql`insert into public.goal_skills (organization_id, goal_id, skill_id, user_id) values (${o}, ${goal}, ${s2}, ${l1.sub})`);
    // Graded attempts and their answers (as the scoring code leaves them).
    const attempts: Array<[SessionClaims, number, number, string, boolean, boolean]> = [
      [l1, 1, 90, at(1, "09:10"), true, true],
      [l1, 2, 80, at(1, "09:20"), true, false],
      [l2, 1, 40, at(8, "12:30"), false, true],
      [l2, 2, 30, at(8, "12:40"), false, false],
    ];
    for (const [learner, number, score, submitted, q1Right, q2Right] of attempts) {
      const attemptId = (await one<{ id: string }>(sql`
        insert into public.assessment_attempts (organization_id, assessment_id, user_id, attempt_number, started_at, submitted_at, status, score, passed)
        values (${o}, ${assessmentId}, ${learner.sub}, ${number}, ${submitted}::timestamptz - interval '5 minutes', ${submitted}, 'graded', ${score}, ${score >= 60})
        returning id`)).id;
      await tx.execute(sql`insert into public.answers (organization_id, attempt_id, question_id, user_id, response, is_correct, points_awarded) values
        (${o}, ${attemptId}, ${q1}, ${learner.sub}, '{"option":"a"}', ${q1Right}, ${q1Right ? 1 : 0}),
        (${o}, ${attemptId}, ${q2}, ${learner.sub}, '{"option":"a"}', ${q2Right}, ${q2Right ? 1 : 0})`);
    }
    await tx.execute(sql`insert into public.point_rules (organization_id, event_type, points) values (${o}, 'lesson_started', 3)`);
    await tx.execute(sql`insert into public.achievements (organization_id, key, name, criteria)
      values (${o}, 'org-starter', 'Started here', '{"metric": "lessons_started", "gte": 1}')`);
    await tx.execute(sql`insert into public.user_preferences (organization_id, user_id, leaderboard_visibility, notification_prefs) values
      (${o}, ${l1.sub}, 'anonymous', '{}'), (${o}, ${l2.sub}, 'hidden', '{"achievements": false}')`);
    return { s1, s2, courseId, lessons: lessons as GoldenWorld["lessons"], assessmentId, q1, q2, cohortId };
  });

  const world: GoldenWorld = { org, admin: org.owner, trainer, l1, l2, l3, ...ids };
  const [L1, L2, L3] = [l1.sub, l2.sub, l3.sub];
  const [lesson1, lesson2] = world.lessons;
  const A = world.assessmentId;
  const events: EventSpec[] = [
    { user: L1, type: "lesson_started", when: at(2, "10:00"), key: "g:l1:1", lesson: lesson1 },
    { user: L1, type: "lesson_completed", when: at(2, "10:20"), key: "g:l1:2", lesson: lesson1, duration: 1200 },
    { user: L1, type: "content_viewed", when: at(2, "11:00"), key: "g:l1:3", lesson: lesson2, duration: 600 },
    { user: L1, type: "lesson_completed", when: at(1, "09:00"), key: "g:l1:4", lesson: lesson2, duration: 900 },
    { user: L1, type: "assessment_submitted", when: at(1, "09:10"), key: "g:l1:5", assessment: A, duration: 300, score: 90 },
    { user: L1, type: "assessment_submitted", when: at(1, "09:20"), key: "g:l1:6", assessment: A, duration: 300, score: 80 },
    { user: L1, type: "session_heartbeat", when: at(0, "00:10"), key: "g:l1:7", duration: 1800 },
    { user: L2, type: "lesson_completed", when: at(10, "12:00"), key: "g:l2:1", lesson: lesson1, duration: 600 },
    { user: L2, type: "lesson_started", when: at(8, "12:00"), key: "g:l2:2", lesson: lesson2 },
    { user: L2, type: "assessment_submitted", when: at(8, "12:30"), key: "g:l2:3", assessment: A, score: 40 },
    { user: L2, type: "assessment_submitted", when: at(8, "12:40"), key: "g:l2:4", assessment: A, score: 30 },
    { user: L3, type: "lesson_started", when: at(0, "00:05"), key: "g:l3:1", lesson: lesson1 },
  ];
  // In the real world events arrive in many transactions, in any order.
  for (const event of events.reverse()) await insertEvent(world, event);
  return world;
}

/**
 * Runs the analytics jobs as pg_cron would (each in its own transaction):
 * the rollup until its watermark has passed every event of `organizationId`
 * (events of transactions still open elsewhere wait for them, by design),
 * then the nightly snapshots, aggregates and views.
 *
 * The full jobs touch every organization of the database (points,
 * achievements and their notifications included), so test files that run
 * them work in a database of their own (useOwnDatabase). In the shared test
 * database, scope "organization" runs the rollup for that organization only
 * (watermark untouched) and the nightly steps, which notify nobody.
 */
export async function runPipeline(organizationId: string, options: { nightly?: boolean; scope?: "all" | "organization" } = {}) {
  const { runJob } = await import("@/db/jobs");
  if (options.scope === "organization") {
    for (let attempt = 0; ; attempt++) {
      const [state] = await service((tx) =>
        tx.execute<{ ready: boolean }>(sql`
          select coalesce((select max(e.ingest_xid) from public.raw_events e where e.organization_id = ${organizationId}::uuid)
                          < pg_snapshot_xmin(pg_current_snapshot()), true) as ready`),
      );
      if (state.ready) break;
      if (attempt > 200) throw new Error("older transactions stayed open for 20 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await service((tx) => tx.execute(sql`select analytics.run_rollup(${organizationId}::uuid)`));
    if (options.nightly === false) return;
    for (const step of ["run_snapshots()", "run_predictions()", "run_item_stats()", "run_kpis()", "run_aggregates()", "refresh_views()"]) {
      await service((tx) => tx.execute(sql.raw(`select analytics.${step}`)));
    }
    return;
  }
  for (let attempt = 0; ; attempt++) {
    await service((tx) => runJob(tx, "analytics_rollup"));
    const [state] = await service((tx) =>
      tx.execute<{ caught_up: boolean }>(sql`
        select coalesce((select max(e.ingest_xid) from public.raw_events e where e.organization_id = ${organizationId}::uuid)
                        < (select w.position from private.analytics_watermarks w where w.name = 'rollup'), true) as caught_up`),
    );
    if (state.caught_up) break;
    if (attempt > 200) throw new Error("the rollup watermark did not pass this organization's events within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (options.nightly === false) return;
  for (const job of ["analytics_nightly", "analytics_aggregates", "analytics_refresh_views"]) {
    await service((tx) => runJob(tx, job));
  }
}

/**
 * Points this test file at a database of its own (created and migrated now,
 * dropped after the file), so that the analytics jobs it runs — which work
 * on every organization — touch no other file's rows. Call at the top level,
 * before anything opens the test database.
 */
export async function useOwnDatabase(label: string) {
  const base = process.env.DATABASE_URL!;
  const name = `${label}_${randomUUID().slice(0, 8)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = base.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  await migrate(url);
  process.env.DATABASE_URL = url;
  afterAll(async () => {
    const cleanup = postgres(base, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  });
}
