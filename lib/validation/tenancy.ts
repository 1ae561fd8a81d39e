import { z } from "zod";
import { emailSchema, hasNoNul } from "./auth";

import { MEMBER_ROLES } from "@/lib/tenancy/roles";

export { MEMBER_ROLES, ROLE_LABELS, type MemberRole } from "@/lib/tenancy/roles";

export const roleSchema = z.enum(MEMBER_ROLES, {
  error: `Choose a role: ${MEMBER_ROLES.join(", ")}`,
});

export const orgSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "Use 1-48 lowercase letters, digits or dashes");

export const organizationNameSchema = z
  .string({ error: "Enter the organization's name" })
  .trim()
  .min(2, "Use at least 2 characters")
  .max(100, "Use at most 100 characters")
  .refine(hasNoNul, "Remove the invisible control character");

export const inviteMemberSchema = z.object({ email: emailSchema, role: roleSchema });
export const changeRoleSchema = z.object({ membershipId: z.uuid("Unknown member"), role: roleSchema });
export const membershipIdSchema = z.object({ membershipId: z.uuid("Unknown member") });
export const invitationIdSchema = z.object({ invitationId: z.uuid("Unknown invitation") });

/** "Acme Learning, Inc." → "acme-learning-inc" */
export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/g, "") || "org"
  );
}
