// Pages read by id from the URL: an id that is malformed, of another
// organization, or hidden by RLS is a plain 404, like a missing one.
import { notFound } from "next/navigation";
import { z } from "zod";
import { AppError } from "./errors";

export function idParam(value: string): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) notFound();
  return parsed.data;
}

export async function found<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  }
}
