// POST /api/jobs/reports refuses callers without the job secret before it
// touches the database; without a configured secret it is off.
import { afterEach, describe, expect, it, vi } from "vitest";

async function loadRoute(secret: string | undefined) {
  vi.resetModules();
  vi.stubEnv("REPORTS_JOB_SECRET", secret ?? "");
  return import("@/app/api/jobs/reports/route");
}

const post = (authorization?: string) =>
  new Request("http://localhost/api/jobs/reports", { method: "POST", headers: authorization ? { authorization } : {} });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("POST /api/jobs/reports", () => {
  const secret = "s".repeat(40);

  it("is off (503) while REPORTS_JOB_SECRET is not set", async () => {
    const { POST } = await loadRoute(undefined);
    expect((await POST(post(`Bearer ${secret}`))).status).toBe(503);
  });

  it("answers 401 without the secret or with a wrong one", async () => {
    const { POST } = await loadRoute(secret);
    for (const header of [undefined, "Bearer", `Bearer ${secret}x`, `Basic ${secret}`, `Bearer ${secret.slice(1)}`]) {
      const response = await POST(post(header));
      expect(response.status, String(header)).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
    }
  });
});
