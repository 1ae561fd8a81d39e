import { describe, expect, it } from "vitest";
import { changePasswordSchema } from "@/lib/validation/auth";

const fieldsWithErrors = (input: Record<string, string>) => {
  const parsed = changePasswordSchema.safeParse(input);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => issue.path.join(".")))].sort();
};

describe("changePasswordSchema", () => {
  it("accepts the current password and a new one typed twice", () => {
    expect(fieldsWithErrors({ currentPassword: "old password", newPassword: "a new password", confirmPassword: "a new password" })).toEqual([]);
  });

  it("says which field is wrong: missing current password, short new one, a mismatch, the same password again", () => {
    expect(fieldsWithErrors({ currentPassword: "", newPassword: "a new password", confirmPassword: "a new password" })).toEqual(["currentPassword"]);
    expect(fieldsWithErrors({ currentPassword: "old password", newPassword: "short", confirmPassword: "short" })).toEqual(["newPassword"]);
    expect(fieldsWithErrors({ currentPassword: "old password", newPassword: "a new password", confirmPassword: "a new passw0rd" })).toEqual(["confirmPassword"]);
    expect(fieldsWithErrors({ currentPassword: "old password", newPassword: "old password", confirmPassword: "old password" })).toEqual(["newPassword"]);
  });

  it("refuses a new password bcrypt would truncate (over 72 bytes) or one with a NUL byte", () => {
    const long = "é".repeat(37);
    expect(fieldsWithErrors({ currentPassword: "old password", newPassword: long, confirmPassword: long })).toEqual(["newPassword"]);
    expect(fieldsWithErrors({ currentPassword: "old password", newPassword: "nul\u0000password", confirmPassword: "nul\u0000password" })).toEqual(["newPassword"]);
  });
});
