// Column types Drizzle has no builder for.
import { customType } from "drizzle-orm/pg-core";

/** PostgreSQL's 64-bit transaction id (never wraps); read and written as text. */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => "xid8",
});
