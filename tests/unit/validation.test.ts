import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { emailSchema, passwordSchema, signInSchema, signUpSchema } from "@/lib/validation/auth";
import {
  changeRoleSchema,
  inviteMemberSchema,
  MEMBER_ROLES,
  organizationNameSchema,
  orgSlugSchema,
  slugify,
} from "@/lib/validation/tenancy";

/** The messages a form would show, per field. */
function messages(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) (out[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return out;
}

describe("emailSchema", () => {
  it("trims and lowercases", () => {
    expect(emailSchema.parse("  Ada.Lovelace@Example.COM \n")).toBe("ada.lovelace@example.com");
  });

  it.each(["not-an-email", "a@b", "@example.com", "ada@", "ada lovelace@example.com", "ada@@example.com", ""])(
    "rejects %j with a message saying what a valid address looks like",
    (input) => {
      const result = emailSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0].message).toMatch(/valid email address/);
    },
  );

  it("rejects a non-string with 'Enter an email address'", () => {
    expect(messages(emailSchema, undefined)).toEqual({ form: ["Enter an email address"] });
    expect(messages(emailSchema, 42)).toEqual({ form: ["Enter an email address"] });
  });

  it("rejects an address over 254 characters as too long", () => {
    const long = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(60)}.com`;
    expect(long.length).toBeGreaterThan(254);
    expect(messages(emailSchema, long).form).toContain("That email address is too long");
  });

  it("measures the length after trimming", () => {
    const exactly254 = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(exactly254.length).toBe(254);
    expect(emailSchema.safeParse(`   ${exactly254}   `).success).toBe(true);
  });
});

describe("passwordSchema", () => {
  it("accepts 8 to 72 characters", () => {
    expect(passwordSchema.safeParse("12345678").success).toBe(true);
    expect(passwordSchema.safeParse("x".repeat(72)).success).toBe(true);
  });

  it("rejects fewer than 8 characters", () => {
    expect(messages(passwordSchema, "1234567")).toEqual({ form: ["Use at least 8 characters"] });
    expect(messages(passwordSchema, "")).toEqual({ form: ["Use at least 8 characters"] });
  });

  it("rejects more than 72 characters", () => {
    expect(messages(passwordSchema, "x".repeat(73)).form).toContain("Use at most 72 characters");
  });

  it("does not trim (spaces are part of a password)", () => {
    expect(passwordSchema.parse("  spaced out  ")).toBe("  spaced out  ");
  });

  it("rejects a password over 72 UTF-8 bytes, which bcrypt would silently truncate", () => {
    const accented = "é".repeat(40); // 40 characters, 80 bytes
    expect(accented.length).toBeLessThanOrEqual(72);
    expect(messages(passwordSchema, accented).form?.[0]).toMatch(/at most 72 bytes/);
    expect(passwordSchema.safeParse("é".repeat(36)).success).toBe(true); // exactly 72 bytes
  });

  it("rejects a NUL character, which Postgres cannot store", () => {
    expect(passwordSchema.safeParse("abc\u0000defgh").success).toBe(false);
  });
});

describe("signInSchema", () => {
  it("normalizes the email and keeps the password as typed", () => {
    expect(signInSchema.parse({ email: " Ada@Example.com", password: " pw " })).toEqual({
      email: "ada@example.com",
      password: " pw ",
    });
  });

  it("asks for a password when it is empty", () => {
    expect(messages(signInSchema, { email: "ada@example.com", password: "" })).toEqual({
      password: ["Enter your password"],
    });
  });
});

describe("signUpSchema", () => {
  const valid = { fullName: "  Ada Lovelace ", email: "ADA@example.com", password: "correct horse" };

  it("parses a valid sign-up, trimming the name and lowercasing the email", () => {
    expect(signUpSchema.parse(valid)).toEqual({
      fullName: "Ada Lovelace",
      email: "ada@example.com",
      password: "correct horse",
    });
  });

  it("keeps the optional organization name and invite token, trimmed", () => {
    const parsed = signUpSchema.parse({ ...valid, organizationName: " Acme ", inviteToken: " tok " });
    expect(parsed.organizationName).toBe("Acme");
    expect(parsed.inviteToken).toBe("tok");
  });

  it("reports every wrong field with its own message", () => {
    expect(messages(signUpSchema, { fullName: "   ", email: "nope", password: "short" })).toEqual({
      fullName: ["Enter your name"],
      email: ["Enter a valid email address, like name@example.com"],
      password: ["Use at least 8 characters"],
    });
  });

  it("rejects missing fields", () => {
    const fields = Object.keys(messages(signUpSchema, {}));
    expect(fields.sort()).toEqual(["email", "fullName", "password"]);
  });

  it("limits the name to 120 and the organization name to 100 characters", () => {
    expect(messages(signUpSchema, { ...valid, fullName: "n".repeat(121) })).toEqual({
      fullName: ["Use at most 120 characters"],
    });
    expect(messages(signUpSchema, { ...valid, organizationName: "o".repeat(101) })).toEqual({
      organizationName: ["Use at most 100 characters"],
    });
  });

  it("rejects a NUL character in the name (the database would fail with a 500)", () => {
    expect(Object.keys(messages(signUpSchema, { ...valid, fullName: "Ada\u0000" }))).toEqual(["fullName"]);
  });
});

describe("inviteMemberSchema", () => {
  it.each(MEMBER_ROLES)("accepts the role %s", (role) => {
    expect(inviteMemberSchema.parse({ email: " New@Example.com ", role })).toEqual({ email: "new@example.com", role });
  });

  it("has exactly the three membership roles", () => {
    expect([...MEMBER_ROLES].sort()).toEqual(["learner", "org_admin", "trainer"]);
  });

  it.each(["owner", "admin", "Learner", "", "superuser"])("rejects the role %j, naming the valid ones", (role) => {
    expect(messages(inviteMemberSchema, { email: "new@example.com", role })).toEqual({
      role: ["Choose a role: learner, trainer, org_admin"],
    });
  });

  it("rejects a malformed email", () => {
    expect(Object.keys(messages(inviteMemberSchema, { email: "not-an-email", role: "learner" }))).toEqual(["email"]);
  });

  it("rejects a missing role", () => {
    expect(Object.keys(messages(inviteMemberSchema, { email: "new@example.com" }))).toEqual(["role"]);
  });
});

describe("changeRoleSchema", () => {
  it("requires a uuid membership id and a valid role", () => {
    expect(messages(changeRoleSchema, { membershipId: "1; drop table", role: "owner" })).toEqual({
      membershipId: ["Unknown member"],
      role: ["Choose a role: learner, trainer, org_admin"],
    });
  });
});

describe("organizationNameSchema", () => {
  it("trims and bounds the name to 2-100 characters", () => {
    expect(organizationNameSchema.parse("  Acme  ")).toBe("Acme");
    expect(organizationNameSchema.safeParse(" A ").success).toBe(false);
    expect(organizationNameSchema.safeParse("x".repeat(101)).success).toBe(false);
  });
});

describe("slugify", () => {
  it.each([
    ["Acme Learning, Inc.", "acme-learning-inc"],
    ["Café Déjà Vu", "cafe-deja-vu"],
    ["Ñandú Über", "nandu-uber"],
    ["  --Hello,   World!!--  ", "hello-world"],
    ["R&D / Q&A", "r-d-q-a"],
    ["UPPER lower 123", "upper-lower-123"],
    ["日本語", "org"],
    ["", "org"],
    ["!!!", "org"],
    ["   ", "org"],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("cuts long names to at most 40 characters without a trailing dash", () => {
    const slug = slugify(`${"a".repeat(39)} bcd efg`);
    expect(slug).toBe("a".repeat(39));
    expect(slugify("word ".repeat(30)).length).toBeLessThanOrEqual(40);
    expect(slugify("word ".repeat(30))).not.toMatch(/-$/);
  });

  it("always yields a slug the organizations.slug check accepts", () => {
    for (const name of ["Café", "-", "a", `${"x".repeat(60)}`, "Ünïcödé — Ltd.", "42", "a-".repeat(40)]) {
      const slug = slugify(name);
      expect(slug).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/);
      expect(orgSlugSchema.safeParse(slug).success).toBe(true);
    }
  });
});
