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
  /** Verified claims of the current session, or null. Never trusts an unverified token. */
  getClaims(): Promise<SessionClaims | null>;
  /** Checks the password and starts a session; throws AppError 401/429. */
  signIn(email: string, password: string, request: RequestContext): Promise<SessionClaims>;
  /** Creates the account and starts a session; throws AppError 409 when the email is taken. */
  signUp(params: SignUpParams, request: RequestContext): Promise<SessionClaims>;
  signOut(): Promise<void>;
}
