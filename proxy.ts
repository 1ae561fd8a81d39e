// Next 16 proxy (formerly middleware). With Supabase auth it refreshes the
// session cookies on every request, as @supabase/ssr requires; pages still
// verify claims server-side. With embedded auth there is nothing to refresh.
import { NextResponse, type NextRequest } from "next/server";
import { createServerClient } from "@supabase/ssr";

export async function proxy(request: NextRequest) {
  if (process.env.AUTH_BACKEND !== "supabase") return NextResponse.next();

  let response = NextResponse.next({ request });
  const supabase = createServerClient(
    process.env.NEXT_PUBLIC_SUPABASE_URL!,
    process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY!,
    {
      cookies: {
        getAll: () => request.cookies.getAll(),
        setAll: (toSet) => {
          toSet.forEach(({ name, value }) => request.cookies.set(name, value));
          response = NextResponse.next({ request });
          toSet.forEach(({ name, value, options }) => response.cookies.set(name, value, options));
        },
      },
    },
  );
  // Refreshes an expired access token; must run before anything reads the session.
  await supabase.auth.getClaims();
  return response;
}

// Not under /api: its routes (Stripe webhooks, event ingestion with an API
// key) have no cookie session, and a Supabase round trip per call is waste.
export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp)$).*)"],
};
