// Supabase Auth through @supabase/ssr: the session lives in Supabase's
// cookies, refreshed by proxy.ts; claims are verified with getClaims().
import { createServerClient } from "@supabase/ssr";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { AppError, conflict, unauthorized } from "@/lib/errors";
import type { AuthBackend, SessionClaims } from "./types";

export function supabaseConfig() {
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: key } = env();
  if (!url || !key) throw new Error("Supabase auth needs NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY");
  return { url, key };
}

async function supabaseServerClient() {
  const store = await cookies();
  const { url, key } = supabaseConfig();
  return createServerClient(url, key, {
    cookies: {
      getAll: () => store.getAll(),
      setAll: (toSet) => {
        try {
          toSet.forEach(({ name, value, options }) => store.set(name, value, options));
        } catch {
          // Called from a server component, which cannot set cookies; proxy.ts refreshes them.
        }
      },
    },
  });
}

function claimsOf(claims: { sub?: unknown; email?: unknown } | undefined | null): SessionClaims | null {
  return claims && typeof claims.sub === "string" && typeof claims.email === "string"
    ? { sub: claims.sub, email: claims.email }
    : null;
}

export const supabaseAuth: AuthBackend = {
  async getClaims() {
    const supabase = await supabaseServerClient();
    const { data, error } = await supabase.auth.getClaims();
    return error ? null : claimsOf(data?.claims);
  },

  async signIn(email, password) {
    const supabase = await supabaseServerClient();
    const { data, error } = await supabase.auth.signInWithPassword({ email, password });
    if (error?.status === 429) throw new AppError(429, "Too many sign-in attempts; try again later");
    const claims = claimsOf(data.user);
    if (error || !claims) throw unauthorized("Email or password is incorrect");
    return claims;
  },

  async signUp({ email, password, fullName }) {
    const supabase = await supabaseServerClient();
    const { data, error } = await supabase.auth.signUp({ email, password, options: { data: { full_name: fullName } } });
    if (error?.code === "user_already_exists") throw conflict("An account with this email already exists; sign in instead");
    if (error) throw new AppError(error.status && error.status < 500 ? error.status : 400, error.message);
    const claims = claimsOf(data.user);
    if (!claims || !data.session) {
      throw new AppError(202, "Check your inbox to confirm your email, then sign in");
    }
    return claims;
  },

  async signOut() {
    const supabase = await supabaseServerClient();
    await supabase.auth.signOut();
  },

  async signOutEverywhere() {
    const supabase = await supabaseServerClient();
    // Supabase Auth revokes every refresh token of the user.
    await supabase.auth.signOut({ scope: "global" });
  },

  async changePassword(claims, currentPassword, newPassword) {
    const supabase = await supabaseServerClient();
    const check = await supabase.auth.signInWithPassword({ email: claims.email, password: currentPassword });
    if (check.error?.status === 429) throw new AppError(429, "Too many sign-in attempts; try again later");
    if (check.error || check.data.user?.id !== claims.sub) throw unauthorized("The current password is incorrect");
    const { error } = await supabase.auth.updateUser({ password: newPassword });
    if (error) throw new AppError(error.status && error.status < 500 ? error.status : 400, error.message);
    await supabase.auth.signOut({ scope: "others" });
  },
};
