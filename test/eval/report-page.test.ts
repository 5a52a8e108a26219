// percepnet eval writes a report that a real browser shows: headless Chromium loads index.html,
// every spectrogram decodes, every audio player has its file, and the tables name every row.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const SET = path.resolve(".cache/testset");
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

describe("percepnet eval: the quality report, checked in headless Chromium", function () {
  this.timeout(600_000);
  let dir: string;
  let report: string;

  before(function () {
    if (!CHROMIUM) throw new Error("chromium is not installed: run bash scripts/setup.sh as root (it installs Debian's chromium)");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-eval-"));
    // A one-pair set (real speech in real noise at 5 dB), so the test stays short.
    const set = path.join(dir, "set");
    fs.mkdirSync(set);
    const index = JSON.parse(fs.readFileSync(path.join(SET, "index.json"), "utf8"));
    const pair = index.pairs.find((p: { id: string }) => p.id === "snr05_lena_fire-fire");
    for (const s of ["clean", "noisy"]) fs.copyFileSync(path.join(SET, `${pair.id}_${s}.wav`), path.join(set, `${pair.id}_${s}.wav`));
    fs.writeFileSync(path.join(set, "index.json"), JSON.stringify({ ...index, pairs: [pair], total_seconds: pair.seconds }));
    report = path.join(dir, "report");
    const r = spawnSync("node", ["bin/percepnet.mjs", "eval", "--set", set, "--report", report, "--clips", "1"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr + r.stdout);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it("writes report.md, index.html and results.json with the four rows", function () {
    const md = fs.readFileSync(path.join(report, "report.md"), "utf8");
    for (const row of ["noisy", "RNNoise", "percepnet headset", "oracle"]) assert.match(md, new RegExp(row));
    const res = JSON.parse(fs.readFileSync(path.join(report, "results.json"), "utf8"));
    assert.equal(res.length, 4);
    for (const r of res) for (const k of ["SI-SDR", "STOI", "PESQ-WB", "SIG", "BAK", "OVRL"]) assert.ok(Number.isFinite(r.pairs[0].metrics[k]), `${r.label} ${k}`);
  });

  it("the page shows every spectrogram and has a playable file behind every audio player", async function () {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(report, "index.html")).href);
      const imgs = await page.$$eval("img", (els) => els.map((e) => ({ src: (e as HTMLImageElement).src, w: (e as HTMLImageElement).naturalWidth })));
      assert.equal(imgs.length, 4, "clean, noisy, RNNoise, ours");
      for (const i of imgs) assert.ok(i.w > 0, `${i.src} did not decode`);
      const audios = await page.$$eval("audio", (els) => els.map((e) => (e as HTMLAudioElement).getAttribute("src")!));
      assert.equal(audios.length, 4);
      for (const a of audios) assert.ok(fs.statSync(path.join(report, a)).size > 1000, a);
      const text = await page.textContent("#tables");
      assert.match(text ?? "", /RNNoise/);
      assert.match(text ?? "", /oracle/);
    } finally {
      await browser.close();
    }
  });
});
