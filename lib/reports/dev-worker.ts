// `npm run dev` only: runs the report worker every 10 seconds in-process
// (croner is a dev dependency; production calls POST /api/jobs/reports).
import { Cron } from "croner";
import type { Database } from "@/db/client";
import { runReportWorker } from "./worker";

/** The dev loop: every 10 seconds, one run at a time (croner's protect). */
export function startReportWorker(db: Database, log: (message: string) => void, pattern = "*/10 * * * * *") {
  let inFlight: Promise<unknown> = Promise.resolve();
  const cron = new Cron(pattern, { timezone: "UTC", protect: true, name: "report-worker" }, () => {
    const run = runReportWorker(db, { log }).then(() => undefined, (error: unknown) =>
      log(`report worker could not run: ${error instanceof Error ? error.message : String(error)}`),
    );
    inFlight = Promise.all([inFlight, run]);
    return run;
  });
  return {
    stop: async () => {
      cron.stop();
      await inFlight;
    },
  };
}
