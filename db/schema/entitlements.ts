// Mirrors supabase/migrations/20261130000400_plan_entitlements.sql
// (tests/integration/schema-drift.test.ts fails when the two disagree).
import { integer, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { plans } from "./billing";

export const features = pgTable("features", {
  key: text("key").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  sortOrder: smallint("sort_order").notNull().default(0),
});

export const planEntitlements = pgTable(
  "plan_entitlements",
  {
    planId: text("plan_id").notNull().references(() => plans.id, { onDelete: "cascade" }),
    feature: text("feature").notNull().references(() => features.key, { onDelete: "cascade" }),
    limitValue: integer("limit_value"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.planId, table.feature] })],
);
