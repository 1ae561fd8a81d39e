// `npm run db:reset`: wipe the local database and reseed the demo data.
import { rm } from "node:fs/promises";
import path from "node:path";
import { DATA_DIR, migrateAndSeed, startLocalDatabase } from "../db/prepare";

const log = (message: string) => console.log(`[db:reset] ${message}`);

if (process.env.DATABASE_URL) {
  console.error("DATABASE_URL is set: refusing to wipe a database this command did not create.");
  process.exit(1);
}
await rm(path.join(DATA_DIR, "postgres"), { recursive: true, force: true });
const database = await startLocalDatabase(log);
try {
  await migrateAndSeed(process.env.DATABASE_URL!, log);
} finally {
  await database?.stop();
}
log("done");
