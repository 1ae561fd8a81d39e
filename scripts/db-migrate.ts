// `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the embedded database.
import { migrate } from "../db/migrate";
import { startLocalDatabase } from "../db/prepare";

const log = (message: string) => console.log(`[db:migrate] ${message}`);
const database = await startLocalDatabase(log);
try {
  const ran = await migrate(process.env.DATABASE_URL!, log);
  if (ran.length === 0) log("nothing to apply");
} finally {
  await database?.stop();
}
