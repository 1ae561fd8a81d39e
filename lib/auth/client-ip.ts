import { isIP } from "node:net";

/**
 * The client's address from X-Forwarded-For: each proxy appends the address it
 * received the request from, so only the entries the trusted proxies added —
 * counted from the right — are true; anything left of them is whatever the
 * client sent. With TRUSTED_PROXY_HOPS=1 (one proxy, or Next itself when the
 * header is absent) that is the last entry.
 */
export function clientIp(forwardedFor: string | null, trustedHops: number): string | null {
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const candidate = entries[entries.length - trustedHops];
  return candidate && isIP(candidate) ? candidate : null;
}
