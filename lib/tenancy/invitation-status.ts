import type { InvitationPreview } from "@/db/queries/invitations";
import { AppError, notFound } from "@/lib/errors";

const CLOSED_MESSAGES = {
  accepted: "This invitation has already been used",
  revoked: "This invitation was revoked; ask your admin for a new one",
  expired: "This invitation has expired; ask your admin to resend it",
} as const;

/** The same checks accept_invitation() makes, made before an account is created for it. */
export function assertInvitationUsable(invitation: InvitationPreview | null, email: string) {
  if (!invitation) throw notFound("This invitation");
  if (invitation.status !== "open") throw new AppError(410, CLOSED_MESSAGES[invitation.status]);
  if (!invitation.hasFreeSeat) throw new AppError(402, NO_SEAT_MESSAGE);
  if (invitation.email !== email) {
    throw new AppError(403, `This invitation is for ${invitation.email}; sign up with that email to accept it`);
  }
}

export const NO_SEAT_MESSAGE =
  "This organization has no free seat right now; ask your admin to add seats, then open this link again";

/** Why this invitation cannot be used now, or null when it can. */
export function invitationBlockedMessage(invitation: InvitationPreview): string | null {
  if (invitation.status !== "open") return CLOSED_MESSAGES[invitation.status];
  return invitation.hasFreeSeat ? null : NO_SEAT_MESSAGE;
}
