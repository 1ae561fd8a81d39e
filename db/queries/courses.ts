// Skills and course content: courses → sections → lessons, with the skills
// they teach. Run inside withUserDb: members read the org's skills and
// published courses; holders of courses.manage read drafts and write content
// (RLS). Parent ids are checked here first so a wrong or foreign id gets a
// clear message; the same-organization triggers are the backstop.
import { and, asc, count, eq, inArray, max, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { assessments, courseSections, courseSkills, courses, lessonSkills, lessons, skills } from "../schema";
import { badRequest, conflict, notFound } from "@/lib/errors";

type Org = { organizationId: string };

// ---------------------------------------------------------------------------
// Skills
// ---------------------------------------------------------------------------
export function listSkills(tx: Tx, organizationId: string) {
  return tx
    .select({ id: skills.id, name: skills.name, description: skills.description })
    .from(skills)
    .where(eq(skills.organizationId, organizationId))
    .orderBy(asc(sql`lower(${skills.name})`));
}

export async function createSkill(tx: Tx, input: Org & { name: string; description: string }) {
  const [existing] = await tx
    .select({ id: skills.id })
    .from(skills)
    .where(and(eq(skills.organizationId, input.organizationId), sql`lower(${skills.name}) = lower(${input.name})`));
  if (existing) throw conflict(`A skill named "${input.name}" already exists`);
  const [row] = await tx.insert(skills).values(input).returning({ id: skills.id, name: skills.name });
  return row;
}

/** Refuses skill ids that are not skills of the organization (e.g. another tenant's). */
export async function requireSkills(tx: Tx, organizationId: string, skillIds: readonly string[]) {
  const unique = [...new Set(skillIds)];
  if (unique.length === 0) return unique;
  const found = await tx
    .select({ id: skills.id })
    .from(skills)
    .where(and(eq(skills.organizationId, organizationId), inArray(skills.id, unique)));
  if (found.length !== unique.length) throw badRequest("One of the chosen skills is not a skill of this organization");
  return unique;
}

// ---------------------------------------------------------------------------
// Courses
// ---------------------------------------------------------------------------
export async function listCourses(tx: Tx, organizationId: string) {
  // Only this organization's lessons, not every tenant's (as listCohorts).
  const lessonCounts = tx
    .select({ courseId: lessons.courseId, lessons: count().as("lessons") })
    .from(lessons)
    .where(eq(lessons.organizationId, organizationId))
    .groupBy(lessons.courseId)
    .as("lesson_counts");
  return tx
    .select({
      id: courses.id,
      title: courses.title,
      status: courses.status,
      updatedAt: courses.updatedAt,
      lessons: sql<number>`coalesce(${lessonCounts.lessons}, 0)::int`,
    })
    .from(courses)
    .leftJoin(lessonCounts, eq(lessonCounts.courseId, courses.id))
    .where(eq(courses.organizationId, organizationId))
    .orderBy(asc(courses.title));
}

export async function requireCourse(tx: Tx, organizationId: string, courseId: string) {
  const [row] = await tx
    .select()
    .from(courses)
    .where(and(eq(courses.id, courseId), eq(courses.organizationId, organizationId)));
  if (!row) throw notFound("That course");
  return row;
}

async function setCourseSkills(tx: Tx, organizationId: string, courseId: string, skillIds: readonly string[]) {
  const unique = await requireSkills(tx, organizationId, skillIds);
  await tx.delete(courseSkills).where(eq(courseSkills.courseId, courseId));
  if (unique.length) await tx.insert(courseSkills).values(unique.map((skillId) => ({ organizationId, courseId, skillId })));
}

export async function createCourse(
  tx: Tx,
  input: Org & { createdBy: string; title: string; description: string; skillIds: string[] },
) {
  const [row] = await tx
    .insert(courses)
    .values({ organizationId: input.organizationId, createdBy: input.createdBy, title: input.title, description: input.description })
    .returning({ id: courses.id, title: courses.title });
  await setCourseSkills(tx, input.organizationId, row.id, input.skillIds);
  return row;
}

export async function updateCourse(tx: Tx, input: Org & { courseId: string; title: string; description: string; skillIds: string[] }) {
  const [row] = await tx
    .update(courses)
    .set({ title: input.title, description: input.description })
    .where(and(eq(courses.id, input.courseId), eq(courses.organizationId, input.organizationId)))
    .returning({ id: courses.id });
  if (!row) throw notFound("That course");
  await setCourseSkills(tx, input.organizationId, input.courseId, input.skillIds);
  return row;
}

/** Publishing needs at least one lesson: learners would otherwise enroll in nothing. */
export async function setCoursePublished(tx: Tx, input: Org & { courseId: string; publish: boolean }) {
  await requireCourse(tx, input.organizationId, input.courseId);
  if (input.publish) {
    const [{ n }] = await tx.select({ n: count() }).from(lessons).where(eq(lessons.courseId, input.courseId));
    if (n === 0) throw badRequest("Add at least one lesson before publishing the course");
  }
  const [row] = await tx
    .update(courses)
    .set(input.publish ? { status: "published", publishedAt: sql`coalesce(${courses.publishedAt}, now())` } : { status: "draft" })
    .where(and(eq(courses.id, input.courseId), eq(courses.organizationId, input.organizationId)))
    .returning({ id: courses.id, status: courses.status });
  return row;
}

/** A course with its skills, sections and lessons in order, and its assessments (what RLS lets the caller read). */
export async function getCourseOutline(tx: Tx, organizationId: string, courseId: string) {
  const course = await requireCourse(tx, organizationId, courseId);
  const [skillRows, sectionRows, lessonRows, lessonSkillRows, assessmentRows] = await Promise.all([
    tx
      .select({ id: skills.id, name: skills.name })
      .from(courseSkills)
      .innerJoin(skills, eq(skills.id, courseSkills.skillId))
      .where(eq(courseSkills.courseId, courseId))
      .orderBy(asc(skills.name)),
    tx.select().from(courseSections).where(eq(courseSections.courseId, courseId)).orderBy(asc(courseSections.position), asc(courseSections.createdAt)),
    tx
      .select({ id: lessons.id, sectionId: lessons.sectionId, title: lessons.title, estimatedMinutes: lessons.estimatedMinutes, position: lessons.position })
      .from(lessons)
      .where(eq(lessons.courseId, courseId))
      .orderBy(asc(lessons.position), asc(lessons.createdAt)),
    tx
      .select({ lessonId: lessonSkills.lessonId, skillId: lessonSkills.skillId })
      .from(lessonSkills)
      .innerJoin(lessons, eq(lessons.id, lessonSkills.lessonId))
      .where(eq(lessons.courseId, courseId)),
    tx
      .select({ id: assessments.id, title: assessments.title, lessonId: assessments.lessonId, passMark: assessments.passMark })
      .from(assessments)
      .where(eq(assessments.courseId, courseId))
      .orderBy(asc(assessments.createdAt)),
  ]);
  const sections = sectionRows.map((section) => ({
    id: section.id,
    title: section.title,
    lessons: lessonRows
      .filter((lesson) => lesson.sectionId === section.id)
      .map((lesson) => ({ ...lesson, skillIds: lessonSkillRows.filter((s) => s.lessonId === lesson.id).map((s) => s.skillId) })),
  }));
  return { course, skills: skillRows, sections, assessments: assessmentRows };
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------
export async function addSection(tx: Tx, input: Org & { courseId: string; title: string }) {
  await requireCourse(tx, input.organizationId, input.courseId);
  const [{ last }] = await tx.select({ last: max(courseSections.position) }).from(courseSections).where(eq(courseSections.courseId, input.courseId));
  const [row] = await tx
    .insert(courseSections)
    .values({ ...input, position: (last ?? -1) + 1 })
    .returning({ id: courseSections.id, title: courseSections.title });
  return row;
}

async function requireSection(tx: Tx, organizationId: string, sectionId: string) {
  const [row] = await tx
    .select()
    .from(courseSections)
    .where(and(eq(courseSections.id, sectionId), eq(courseSections.organizationId, organizationId)));
  if (!row) throw notFound("That section");
  return row;
}

export async function renameSection(tx: Tx, input: Org & { sectionId: string; title: string }) {
  await requireSection(tx, input.organizationId, input.sectionId);
  const [row] = await tx
    .update(courseSections)
    .set({ title: input.title })
    .where(and(eq(courseSections.id, input.sectionId), eq(courseSections.organizationId, input.organizationId)))
    .returning({ id: courseSections.id, title: courseSections.title });
  if (!row) throw notFound("That section");
  return row;
}

/** Only an empty section is deleted: deleting one must never take lessons (and learners' progress) with it. */
export async function deleteSection(tx: Tx, input: Org & { sectionId: string }) {
  await requireSection(tx, input.organizationId, input.sectionId);
  const [{ n }] = await tx.select({ n: count() }).from(lessons).where(eq(lessons.sectionId, input.sectionId));
  if (n > 0) throw badRequest("Delete or move the section's lessons first");
  const [row] = await tx
    .delete(courseSections)
    .where(and(eq(courseSections.id, input.sectionId), eq(courseSections.organizationId, input.organizationId)))
    .returning({ id: courseSections.id });
  if (!row) throw notFound("That section");
  return row;
}

// ---------------------------------------------------------------------------
// Lessons
// ---------------------------------------------------------------------------
interface LessonFields {
  sectionId: string;
  title: string;
  bodyMd: string;
  estimatedMinutes: number;
  skillIds: string[];
}

async function setLessonSkills(tx: Tx, organizationId: string, lessonId: string, skillIds: readonly string[]) {
  const unique = await requireSkills(tx, organizationId, skillIds);
  await tx.delete(lessonSkills).where(eq(lessonSkills.lessonId, lessonId));
  if (unique.length) await tx.insert(lessonSkills).values(unique.map((skillId) => ({ organizationId, lessonId, skillId })));
}

export async function createLesson(tx: Tx, input: Org & LessonFields) {
  const section = await requireSection(tx, input.organizationId, input.sectionId);
  const [{ last }] = await tx.select({ last: max(lessons.position) }).from(lessons).where(eq(lessons.courseId, section.courseId));
  const [row] = await tx
    .insert(lessons)
    .values({
      organizationId: input.organizationId,
      courseId: section.courseId,
      sectionId: section.id,
      title: input.title,
      bodyMd: input.bodyMd,
      estimatedMinutes: input.estimatedMinutes,
      position: (last ?? -1) + 1,
    })
    .returning({ id: lessons.id, courseId: lessons.courseId, title: lessons.title });
  await setLessonSkills(tx, input.organizationId, row.id, input.skillIds);
  return row;
}

export async function getLesson(tx: Tx, organizationId: string, lessonId: string) {
  const [row] = await tx
    .select()
    .from(lessons)
    .where(and(eq(lessons.id, lessonId), eq(lessons.organizationId, organizationId)));
  if (!row) throw notFound("That lesson");
  const skillRows = await tx.select({ skillId: lessonSkills.skillId }).from(lessonSkills).where(eq(lessonSkills.lessonId, lessonId));
  return { ...row, skillIds: skillRows.map((s) => s.skillId) };
}

export async function updateLesson(tx: Tx, input: Org & LessonFields & { lessonId: string }) {
  const lesson = await getLesson(tx, input.organizationId, input.lessonId);
  const section = await requireSection(tx, input.organizationId, input.sectionId);
  if (section.courseId !== lesson.courseId) throw badRequest("Choose a section of the same course");
  const [row] = await tx
    .update(lessons)
    .set({ sectionId: section.id, title: input.title, bodyMd: input.bodyMd, estimatedMinutes: input.estimatedMinutes })
    .where(and(eq(lessons.id, input.lessonId), eq(lessons.organizationId, input.organizationId)))
    .returning({ id: lessons.id, courseId: lessons.courseId });
  if (!row) throw notFound("That lesson");
  await setLessonSkills(tx, input.organizationId, row.id, input.skillIds);
  return row;
}

export async function deleteLesson(tx: Tx, input: Org & { lessonId: string }) {
  const [row] = await tx
    .delete(lessons)
    .where(and(eq(lessons.id, input.lessonId), eq(lessons.organizationId, input.organizationId)))
    .returning({ id: lessons.id, courseId: lessons.courseId });
  if (!row) throw notFound("That lesson");
  return row;
}
