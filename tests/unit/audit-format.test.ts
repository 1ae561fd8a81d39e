// How audit entries read: people by name, changes without ids or bookkeeping.
import { describe, expect, it } from "vitest";
import { actorLabel, describeChange } from "@/components/audit/format";

describe("actorLabel", () => {
  const base = { actorId: "6f1c0d4e-0000-4000-8000-000000000001", actorName: "Ada Lovelace", actorEmail: "ada@example.test", resourceType: "membership" };
  it("names a person by name with the email apart, or by email alone", () => {
    expect(actorLabel(base)).toEqual({ name: "Ada Lovelace", email: "ada@example.test" });
    expect(actorLabel({ ...base, actorName: "" })).toEqual({ name: "ada@example.test", email: null });
    expect(actorLabel({ ...base, actorName: null, actorEmail: null })).toEqual({ name: "A deleted user", email: null });
  });
  it("says Stripe for billing rows without a person, System otherwise", () => {
    expect(actorLabel({ ...base, actorId: null, resourceType: "subscription" })).toEqual({ name: "Stripe", email: null });
    expect(actorLabel({ ...base, actorId: null })).toEqual({ name: "System", email: null });
  });
});

describe("describeChange", () => {
  it("lists the changed fields, leaving out ids and timestamps every row has", () => {
    expect(
      describeChange(
        { id: "x", user_id: "u", role: "learner", updated_at: "1", is_owner: false },
        { id: "x", user_id: "u", role: "trainer", updated_at: "2", is_owner: false },
      ),
    ).toBe("role: learner → trainer");
    expect(describeChange({ status: "draft", published_at: null }, { status: "published", published_at: "2026-11-30" })).toBe(
      "status: draft → published, published_at: — → 2026-11-30",
    );
  });
  it("for a creation or deletion, the values set (no ids, no nested objects, at most four)", () => {
    expect(describeChange(null, { id: "x", organization_id: "o", name: "LMS", revoked_at: null, meta: { a: 1 } })).toBe("name: LMS");
    expect(describeChange({ email: "a@b.c", role: "learner" }, null)).toBe("email: a@b.c, role: learner");
  });
});
