// The JavaScript a route sends to a browser with an empty cache (issue 9's
// route budget): every script response of a full load until the network is
// idle, each gzipped at level 9 (what a compressing proxy sends), summed.
// `largest` names the biggest scripts so a report says where the bytes are.
import { gzipSync } from "node:zlib";
import type { Page } from "@playwright/test";

export async function routeScriptBytes(page: Page, url: string) {
  const sizes = new Map<string, number>();
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    const body = await response.body().catch(() => null);
    if (body) sizes.set(new URL(response.url()).pathname, gzipSync(body, { level: 9 }).length);
  });
  await page.goto(url, { waitUntil: "networkidle" });
  const largest = [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([file, gzip]) => `${file.split("/").pop()} ${(gzip / 1024).toFixed(1)} kB`);
  return { files: sizes.size, gzip: [...sizes.values()].reduce((a, b) => a + b, 0), largest };
}
