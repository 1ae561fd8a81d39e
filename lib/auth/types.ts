import type { SessionClaims } from "@/db/rls";

export type { SessionClaims };

export interface SignUpParams {
  email: string;
  password: string;
  fullName: string;
}

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

/** The one auth interface the app uses; `embedded` and `supabase` implement it. */
export interface AuthBackend {
  /** Verified claims of the current session, or null. Never trusts an unverified token or an ended session. */
  getClaims(): Promise<SessionClaims | null>;
  /** Checks the password and starts a session; throws AppError 401/429. */
  signIn(email: string, password: string, request: RequestContext): Promise<SessionClaims>;
  /** Creates the account and starts a session; throws AppError 409 when the email is taken. */
  signUp(params: SignUpParams, request: RequestContext): Promise<SessionClaims>;
  /** Ends this session (not only this browser's cookie). */
  signOut(): Promise<void>;
  /** Ends every session of the signed-in user, on every device. */
  signOutEverywhere(): Promise<void>;
  /**
   * Checks the current password (401, rate limited like sign-in: 429), sets
   * the new one, ends every session of the user and starts a new one here.
   */
  changePassword(claims: SessionClaims, currentPassword: string, newPassword: string, request: RequestContext): Promise<void>;
}
