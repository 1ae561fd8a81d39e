// The app's entry to auth: one interface, backend chosen by AUTH_BACKEND.
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { env } from "@/lib/env";
import { clientIp } from "./client-ip";
import { peerAddress } from "./peer-address";
import { embeddedAuth } from "./embedded";
import { supabaseAuth } from "./supabase";
import type { AuthBackend, RequestContext, SessionClaims } from "./types";

export type { SessionClaims } from "./types";

export function auth(): AuthBackend {
  return env().AUTH_BACKEND === "supabase" ? supabaseAuth : embeddedAuth;
}

/** Verified claims of the current request's session (once per request). */
export const getSessionClaims = cache(async (): Promise<SessionClaims | null> => {
  // A session belongs to a request: never prerender at build time, where the
  // production settings (DATABASE_URL, AUTH_JWT_SECRET) are not present.
  await connection();
  return auth().getClaims();
});

export async function requireSession(returnTo?: string): Promise<SessionClaims> {
  const claims = await getSessionClaims();
  if (!claims) redirect(returnTo ? `/sign-in?next=${encodeURIComponent(returnTo)}` : "/sign-in");
  return claims;
}

export async function requestContext(): Promise<RequestContext> {
  const list = await headers();
  return {
    ip: clientIp(list.get("x-forwarded-for"), env().TRUSTED_PROXY_HOPS, peerAddress(list)),
    userAgent: list.get("user-agent")?.slice(0, 512) ?? null,
  };
}
