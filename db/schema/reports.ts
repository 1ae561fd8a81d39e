// Mirrors supabase/migrations/20261130000500_reports.sql and
// 20261130000510_privacy.sql (tests/integration/schema-drift.test.ts fails on
// drift). The migrations are the source of truth.
import { customType, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, profiles } from "./tenancy";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

export const REPORT_TYPES = ["learner", "cohort", "organization"] as const;
export const REPORT_FORMATS = ["csv", "xlsx", "pdf"] as const;
export const REPORT_STATUSES = ["requested", "pending", "processing", "completed", "failed", "expired"] as const;

export type ReportType = (typeof REPORT_TYPES)[number];
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface ReportParameters {
  /** Inclusive dates, YYYY-MM-DD: the period activity and scores are counted in. */
  from?: string;
  to?: string;
}

export const reports = pgTable("reports", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
  requestedBy: uuid("requested_by").references(() => profiles.id, { onDelete: "set null" }),
  reportType: text("report_type", { enum: REPORT_TYPES }).notNull(),
  subjectId: uuid("subject_id"),
  format: text("format", { enum: REPORT_FORMATS }).notNull(),
  parameters: jsonb("parameters").$type<ReportParameters>().notNull().default({}),
  status: text("status", { enum: REPORT_STATUSES }).notNull().default("requested"),
  error: text("error"),
  fileName: text("file_name"),
  contentType: text("content_type"),
  byteSize: integer("byte_size"),
  attempts: integer("attempts").notNull().default(0),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  startedAt: timestamptz("started_at"),
  completedAt: timestamptz("completed_at"),
  expiresAt: timestamptz("expires_at"),
});

export const reportFiles = pgTable("report_files", {
  reportId: uuid("report_id").primaryKey().references(() => reports.id, { onDelete: "cascade" }),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
  content: bytea("content").notNull(),
});

export const privacyRequests = pgTable("privacy_requests", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
  userId: uuid("user_id").notNull().references(() => profiles.id, { onDelete: "cascade" }),
  email: text("email").notNull(),
  kind: text("kind", { enum: ["export", "erasure"] }).notNull(),
  details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  requestedAt: timestamptz("requested_at").notNull().defaultNow(),
  completedAt: timestamptz("completed_at"),
});
