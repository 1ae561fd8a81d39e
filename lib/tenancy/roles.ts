// Member roles and their labels, without zod: client components (the members
// forms) import these, and importing lib/validation/tenancy.ts from a client
// module put all of zod (~30 kB gzip) into that page's JavaScript.
// lib/validation/tenancy.ts re-exports them next to the schemas.
export const MEMBER_ROLES = ["learner", "trainer", "org_admin"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const ROLE_LABELS: Record<MemberRole, string> = {
  learner: "Learner",
  trainer: "Trainer",
  org_admin: "Org admin",
};
