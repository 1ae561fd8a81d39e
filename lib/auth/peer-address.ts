// The address of the connection a request came in on. Next.js does not give
// it to route handlers, server actions or server components: it only copies
// it into X-Forwarded-For when that header is absent, so a client that sends
// the header itself hides it. instrumentation.ts installs this hook once per
// server process; it stamps every incoming request with the socket's address
// under a header of ours, overwriting whatever a client sent under that name.
import http from "node:http";
import https from "node:https";

export const PEER_ADDRESS_HEADER = "x-senseiiwyze-peer-address";
const INSTALLED = Symbol.for("senseiiwyze.peer-address-hook");

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

export function installPeerAddressHook(): void {
  const registry = globalThis as { [INSTALLED]?: boolean };
  if (registry[INSTALLED]) return;
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as { emit: Emit }[]) {
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const request = args[0] as http.IncomingMessage;
        request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "";
      }
      return emit.call(this, event, ...args);
    };
  }
  registry[INSTALLED] = true;
}

/**
 * The request's peer address from the hook's header; null when the hook is
 * not installed in this process (then the header, if any, came from the client).
 */
export function peerAddress(headers: Headers): string | null {
  if (!(globalThis as { [INSTALLED]?: boolean })[INSTALLED]) return null;
  return headers.get(PEER_ADDRESS_HEADER) || null;
}
