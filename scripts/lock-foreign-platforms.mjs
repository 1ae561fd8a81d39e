// The npm registry reachable from our build machines does not serve some
// platform-specific optional packages (macOS/Windows/… builds of Next's SWC and
// Tailwind's oxide), so `npm install` here leaves them out of package-lock.json
// and `npm ci` then refuses the lock as out of sync. This adds their entries
// (version, os, cpu) so the lock is what a full registry would have written;
// npm ci skips them on Linux by platform, without fetching them.
// Run after `npm install` changes the lock: `node scripts/lock-foreign-platforms.mjs`.
import { readFileSync, writeFileSync } from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const packages = lock.packages;
let added = 0;
for (const entry of Object.values(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const platform = /-(android|darwin|freebsd|linux|win32|wasm32)-?([a-z0-9]+)?/.exec(name);
    if (!platform) continue;
    const [os, cpu] = platform[1] === "wasm32" ? [undefined, "wasm32"] : [platform[1], platform[2]];
    packages[key] = {
      version,
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(`added ${added} foreign-platform entries`);
