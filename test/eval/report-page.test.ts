// percepnet eval writes a report that a real browser shows: headless Chromium loads index.html,
// every spectrogram decodes, every audio player has its file, and the tables name every row; the
// tables are split dry / reverb per SNR (20 dB included) and every row has its cost, read from the
// committed benchmarks (docs/bench, scripts/bench.sh) and the model manifest. The committed report
// (docs/quality, bash scripts/quality-report.sh) has the same sections for the whole fixed set.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const SET = path.resolve(".cache/testset");
const PAIRS = ["snr05_lena_fire-fire", "snr20_lena_fire-fire", "snr20_lena_fire-fire_rev"];
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

describe("percepnet eval: the quality report, checked in headless Chromium", function () {
  this.timeout(600_000);
  let dir: string;
  let report: string;

  before(function () {
    if (!CHROMIUM) throw new Error("chromium is not installed: run bash scripts/setup.sh as root (it installs Debian's chromium)");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-eval-"));
    // A three-pair set (real speech in real noise at 5 and 20 dB, and the 20 dB pair's reverberant
    // twin), so the test stays short.
    const set = path.join(dir, "set");
    fs.mkdirSync(set);
    const index = JSON.parse(fs.readFileSync(path.join(SET, "index.json"), "utf8"));
    const pairs = PAIRS.map((id) => index.pairs.find((p: { id: string }) => p.id === id));
    for (const pair of pairs) {
      assert.ok(pair, `${PAIRS} in ${SET}: run bash scripts/setup.sh`);
      for (const s of ["clean", "noisy"]) fs.copyFileSync(path.join(SET, `${pair.id}_${s}.wav`), path.join(set, `${pair.id}_${s}.wav`));
    }
    const total = pairs.reduce((t: number, p: { seconds: number }) => t + p.seconds, 0);
    fs.writeFileSync(path.join(set, "index.json"), JSON.stringify({ ...index, pairs, total_seconds: total }));
    report = path.join(dir, "report");
    const r = spawnSync("node", ["bin/percepnet.mjs", "eval", "--set", set, "--report", report, "--clips", "1", "--also", "m7"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr + r.stdout);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it("writes report.md, index.html and results.json with the six rows (--also m7 adds the m7 size)", function () {
    const md = fs.readFileSync(path.join(report, "report.md"), "utf8");
    for (const row of ["noisy", "RNNoise", "percepnet headset", "percepnet m7", "oracle", "clean reference"]) assert.match(md, new RegExp(row));
    const res = JSON.parse(fs.readFileSync(path.join(report, "results.json"), "utf8"));
    assert.equal(res.length, 6);
    // the reference row is the clean signal aligned like the command rows: PESQ-WB at its ceiling
    const ref = res.find((r: { label: string }) => r.label.startsWith("clean reference"));
    for (const p of ref.pairs) assert.ok(p.metrics["PESQ-WB"] > 4.4, `clean reference ${p.id} PESQ-WB ${p.metrics["PESQ-WB"]}`);
    for (const r of res) {
      assert.equal(r.pairs.length, PAIRS.length);
      for (const p of r.pairs) for (const k of ["SI-SDR", "STOI", "PESQ-WB", "SIG", "BAK", "OVRL"]) assert.ok(Number.isFinite(p.metrics[k]), `${r.label} ${p.id} ${k}`);
    }
  });

  it("splits the tables dry / reverb per SNR, 20 dB included", function () {
    const md = fs.readFileSync(path.join(report, "report.md"), "utf8");
    assert.deepEqual(sections(md).slice(0, 6), [
      "5 dB SNR, dry (1 pairs)", "20 dB SNR, dry (1 pairs)", "All dry pairs (2 pairs)",
      "20 dB SNR, reverb (1 pairs)", "All reverb pairs (1 pairs)", "All pairs (3 pairs)",
    ]);
  });

  it("has a cost column per row: weights and MAC/s from the manifest, cycles/frame per board from docs/bench, RNNoise's quoted m4f count", function () {
    const md = fs.readFileSync(path.join(report, "report.md"), "utf8");
    const man = JSON.parse(fs.readFileSync("models/trained/headset/manifest.json", "utf8"));
    const lines = md.split("\n");
    const at = lines.findIndex((l) => l.startsWith("| row | PESQ-WB dry"));
    assert.ok(at >= 0, "the quality-and-cost table");
    const cols = cells(lines[at]);
    for (const c of ["OVRL reverb", "weights", "MAC/s"]) assert.ok(cols.includes(c), c);
    const row = (label: string) => cells(lines.slice(at).find((l) => l.startsWith(`| ${label}`))!);
    const ours = row("percepnet headset");
    assert.equal(ours[cols.indexOf("weights")], man.weights.toLocaleString("en-US"));
    assert.equal(ours[cols.indexOf("MAC/s")], `${(man.macs_per_second / 1e6).toFixed(1)} M`);
    for (const board of ["m4f", "m7", "m55", "a53"]) {
      const f = `docs/bench/${board}.report.json`;
      if (!fs.existsSync(f)) continue;
      const r = JSON.parse(fs.readFileSync(f, "utf8"));
      const cell = ours[cols.indexOf(`${board} cycles/frame (% of budget)`)];
      const pct = (100 * r.cycles.stats.mean / r.board.budgetCyclesPerFrame).toFixed(1);
      assert.ok(cell.startsWith(`${Math.round(r.cycles.stats.mean).toLocaleString("en-US")} (${pct} %)`), `${board}: ${cell}`);
    }
    assert.match(row("RNNoise")[cols.indexOf("weights")], /^87\.5 k \(0\.1\.1\)/);
    assert.match(row("RNNoise")[cols.indexOf("m4f cycles/frame (% of budget)")], /^2,720,000 \(162 %\)/);
    // a further size: its manifest's weights, and the network alone per board from docs/bench/networks.md
    const m7 = row("percepnet m7");
    const m7man = JSON.parse(fs.readFileSync("models/trained/m7/manifest.json", "utf8"));
    assert.equal(m7[cols.indexOf("weights")], m7man.weights.toLocaleString("en-US"));
    const net = fs.readFileSync("docs/bench/networks.md", "utf8").split("\n").find((l) => l.startsWith("| m7 | m4f"))!;
    assert.equal(m7[cols.indexOf("m4f cycles/frame (% of budget)")], `network alone ${cells(net)[3]} (${cells(net)[4]})`);
    assert.match(md, /bash scripts\/bench\.sh/);
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
      assert.match(text ?? "", /20 dB SNR, reverb/);
      const cost = await page.textContent("#cost");
      assert.match(cost ?? "", /2,720,000 \(162 %\) for 0\.1\.1/);
      assert.match(cost ?? "", /m4f cycles\/frame/);
    } finally {
      await browser.close();
    }
  });
});

describe("the committed quality report (docs/quality, bash scripts/quality-report.sh)", function () {
  it("has dry and reverb tables at 0, 5, 10, 15 and 20 dB, a row per trained size and the cost table", function () {
    const md = fs.readFileSync("docs/quality/report.md", "utf8");
    const got = sections(md);
    for (const kind of ["dry", "reverb"]) {
      for (const snr of [0, 5, 10, 15, 20]) assert.ok(got.some((t) => t.startsWith(`${snr} dB SNR, ${kind} (`)), `${snr} dB ${kind}: ${got}`);
      assert.ok(got.some((t) => t.startsWith(`All ${kind} pairs`)));
    }
    assert.ok(got.includes("Quality and cost per row"));
    // RNNoise's cost cell: issue 15's quoted m4f count (reports made before it said "not run on the boards")
    assert.match(md, /\| RNNoise[^\n]*(2,720,000 \(162 %\) for 0\.1\.1|n\/a \(not run on the boards\))/);
    assert.match(md, /\| percepnet headset[^\n]*\| [\d,]+ \| [\d.]+ M \| [\d,]+ \(/);
    // every trained size has its row (the script passes --also m7,full), with cycles on some board:
    // the product's (percepnet sim --model SIZE --report docs/bench/product-SIZE) or the network's alone
    for (const size of ["m7", "full"]) assert.match(md, new RegExp(`\\| percepnet ${size} \\(host C[^\\n]*\\| (network alone|product) [\\d,]+ \\(`));
    const res = JSON.parse(fs.readFileSync("docs/quality/results.json", "utf8"));
    assert.equal(res.length, 7);
    assert.ok(res[0].pairs.some((p: { id: string }) => p.id.endsWith("_rev")));
  });
});

function sections(md: string): string[] {
  return md.split("\n## ").slice(1).map((s) => s.split("\n")[0]);
}

function cells(line: string): string[] {
  return line.split("|").slice(1, -1).map((c) => c.trim());
}
