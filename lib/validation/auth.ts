import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }));

export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(8, "Use at least 8 characters")
  .max(72, "Use at most 72 characters"); // bcrypt reads 72 bytes

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200),
});

export const signUpSchema = z.object({
  fullName: z.string({ error: "Enter your name" }).trim().min(1, "Enter your name").max(120, "Use at most 120 characters"),
  email: emailSchema,
  password: passwordSchema,
  organizationName: z.string().trim().max(100, "Use at most 100 characters").optional(),
  inviteToken: z.string().trim().max(200).optional(),
});

export type SignInInput = z.infer<typeof signInSchema>;
export type SignUpInput = z.infer<typeof signUpSchema>;
