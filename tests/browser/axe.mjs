// axe-core in the system's Chromium through puppeteer-core: `node axe.mjs PAGE...` prints, as JSON,
// each page's violations ({url, violations: [{id, impact, help, nodes: [{target, html}]}]}).
// PAGE is a file path or an http(s) URL. CHROMIUM names the browser (default: /usr/bin/chromium);
// WIDTH sets the viewport width (default 1280; 390 checks the phone layout); each result also gives
// the page's scrollWidth (wider than WIDTH: the layout overflows). With SHOTS=FOLDER, a full-page
// screenshot of each page is saved there as <NAME>-<WIDTH>.png, NAME the page's path with / as _.
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const profile = mkdtempSync(join(tmpdir(), "localise-axe-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const results = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: Number(process.env.WIDTH || 1280), height: 900 });
  for (const target of process.argv.slice(2)) {
    const url = /^https?:/.test(target) ? target : pathToFileURL(resolve(target)).href;
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const found = await page.evaluate(async () =>
      // every rule axe runs by default (WCAG 2.0-2.2 A and AA, and its best practices)
      (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (process.env.SHOTS) {
      const name = target.replace(/^https?:\/\/[^/]+\//, "").replace(/[\/]/g, "_").replace(/\.html$/, "");
      await page.screenshot({ path: join(process.env.SHOTS, `${name}-${process.env.WIDTH || 1280}.png`), fullPage: true });
    }
    results.push({
      url,
      scrollWidth,
      violations: found.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), summary: n.failureSummary })),
      })),
    });
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
