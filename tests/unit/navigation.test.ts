// The navigation marks one current page: the longest item path that is the
// page or a folder above it; Home only on the home page itself.
import { describe, expect, it } from "vitest";
import { currentNavHref, navigationFor } from "@/lib/tenancy/navigation";

const home = "/o/acme";
const hrefs = ["/o/acme", "/o/acme/learn", "/o/acme/learn/goals", "/o/acme/cohorts", "/o/acme/admin/members"];

describe("current navigation item", () => {
  it("marks the page itself, or the item whose folder holds it", () => {
    expect(currentNavHref("/o/acme", hrefs, home)).toBe("/o/acme");
    expect(currentNavHref("/o/acme/", hrefs, home)).toBe("/o/acme");
    expect(currentNavHref("/o/acme/learn", hrefs, home)).toBe("/o/acme/learn");
    expect(currentNavHref("/o/acme/learn/goals", hrefs, home)).toBe("/o/acme/learn/goals");
    expect(currentNavHref("/o/acme/learn/lessons/123", hrefs, home)).toBe("/o/acme/learn");
    expect(currentNavHref("/o/acme/cohorts/9/attempts/1", hrefs, home)).toBe("/o/acme/cohorts");
  });

  it("marks nothing for pages outside the navigation, never Home by prefix", () => {
    expect(currentNavHref("/o/acme/notifications", hrefs, home)).toBeNull();
    expect(currentNavHref("/o/acme/learning", hrefs, home)).toBeNull();
    expect(currentNavHref("/o/acme-two", hrefs, home)).toBeNull();
  });

  it("lists only what the permissions allow, dropping empty sections", () => {
    const learner = navigationFor(new Set(["learning.participate"]));
    expect(learner.map((section) => section.title)).toEqual(["Learn"]);
    expect(learner[0].items.map((item) => item.label)).toEqual(["Home", "My learning", "My analytics", "Goals", "Privacy & settings"]);
  });
});
