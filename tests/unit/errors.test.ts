import { describe, expect, it } from "vitest";
import { AppError, badRequest, conflict, forbidden, notFound, toAppError, tooManyRequests, unauthorized } from "@/lib/errors";

/** Shaped like postgres.js's PostgresError. */
const pgError = (code: string, message = "db says no") => Object.assign(new Error(message), { code, severity: "ERROR" });

/** Shaped like drizzle-orm's DrizzleQueryError, which wraps the driver error in `cause`. */
const drizzleWrapped = (cause: unknown) =>
  Object.assign(new Error("Failed query: update \"memberships\" set ...\nparams: ..."), { query: "update ...", params: [], cause });

describe("toAppError", () => {
  it("returns an AppError unchanged", () => {
    const error = conflict("taken");
    expect(toAppError(error)).toBe(error);
  });

  it("maps the schema's own SQLSTATE SWnnn to HTTP nnn, keeping the database's message", () => {
    const error = toAppError(pgError("SW409", "An organization must keep at least one owner; make someone else owner first"));
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(409);
    expect(error.message).toBe("An organization must keep at least one owner; make someone else owner first");
  });

  it.each([
    ["SW400", 400],
    ["SW401", 401],
    ["SW403", 403],
    ["SW404", 404],
    ["SW410", 410],
  ])("maps %s to %i", (code, status) => {
    expect(toAppError(pgError(code, "msg")).status).toBe(status);
  });

  it("maps insufficient_privilege (42501, e.g. an RLS WITH CHECK violation) to 403 without leaking the policy", () => {
    const error = toAppError(pgError("42501", 'new row violates row-level security policy for table "invitations"'));
    expect(error.status).toBe(403);
    expect(error.message).toBe("You do not have permission to do that");
    expect(error.message).not.toMatch(/policy|invitations/);
  });

  it("maps constraint violations to 4xx with a generic message", () => {
    expect(toAppError(pgError("23505", 'duplicate key value violates unique constraint "x"'))).toMatchObject({
      status: 409,
      message: "That already exists",
    });
    expect(toAppError(pgError("23503"))).toMatchObject({ status: 400 });
    expect(toAppError(pgError("23514"))).toMatchObject({ status: 400, message: "That value is not allowed" });
    expect(toAppError(pgError("22P02"))).toMatchObject({ status: 400 });
    expect(toAppError(pgError("23502"))).toMatchObject({ status: 400 });
  });

  it("maps a row without its partition (23514 'no partition of relation') to 503, not to a bad value", () => {
    const error = toAppError(drizzleWrapped(pgError("23514", 'no partition of relation "raw_events" found for row')));
    expect(error).toMatchObject({ status: 503, message: "Event storage is not ready for that date; try again shortly" });
    expect(toAppError(pgError("23514", 'new row for relation "goals" violates check constraint "goals_progress_check"'))).toMatchObject({ status: 400 });
    expect(toAppError(pgError("SW503", "Event storage is not ready for 2026-11-22 (UTC); try again shortly"))).toMatchObject({
      status: 503,
      message: "Event storage is not ready for 2026-11-22 (UTC); try again shortly",
    });
  });

  it("maps text Postgres cannot store (NUL: 22021, 22P05) to 400", () => {
    expect(toAppError(pgError("22021", 'invalid byte sequence for encoding "UTF8": 0x00'))).toMatchObject({ status: 400 });
    expect(toAppError(pgError("22P05", "unsupported Unicode escape sequence"))).toMatchObject({ status: 400 });
  });

  it("unwraps a DrizzleQueryError-like wrapper ({ cause: { code } })", () => {
    const error = toAppError(drizzleWrapped(pgError("SW403", "Only an owner can change or remove another owner")));
    expect(error).toMatchObject({ status: 403, message: "Only an owner can change or remove another owner" });
    expect(toAppError(drizzleWrapped(pgError("42501"))).status).toBe(403);
    expect(toAppError({ cause: { code: "SW410", message: "gone" } })).toMatchObject({ status: 410, message: "gone" });
  });

  it("unwraps nested wrappers a few levels deep", () => {
    expect(toAppError({ cause: { cause: { cause: { code: "SW404", message: "nope" } } } }).status).toBe(404);
  });

  it("rethrows errors that are not the caller's fault", () => {
    const plain = new Error("connection reset");
    expect(() => toAppError(plain)).toThrow(plain);
    const serverSide = pgError("57P01", "terminating connection due to administrator command");
    expect(() => toAppError(serverSide)).toThrow(serverSide);
    expect(() => toAppError(drizzleWrapped(pgError("40001", "could not serialize access")))).toThrow(/Failed query/);
    expect(() => toAppError("a string")).toThrow();
    expect(() => toAppError(undefined)).toThrow();
  });

  it("does not treat a non-SQLSTATE code (e.g. a Node error code) as a database error", () => {
    const nodeError = Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
    expect(() => toAppError(nodeError)).toThrow(nodeError);
  });
});

describe("AppError helpers", () => {
  it("carry the status and a message for people", () => {
    expect(badRequest("bad", { email: ["x"] })).toMatchObject({ status: 400, message: "bad", fieldErrors: { email: ["x"] } });
    expect(unauthorized()).toMatchObject({ status: 401, message: "Sign in first" });
    expect(forbidden()).toMatchObject({ status: 403 });
    expect(notFound("That member")).toMatchObject({ status: 404, message: "That member was not found" });
    expect(tooManyRequests("slow down")).toMatchObject({ status: 429, message: "slow down" });
    expect(conflict("x").name).toBe("AppError");
  });
});
