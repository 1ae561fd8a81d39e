import { z } from "zod";
import { hasNoNul } from "./auth";

export const createApiKeySchema = z.object({
  name: z
    .string({ error: "Name the key after the tool that will use it" })
    .trim()
    .min(1, "Name the key after the tool that will use it")
    .max(80, "Use at most 80 characters")
    .refine(hasNoNul, "Remove the invisible control character"),
});

export const apiKeyIdSchema = z.object({ apiKeyId: z.uuid("Unknown API key") });
