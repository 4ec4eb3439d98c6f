// The HTML report as a browser shows it: headless Chromium (Debian's package: apt-get install
// chromium; CI installs it in .ci/run) opens the self-contained file, runs its script and takes a
// screenshot. The assertions read what Chromium rendered: the DOM after the script ran (a filter and
// a sort set from the URL) and the screenshot's pixels (the chart bars drawn in their colours, the
// page not blank). Chromium runs as a process (that is the point here); imr runs in-process.
// Without Chromium the tests are skipped, and the skip says why.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../support/helpers.js";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => existsSync(p));
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--hide-scrollbars",
];

function chromium(args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), "imr-chromium-"));
  return execFileSync(CHROMIUM!, [...FLAGS, `--user-data-dir=${profile}`, ...args], {
    encoding: "utf8",
    timeout: 90_000,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The rows the page shows (not hidden by the filter), as Chromium's DOM has them, in order. */
function shownRows(dom: string): { verdict: string; firstCell: string }[] {
  return [...dom.matchAll(/<tr data-verdict="([^"]+)"[^>]*?(\shidden(?:="")?)?>\s*<td>([^<]*)<\/td>/g)]
    .filter((m) => !m[2])
    .map((m) => ({ verdict: m[1]!, firstCell: m[3]! }));
}

if (!CHROMIUM) {
  describe("the HTML report in headless Chromium", () => {
    // In CI a missing browser is a failure (.ci/run installs it), elsewhere a visible skip.
    if (process.env.CI) it("has Chromium in CI", () => expect.fail("no Chromium at /usr/bin/chromium: .ci/run installs it with apt-get install chromium"));
    else it.skip("skipped: no Chromium at /usr/bin/chromium (apt-get install chromium; CI installs it)", () => undefined);
  });
} else {
  describe("the HTML report in headless Chromium", () => {
    let html: string;
    let json: { summary: { items: number; disagree: number }; items: { case: string; agree: boolean }[] };
    beforeAll(async () => {
      // The bundled cases with one recorded outcome flipped: a planted disagreement to see.
      const dir = mkdtempSync(join(tmpdir(), "imr-html-"));
      cpSync(join(ROOT, "cases"), join(dir, "cases"), { recursive: true });
      const f = join(dir, "cases/002_f86fb34153405d19.yaml");
      writeFileSync(f, readFileSync(f, "utf8").replace("outcome: Overturned", "outcome: Upheld"));
      html = join(dir, "report.html");
      expect((await runCli(["audit", join(dir, "cases"), "--rules", join(ROOT, "rules"), "--format", "html", "--out", html])).code).toBe(1);
      json = JSON.parse((await runCli(["audit", join(dir, "cases"), "--rules", join(ROOT, "rules"), "--json"])).stdout);
      expect(json.summary.disagree).toBeGreaterThan(0);
    }, 60_000);

    // One Chromium run both dumps the sorted page's DOM and screenshots it (each start of Chromium
    // costs seconds): sorting reorders the table's rows and leaves the charts as they are.
    let sortedRun: { dom: string; png: string } | undefined;
    const sorted = () => {
      if (!sortedRun) {
        const png = join(mkdtempSync(join(tmpdir(), "imr-shot-")), "report.png");
        const dom = chromium(["--dump-dom", `--screenshot=${png}`, "--window-size=1280,1400", `file://${html}#sort=-0`]);
        sortedRun = { dom, png };
      }
      return sortedRun;
    };

    it("runs the table's script: #only=disagree shows only the disagreements, #sort=-0 sorts by case descending", () => {
      const filtered = chromium(["--dump-dom", `file://${html}#only=disagree`]);
      expect(filtered).toContain(`data-shown="${json.summary.disagree}"`);
      expect(filtered).toContain(`${json.summary.disagree} of ${json.summary.items} items shown`);
      expect(shownRows(filtered).map((r) => r.verdict)).toEqual(Array(json.summary.disagree).fill("disagree"));
      const cases = shownRows(sorted().dom).map((r) => r.firstCell);
      expect(cases).toEqual([...json.items.map((i) => i.case)].sort().reverse());
    }, 120_000);

    it("draws the charts: the screenshot shows the agree, disagree and finding colours, and is not blank", () => {
      const image = PNG.sync.read(readFileSync(sorted().png));
      expect([image.width, image.height]).toEqual([1280, 1400]);
      const count = (hex: string) => {
        const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
        let n = 0;
        for (let i = 0; i < image.data.length; i += 4)
          if (Math.abs(image.data[i]! - r!) < 8 && Math.abs(image.data[i + 1]! - g!) < 8 && Math.abs(image.data[i + 2]! - b!) < 8) n++;
        return n;
      };
      // The bars' colours (src/report/formats/html.ts COLORS): hundreds of pixels each.
      expect(count("#2e7d32")).toBeGreaterThan(1000);
      expect(count("#c62828")).toBeGreaterThan(100);
      expect(count("#ef6c00")).toBeGreaterThan(100);
      // Not blank: the white background is most of the page, but far from all of it.
      const white = count("#ffffff");
      expect(white).toBeGreaterThan(image.width * image.height * 0.3);
      expect(white).toBeLessThan(image.width * image.height * 0.97);
    }, 120_000);
  });
}
