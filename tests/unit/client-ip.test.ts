import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";
import { installPeerAddressHook, PEER_ADDRESS_HEADER, peerAddress } from "@/lib/auth/peer-address";

describe("clientIp", () => {
  it("with no proxy (0 hops, the default) takes the connection's address and ignores X-Forwarded-For", () => {
    // The client forges the header; with no proxy nothing appended to it.
    expect(clientIp("203.0.113.77", 0, "198.51.100.4")).toBe("198.51.100.4");
    expect(clientIp("203.0.113.77, 10.0.0.1", 0, "198.51.100.4")).toBe("198.51.100.4");
    expect(clientIp(null, 0, "2001:db8::1")).toBe("2001:db8::1");
    // A dual-stack socket reports IPv4 peers as IPv4-mapped IPv6.
    expect(clientIp(null, 0, "::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(clientIp("203.0.113.77", 0, null)).toBeNull();
  });

  it("behind N proxies takes the entry the trusted proxies added, counted from the right", () => {
    expect(clientIp("203.0.113.9", 1, "10.0.0.2")).toBe("203.0.113.9");
    // The client sent a fake first entry; the proxy appended the real address.
    expect(clientIp("10.9.9.9, 198.51.100.4", 1, "10.0.0.2")).toBe("198.51.100.4");
    expect(clientIp("10.9.9.9, 198.51.100.4, 192.0.2.1", 2, "10.0.0.2")).toBe("198.51.100.4");
    expect(clientIp("2001:db8::1", 1, "10.0.0.2")).toBe("2001:db8::1");
  });

  it("gives null for a missing header, too few entries or something that is not an address", () => {
    expect(clientIp(null, 1, "10.0.0.2")).toBeNull();
    expect(clientIp("", 1, "10.0.0.2")).toBeNull();
    expect(clientIp("198.51.100.4", 2, "10.0.0.2")).toBeNull();
    expect(clientIp("abc", 1, "10.0.0.2")).toBeNull();
    expect(clientIp("::::", 1, "10.0.0.2")).toBeNull();
    expect(clientIp(null, 0, "not-an-ip")).toBeNull();
  });
});

describe("the peer-address hook", () => {
  const servers: http.Server[] = [];
  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  it("ignores the header until the hook is installed, then stamps the socket's address over a forged one", async () => {
    const seen: (string | null)[] = [];
    const server = http.createServer((request, response) => {
      seen.push(peerAddress(new Headers(request.headers as Record<string, string>)));
      response.end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const send = () => fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: "203.0.113.77", "x-forwarded-for": "203.0.113.77" } });

    await send();
    installPeerAddressHook();
    installPeerAddressHook(); // idempotent: one stamp, not a chain of wrappers
    await send();
    expect(seen).toEqual([null, "127.0.0.1"]);
  });
});
