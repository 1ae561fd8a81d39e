import { performance } from "node:perf_hooks";
const { POST } = await import("@/app/api/v1/events/route");
const user = "7d1f8a3e-2b4c-4d5e-8f60-1a2b3c4d5e6f";
let total = 0;
for (let round = 0; round < 25; round++) {
  const events = Array.from({ length: 1000 }, (_, i) => ({ type: "session_heartbeat", userId: user, occurredAt: new Date(Date.now() - i * 60_000).toISOString(), idempotencyKey: `prof3-${round}-${i}-${Math.random()}`, durationSeconds: 30, context: { page: "x", n: i } }));
  const body = JSON.stringify({ events });
  const t = performance.now();
  const res = await POST(new Request("http://x/api/v1/events", { method: "POST", headers: { authorization: "Bearer sw_prof_key", "content-type": "application/json" }, body }));
  const json = await res.json();
  if (round >= 5) total += performance.now() - t;
  if (res.status !== 202 || json.stored !== 1000) { console.log(res.status, JSON.stringify(json).slice(0, 300)); break; }
}
console.log("avg ms per batch", Math.round(total / 20));
process.exit(0);
