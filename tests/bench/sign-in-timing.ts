// `npx tsx tests/bench/sign-in-timing.ts [rounds]`: how long verifyPassword
// (db/queries/auth-users.ts) takes for a known email with a wrong password
// and for an unknown email, on a throwaway embedded PostgreSQL. The two must
// cost the same, or response time tells which emails have accounts
// (issue 8, item 4). Rounds alternate the two paths so drift hits both;
// median and p90 in ms, as printed. Not part of `npm test`: timing is
// reported, never asserted (tests/integration/auth-users.test.ts checks the
// structure instead: one crypt() per path). Also times the per-request
// session check of the embedded backend (sessionIsActive: one primary-key
// lookup of private.sessions, outside a transaction).
import { performance } from "node:perf_hooks";
import { createDatabase } from "@/db/client";
import { migrate } from "@/db/migrate";
import { withServiceDb } from "@/db/rls";
import { createPasswordUser, verifyPassword } from "@/db/queries/auth-users";
import { createSession, sessionIsActive } from "@/db/queries/sessions";
import { cleanup, handleSignals, startDatabase } from "./environment";

const rounds = Number(process.argv[2] ?? 40);
const log = (message: string) => console.log(`[sign-in-timing] ${message}`);

handleSignals();
try {
  const { url } = await startDatabase(log);
  process.env.DATABASE_URL = url;
  await migrate(url);
  const { db, client } = createDatabase(url, { max: 1 });
  const known = "known@example.test";
  const user = await withServiceDb("bench fixture", (tx) => createPasswordUser(tx, { email: known, password: "the right password", fullName: "Known" }), db);

  const samples: Record<"known email, wrong password" | "unknown email", number[]> = { "known email, wrong password": [], "unknown email": [] };
  const time = async (email: string) => {
    const started = performance.now();
    const user = await withServiceDb("bench", (tx) => verifyPassword(tx, email, "a wrong password"), db);
    if (user) throw new Error("a wrong password was accepted");
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) await time(known); // warm-up: connection, plans
  for (let i = 0; i < rounds; i++) {
    samples["known email, wrong password"].push(await time(known));
    samples["unknown email"].push(await time(`nobody-${i}@example.test`));
  }
  const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
  for (const [path, values] of Object.entries(samples)) {
    log(`${path}: median ${quantile(values, 0.5).toFixed(1)} ms, p90 ${quantile(values, 0.9).toFixed(1)} ms (${values.length} runs)`);
  }
  const session = await withServiceDb("bench fixture", (tx) => createSession(tx, { userId: user.id, ttlSeconds: 3600, ip: null, userAgent: null }), db);
  const checks: number[] = [];
  for (let i = 0; i < 20 * rounds; i++) {
    const started = performance.now();
    if (!(await sessionIsActive(db, session.id, user.id))) throw new Error("the session should be open");
    checks.push(performance.now() - started);
  }
  log(`session check per request: median ${quantile(checks, 0.5).toFixed(2)} ms, p90 ${quantile(checks, 0.9).toFixed(2)} ms (${checks.length} runs)`);
  await client.end();
} finally {
  await cleanup();
  process.exit();
}
