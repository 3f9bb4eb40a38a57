#!/usr/bin/env node
// Screenshots for a human look: `node scripts/shots.mjs http://127.0.0.1:3300 /work/notes/shots / /products/ ...`
import { chromium } from "playwright-core";

const [base, outDir, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
for (const [label, viewport] of [["desktop", { width: 1280, height: 900 }], ["mobile", { width: 390, height: 844 }]]) {
  const page = await browser.newPage({ viewport });
  for (const p of paths) {
    const response = await page.goto(base + p, { waitUntil: "networkidle" });
    const name = p.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home";
    await page.screenshot({ path: `${outDir}/fe-${name}-${label}.png`, fullPage: true });
    console.log(label, p, response?.status());
  }
  await page.close();
}
await browser.close();
