import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";

describe("clientIp", () => {
  it("takes the entry the trusted proxies added, counted from the right", () => {
    expect(clientIp("203.0.113.9", 1)).toBe("203.0.113.9");
    // The client sent a fake first entry; the proxy appended the real address.
    expect(clientIp("10.9.9.9, 198.51.100.4", 1)).toBe("198.51.100.4");
    expect(clientIp("10.9.9.9, 198.51.100.4, 192.0.2.1", 2)).toBe("198.51.100.4");
    expect(clientIp("2001:db8::1", 1)).toBe("2001:db8::1");
  });

  it("gives null for a missing header, too few entries or something that is not an address", () => {
    expect(clientIp(null, 1)).toBeNull();
    expect(clientIp("", 1)).toBeNull();
    expect(clientIp("198.51.100.4", 2)).toBeNull();
    expect(clientIp("abc", 1)).toBeNull();
    expect(clientIp("::::", 1)).toBeNull();
  });
});
