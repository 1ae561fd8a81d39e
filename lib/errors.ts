// Errors the app answers with a 4xx (or a 503 when the server is not ready),
// and the one place that maps database errors to them. Messages are written
// for the person who sees them.

export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, fieldErrors?: Record<string, string[]>) =>
  new AppError(400, message, fieldErrors);
export const unauthorized = (message = "Sign in first") => new AppError(401, message);
export const forbidden = (message = "You do not have permission to do that") => new AppError(403, message);
export const notFound = (what: string) => new AppError(404, `${what} was not found`);
export const conflict = (message: string) => new AppError(409, message);
export const tooManyRequests = (message: string) => new AppError(429, message);
export const serviceUnavailable = (message: string) => new AppError(503, message);

interface PgLikeError {
  code?: string;
  message?: string;
  constraint_name?: string;
  cause?: unknown;
}

function pgErrorOf(error: unknown): PgLikeError | undefined {
  // Drizzle wraps driver errors (DrizzleQueryError) with the original in `cause`.
  for (let current = error as PgLikeError | undefined, depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === "string" && /^[0-9A-Z]{5}$/.test(current.code)) return current;
    current = current.cause as PgLikeError | undefined;
  }
  return undefined;
}

/** Turns an error into an AppError when it is the caller's fault; rethrows otherwise. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const pg = pgErrorOf(error);
  if (pg?.code) {
    // Our own schema raises SQLSTATE 'SWnnn' where nnn is the HTTP status.
    const own = /^SW(\d{3})$/.exec(pg.code);
    if (own) return new AppError(Number(own[1]), pg.message ?? "Request refused");
    if (pg.code === "42501") return forbidden();
    if (pg.code === "23505") return conflict("That already exists");
    if (pg.code === "23503") return badRequest("That refers to something that does not exist");
    // A row of a partitioned table (raw_events) whose day has no partition yet:
    // the server's state, not a bad value. private.insert_raw_event checks
    // first and raises SW503 itself; this covers any other path.
    if (pg.code === "23514" && pg.message?.includes("no partition of relation")) {
      return serviceUnavailable("Event storage is not ready for that date; try again shortly");
    }
    // 22021/22P05: text with a NUL or an invalid byte sequence, which Postgres cannot store.
    if (["23514", "22P02", "23502", "22021", "22P05"].includes(pg.code)) return badRequest("That value is not allowed");
  }
  throw error;
}
