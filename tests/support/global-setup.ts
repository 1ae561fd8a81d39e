// One throwaway PostgreSQL cluster per test run (never the dev one): a temp
// data directory, a free port, migrations applied, removed at the end.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../db/embedded";
import { migrate } from "../../db/migrate";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), "senseiiwyze-test-"));
  const database = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), persistent: false });
  await migrate(database.url);
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
