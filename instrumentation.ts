// Runs once when the server starts: refuse to start with a missing or invalid
// setting rather than fail on the first request, and record each request's
// socket address for the client IP (lib/auth/peer-address.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { env } = await import("./lib/env");
    env();
    const { installPeerAddressHook } = await import("./lib/auth/peer-address");
    installPeerAddressHook();
  }
}
