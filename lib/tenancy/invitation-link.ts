import { headers } from "next/headers";
import { env } from "@/lib/env";

/** The link an invitee opens: APP_URL when set, else this request's own origin. */
export async function invitationUrl(token: string): Promise<string> {
  const configured = env().APP_URL;
  if (configured) return new URL(`/invite/${token}`, configured).toString();
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host") ?? "localhost:3000";
  const proto = list.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}/invite/${token}`;
}
