// Server actions share one shape: validate with zod, check the caller's
// permission in the org, run, and turn expected failures into a message for
// the form. Nothing is half-written: each runs in one transaction.
import type { z } from "zod";
import { AppError, toAppError } from "@/lib/errors";
import { can, getOrgContext, type OrgContext, type Permission } from "@/lib/tenancy/org-context";

export type ActionState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** A value to show once (e.g. an invitation link). */
  secret?: string;
} | null;

export function formToObject(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  formData.forEach((value, key) => {
    if (typeof value === "string" && !key.startsWith("$ACTION")) out[key] = value;
  });
  return out;
}

/**
 * Like formToObject, but fields named `name[]` (checkbox groups, multi-selects)
 * become `name: string[]`, present even when nothing was chosen if the form
 * sends an empty `name[]` marker.
 */
export function formToFields(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  formData.forEach((value, key) => {
    if (typeof value !== "string" || key.startsWith("$ACTION")) return;
    if (key.endsWith("[]")) {
      const list = (out[key.slice(0, -2)] ??= []) as string[];
      if (value !== "") list.push(value);
    } else {
      out[key] = value;
    }
  });
  return out;
}

export function validationFailure(error: z.ZodError): ActionState {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, message: Object.values(fieldErrors)[0]?.[0] ?? "Check the form", fieldErrors };
}

export function failure(error: unknown): ActionState {
  const appError: AppError = toAppError(error);
  return { ok: false, message: appError.message, fieldErrors: appError.fieldErrors };
}

export function orgAction<S extends z.ZodType>(
  schema: S,
  permission: Permission,
  handler: (context: OrgContext, input: z.infer<S>) => Promise<ActionState>,
) {
  return async (slug: string, _previous: ActionState, formData: FormData): Promise<ActionState> => {
    const context = await getOrgContext(slug);
    if (!can(context, permission)) return { ok: false, message: "You do not have permission to do that" };
    const parsed = schema.safeParse(formToFields(formData));
    if (!parsed.success) return validationFailure(parsed.error);
    try {
      return await handler(context, parsed.data);
    } catch (error) {
      return failure(error);
    }
  };
}

/** The same guard for actions a client component calls with a value rather than a form (e.g. autosave). */
export function orgCommand<S extends z.ZodType>(
  schema: S,
  permission: Permission,
  handler: (context: OrgContext, input: z.infer<S>) => Promise<ActionState>,
) {
  return async (slug: string, input: unknown): Promise<ActionState> => {
    const context = await getOrgContext(slug);
    if (!can(context, permission)) return { ok: false, message: "You do not have permission to do that" };
    const parsed = schema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    try {
      return await handler(context, parsed.data);
    } catch (error) {
      return failure(error);
    }
  };
}
