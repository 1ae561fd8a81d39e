// Demo learning data for a seeded organization: the rows lib/demo/generator.ts
// produces, written in multi-row batches in the seed's transaction (service
// role), with the past raw_events partitions their history needs (created by
// private.create_raw_event_partitions, the partitions' one creator), the raw
// events written with COPY into the parent table (source 'seed'; 100k+ rows
// in a few seconds, whatever the partition layout), and, for the demo
// organization, an API key with a fixed, documented demo value.
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "./client";
import {
  activities,
  answers,
  apiKeys,
  assessmentAttempts,
  assessments,
  cohortTrainers,
  cohorts,
  courseSections,
  courseSkills,
  courses,
  enrollments,
  goalSkills,
  goals,
  lessonProgress,
  lessonSkills,
  lessons,
  notifications,
  obstacles,
  organizationSettings,
  questionKeys,
  questions,
  scoreBrackets,
  skills,
  taskCompletions,
  tasks,
  userSkills,
  visionBoards,
} from "./schema";
import { hashApiKey } from "./queries/api-keys";
import { copyRawEvents, utcDay } from "./queries/raw-events";
import { generateOrgData, type GeneratorSize } from "@/lib/demo/generator";

export interface DemoLearning {
  seed: number;
  size: GeneratorSize;
  /** organization_settings.raw_retention_days, one of RAW_RETENTION_CLASSES; long enough to keep the generated history. */
  rawRetentionDays: number;
  /** A fixed API key value (demo data only: it is printed in the README). */
  apiKey?: string;
}

export interface DemoPeople {
  organizationId: string;
  authorId: string;
  trainerIds: string[];
  learnerIds: string[];
}

const ROWS_PER_INSERT = 1_000;

async function insertAll<T extends PgTable>(tx: Tx, table: T, rows: T["$inferInsert"][]) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await tx.insert(table).values(rows.slice(i, i + ROWS_PER_INSERT));
  }
}

export async function seedDemoLearning(tx: Tx, people: DemoPeople, demo: DemoLearning, endAt = new Date()) {
  const organizationId = people.organizationId;
  const brackets = (await tx.select({ key: scoreBrackets.key, minScore: scoreBrackets.minScore }).from(scoreBrackets)).map((row) => ({ key: row.key, minScore: Number(row.minScore) }));
  const data = generateOrgData({ seed: demo.seed, size: demo.size, endAt, brackets, ...people });
  const org = <R extends object>(rows: R[]) => rows.map((row) => ({ ...row, organizationId }));

  await tx.insert(organizationSettings).values({ organizationId, rawRetentionDays: demo.rawRetentionDays });
  await insertAll(tx, skills, org(data.skills));
  await insertAll(tx, courses, org(data.courses));
  await insertAll(tx, courseSections, org(data.sections));
  await insertAll(tx, lessons, org(data.lessons));
  await insertAll(tx, courseSkills, org(data.courseSkills));
  await insertAll(tx, lessonSkills, org(data.lessonSkills));
  await insertAll(tx, assessments, org(data.assessments));
  await insertAll(tx, questions, org(data.questions));
  await insertAll(tx, questionKeys, org(data.questionKeys));
  await insertAll(tx, activities, org(data.activities));
  await insertAll(tx, tasks, org(data.tasks));
  await insertAll(tx, cohorts, org(data.cohorts));
  await insertAll(tx, cohortTrainers, org(data.cohortTrainers));
  // Progress first: an enrollment's progress is derived from it when the enrollment is inserted.
  await insertAll(tx, lessonProgress, org(data.lessonProgress));
  await insertAll(tx, enrollments, org(data.enrollments));
  await insertAll(tx, assessmentAttempts, org(data.attempts));
  await insertAll(tx, answers, org(data.answers));
  await insertAll(tx, userSkills, org(data.userSkills));
  await insertAll(tx, taskCompletions, org(data.taskCompletions));
  await insertAll(tx, visionBoards, org(data.visionBoards));
  await insertAll(tx, goals, org(data.goals));
  await insertAll(tx, goalSkills, org(data.goalSkills));
  await insertAll(tx, obstacles, org(data.obstacles));
  await insertAll(tx, notifications, org(data.notifications));
  // The triggers stamp a completed enrollment with now(); the history says when it happened.
  await tx.execute(sql`
    update public.enrollments e set completed_at = done.at
    from (select lp.user_id, lp.course_id, max(lp.completed_at) as at from public.lesson_progress lp
          where lp.organization_id = ${organizationId}::uuid group by 1, 2) done
    where e.organization_id = ${organizationId}::uuid and e.completed_at is not null
      and done.user_id = e.user_id and done.course_id = e.course_id`);

  if (data.events.length) {
    await tx.execute(sql`select private.create_raw_event_partitions(${demo.rawRetentionDays}::integer, ${utcDay(data.events[0].occurredAt)}::date, ${utcDay(endAt)}::date)`);
    await copyRawEvents(tx, organizationId, data.events, "seed", demo.rawRetentionDays);
  }

  if (demo.apiKey) {
    await tx.insert(apiKeys).values({ organizationId, name: "Demo LMS (demo key, printed in the README)", keyPrefix: demo.apiKey.slice(0, 12), keyHash: hashApiKey(demo.apiKey), createdBy: people.authorId });
  }
  return { events: data.events.length, attempts: data.attempts.length, lessons: data.lessons.length };
}
