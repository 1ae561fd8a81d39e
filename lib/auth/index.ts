// The app's entry to auth: one interface, backend chosen by AUTH_BACKEND.
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { embeddedAuth } from "./embedded";
import { supabaseAuth } from "./supabase";
import type { AuthBackend, RequestContext, SessionClaims } from "./types";

export type { SessionClaims } from "./types";

export function auth(): AuthBackend {
  return env().AUTH_BACKEND === "supabase" ? supabaseAuth : embeddedAuth;
}

/** Verified claims of the current request's session (once per request). */
export const getSessionClaims = cache((): Promise<SessionClaims | null> => auth().getClaims());

export async function requireSession(returnTo?: string): Promise<SessionClaims> {
  const claims = await getSessionClaims();
  if (!claims) redirect(returnTo ? `/sign-in?next=${encodeURIComponent(returnTo)}` : "/sign-in");
  return claims;
}

export async function requestContext(): Promise<RequestContext> {
  const list = await headers();
  const forwarded = list.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || list.get("x-real-ip") || null;
  return {
    ip: ip && /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : null,
    userAgent: list.get("user-agent")?.slice(0, 512) ?? null,
  };
}
