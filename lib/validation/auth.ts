import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }));

// Postgres text cannot hold NUL: without this check such input would fail in
// the database with a 500 instead of a 400 saying what is wrong.
export const hasNoNul = (value: string) => !value.includes("\u0000");
const NUL_MESSAGE = "Remove the invisible control character";

// bcrypt reads only the first 72 bytes: a longer password (in UTF-8 bytes, not
// characters) would be silently truncated, so it is refused instead.
const utf8Length = (value: string) => new TextEncoder().encode(value).length;

export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(8, "Use at least 8 characters")
  .max(72, "Use at most 72 characters")
  .refine((value) => utf8Length(value) <= 72, "Use at most 72 bytes (accented letters and emoji count as 2-4)")
  .refine(hasNoNul, NUL_MESSAGE);

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200).refine(hasNoNul, NUL_MESSAGE),
});

export const signUpSchema = z.object({
  fullName: z
    .string({ error: "Enter your name" })
    .trim()
    .min(1, "Enter your name")
    .max(120, "Use at most 120 characters")
    .refine(hasNoNul, NUL_MESSAGE),
  email: emailSchema,
  password: passwordSchema,
  organizationName: z.string().trim().max(100, "Use at most 100 characters").refine(hasNoNul, NUL_MESSAGE).optional(),
  inviteToken: z.string().trim().max(200).refine(hasNoNul, "This invitation link is not valid").optional(),
});

export type SignInInput = z.infer<typeof signInSchema>;
export type SignUpInput = z.infer<typeof signUpSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200).refine(hasNoNul, NUL_MESSAGE),
    newPassword: passwordSchema,
    confirmPassword: z.string({ error: "Repeat the new password" }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ" })
  .refine((value) => value.newPassword !== value.currentPassword, { path: ["newPassword"], message: "Choose a password you have not been using" });
