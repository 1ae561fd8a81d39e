"use server";
import { redirect } from "next/navigation";
import { requestContext, requireSession } from "@/lib/auth";
import { failure, type ActionState } from "@/lib/actions";
import { withUserDb } from "@/db/rls";
import { acceptInvitation } from "@/db/queries/invitations";

export async function acceptInvitationAction(token: string, _previous: ActionState): Promise<ActionState> {
  const claims = await requireSession(`/invite/${token}`);
  let slug: string;
  try {
    slug = await withUserDb(claims, (tx) => acceptInvitation(tx, token), await requestContext());
  } catch (error) {
    return failure(error);
  }
  redirect(`/o/${slug}`);
}
