// Runs once when the server starts: refuse to start with a missing or invalid
// setting rather than fail on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { env } = await import("./lib/env");
    env();
  }
}
