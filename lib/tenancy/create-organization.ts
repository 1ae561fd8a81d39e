// Creates an organization for a signed-in user, choosing a free URL slug
// from its name ("Acme Learning" → acme-learning, then acme-learning-3f9a…).
import { randomBytes } from "node:crypto";
import { withUserDb, type SessionClaims } from "@/db/rls";
import { createOrganization } from "@/db/queries/organizations";
import { requestContext } from "@/lib/auth";
import { AppError, toAppError } from "@/lib/errors";
import { slugify } from "@/lib/validation/tenancy";

export async function createOrganizationWithFreeSlug(claims: SessionClaims, name: string) {
  const base = slugify(name);
  const meta = await requestContext();
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(2).toString("hex")}`;
    try {
      return await withUserDb(claims, (tx) => createOrganization(tx, { name, slug }), meta);
    } catch (error) {
      if (toAppError(error).status !== 409) throw error;
    }
  }
  throw new AppError(409, "Could not find a free address for this organization; try another name");
}
