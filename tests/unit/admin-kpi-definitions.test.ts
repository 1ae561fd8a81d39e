// The KPI definitions the admin overview shows one click from each number must
// say what analytics.run_kpis computes: each formula, limit and the scope are
// the migration's comment, word for word. Also: the URL filters' rules.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ADMIN_KPIS, KPI_SCOPE } from "@/lib/dashboards/admin-kpis";
import { adminOverviewHref, parseAdminFilters, retentionSchema } from "@/lib/validation/dashboard-admin";

/** The newest migration that (re)defines analytics.run_kpis: the definition in force. */
const migrations = path.join(process.cwd(), "supabase/migrations");
const migration = readdirSync(migrations)
  .sort()
  .map((file) => readFileSync(path.join(migrations, file), "utf8"))
  .filter((text) => /create (or replace )?function analytics\.run_kpis/.test(text))
  .at(-1)!;
/** The comment block above analytics.run_kpis as one line of prose. */
const comment = migration
  .slice(migration.indexOf("-- KPI tree of day d"), migration.search(/create (or replace )?function analytics\.run_kpis/))
  .split("\n")
  .map((line) => line.replace(/^--\s?/, "").trim())
  .join(" ")
  .replace(/\s+/g, " ");

describe("KPI definitions", () => {
  it("formula and limit of each KPI are the migration's comment", () => {
    expect(comment.length).toBeGreaterThan(200);
    expect(comment).toContain(KPI_SCOPE);
    for (const kpi of ADMIN_KPIS) {
      expect(comment, kpi.key).toContain(kpi.formula.replace(/\.$/, ""));
      expect(comment, kpi.key).toContain(kpi.limit);
    }
    expect(ADMIN_KPIS.map((kpi) => kpi.key)).toEqual(["turnoverRisk", "burnoutRisk", "productivityIndex", "highPotentialCount"]);
  });
});

describe("overview filters in the URL", () => {
  const today = "2026-11-30";
  it("defaults to the last 30 days, keeps a valid range and cohort", () => {
    expect(parseAdminFilters({}, today)).toEqual({ filters: { from: "2026-11-01", to: today, cohortId: null }, problem: null, requested: {} });
    const cohort = "8c0a7f4e-1b2c-4d3e-8f90-123456789abc";
    expect(parseAdminFilters({ from: "2026-09-01", to: "2026-09-30", cohort }, today).filters).toEqual({ from: "2026-09-01", to: "2026-09-30", cohortId: cohort });
    expect(parseAdminFilters({ to: "2026-10-31" }, today).filters).toEqual({ from: "2026-10-02", to: "2026-10-31", cohortId: null });
  });

  it("explains every bad input and falls back to the default range", () => {
    const bad = (input: Record<string, string>) => parseAdminFilters(input, today);
    expect(bad({ from: "2026-11-20", to: "2026-11-10" }).problem).toBe("From must be on or before To");
    expect(bad({ to: "2026-12-05" }).problem).toBe("To cannot be after today (2026-11-30)");
    expect(bad({ from: "2024-01-01", to: "2026-11-30" }).problem).toBe("The range may span at most 366 days");
    expect(bad({ from: "yesterday" }).problem).toBe("From must be a date like 2026-11-30");
    expect(bad({ to: "2026-02-29" }).problem).toBe("To is not a date in the calendar");
    expect(bad({ cohort: "42" }).problem).toBe("Cohort: choose a cohort from the list");
    expect(bad({ cohort: "42" }).filters).toEqual({ from: "2026-11-01", to: today, cohortId: null });
  });

  it("builds shareable links without the defaults", () => {
    expect(adminOverviewHref("acme", {})).toBe("/o/acme/admin");
    expect(adminOverviewHref("acme", { from: "2026-09-01", to: "2026-09-30", cohort: null })).toBe("/o/acme/admin?from=2026-09-01&to=2026-09-30");
  });
});

describe("retention setting", () => {
  it("accepts only the retention classes", () => {
    expect(retentionSchema.parse({ rawRetentionDays: "90" })).toEqual({ rawRetentionDays: 90 });
    for (const value of ["45", "0", "4000", "abc", ""]) expect(retentionSchema.safeParse({ rawRetentionDays: value }).success, value).toBe(false);
  });
});
