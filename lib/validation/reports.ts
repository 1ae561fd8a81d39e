import { z } from "zod";
import { REPORT_FORMATS, REPORT_TYPES } from "@/db/schema";

const isoDate = (label: string) =>
  z
    .string({ error: `Choose the ${label} date` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} date as YYYY-MM-DD`)
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), `The ${label} date does not exist`);

/** Longest period a report covers: three years of daily activity. */
export const MAX_REPORT_DAYS = 3 * 366;

export const requestReportSchema = z
  .object({
    reportType: z.enum(REPORT_TYPES, { error: "Choose what the report is about" }),
    format: z.enum(REPORT_FORMATS, { error: "Choose CSV, XLSX or PDF" }),
    cohortId: z.union([z.literal(""), z.uuid("Unknown cohort")]).optional(),
    learnerId: z.union([z.literal(""), z.uuid("Unknown learner")]).optional(),
    from: isoDate("start"),
    to: isoDate("end"),
  })
  .superRefine((input, ctx) => {
    if (input.reportType === "cohort" && !input.cohortId) ctx.addIssue({ code: "custom", path: ["cohortId"], message: "Choose the cohort" });
    if (input.reportType === "learner" && !input.learnerId) ctx.addIssue({ code: "custom", path: ["learnerId"], message: "Choose the learner" });
    const days = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000;
    if (days < 0) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date" });
    if (days > MAX_REPORT_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: "A report covers at most three years" });
  })
  .transform((input) => ({
    reportType: input.reportType,
    format: input.format,
    subjectId: input.reportType === "cohort" ? input.cohortId! : input.reportType === "learner" ? input.learnerId! : null,
    parameters: { from: input.from, to: input.to },
  }));

export const reportIdsSchema = z.array(z.uuid()).max(100);
