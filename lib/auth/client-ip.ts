import { isIP } from "node:net";

/**
 * The client's address. With no proxy in front (TRUSTED_PROXY_HOPS=0, the
 * default: `npm run dev`, `next start`) it is the address of the connection
 * itself, `peerAddress`; X-Forwarded-For is then whatever the client chose to
 * send and is ignored. Behind N trusted proxies, each appends the address it
 * received the request from, so only the N rightmost entries are true and the
 * client is the Nth from the right; anything left of it is what the client
 * sent. Null when the address is unknown or not an IP address.
 */
export function clientIp(forwardedFor: string | null, trustedHops: number, peerAddress: string | null): string | null {
  if (trustedHops === 0) return normalized(peerAddress);
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  return normalized(entries[entries.length - trustedHops] ?? null);
}

/** An IP address in one spelling: an IPv4-mapped IPv6 address (::ffff:1.2.3.4, as a dual-stack socket reports IPv4 peers) as IPv4. */
function normalized(candidate: string | null): string | null {
  if (!candidate || !isIP(candidate)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(candidate);
  return mapped ? mapped[1] : candidate;
}
