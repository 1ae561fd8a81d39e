// Absolute URLs of this app (invitation links, Stripe return URLs). APP_URL
// when set — required in production, so links never depend on request
// headers a client can forge — else the request's own origin (local use).
import { headers } from "next/headers";
import { env } from "@/lib/env";

export async function appUrl(path: string): Promise<string> {
  const configured = env().APP_URL;
  if (configured) return new URL(path, configured).toString();
  const list = await headers();
  const host = list.get("host") ?? "localhost:3000";
  const proto = host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https";
  return `${proto}://${host}${path}`;
}
