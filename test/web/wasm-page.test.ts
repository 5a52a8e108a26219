// percepnet wasm: the generated C compiled to WebAssembly gives `percepnet denoise`'s bytes, in
// Node and on the web page in headless Chromium (a WAV chosen in the page's file input, as a user
// would drop one); a wrong WAV gets the page's message; the live AudioWorklet processes frames
// from Chromium's fake microphone.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { WaveFile } from "../../sim/audio/pcm.ts";

const BIN = path.resolve("bin/percepnet.mjs");
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

function wav(rate: number, samples: Int16Array): Buffer {
  const w = new WaveFile();
  w.fromScratch(1, rate, "16", samples);
  return Buffer.from(w.toBuffer());
}

/** 1.5 s and a partial frame of a noisy chirp. */
function noisy(): Int16Array {
  let seed = 777;
  const x = new Int16Array(72_000 + 301);
  for (let i = 0; i < x.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    x[i] = Math.round(7000 * Math.sin((2 * Math.PI * (300 + i / 150) * i) / 48000) + ((seed >>> 8) / 2 ** 24 - 0.5) * 4000);
  }
  return x;
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

describe("percepnet wasm: the WebAssembly build and its page", function () {
  this.timeout(300_000);
  let work: string;
  let web: string;
  let input: string;
  let reference: Buffer;
  let server: http.Server;
  let url: string;
  let browser: Browser;

  before(async () => {
    if (!CHROMIUM) throw new Error("chromium is not installed: run bash scripts/setup.sh as root");
    work = fs.mkdtempSync(path.join(os.tmpdir(), "pn-wasm-"));
    web = path.join(work, "web");
    input = path.join(work, "noisy.wav");
    fs.writeFileSync(input, wav(48000, noisy()));
    execFileSync("node", [BIN, "denoise", input, path.join(work, "ref.wav")], { stdio: "pipe" });
    reference = fs.readFileSync(path.join(work, "ref.wav"));
    execFileSync("node", [BIN, "wasm", "--out", web], { stdio: "pipe" });
    server = http.createServer((req, res) => {
      const f = path.join(web, path.normalize(decodeURIComponent(new URL(req.url!, "http://x").pathname)).replace(/^\/+/, "") || "index.html");
      if (!f.startsWith(web) || !fs.existsSync(f) || !fs.statSync(f).isFile()) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": TYPES[path.extname(f)] ?? "application/octet-stream" }).end(fs.readFileSync(f));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/index.html`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"],
    });
  });
  after(async () => {
    await browser?.close();
    server?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("in Node: percepnet.js over percepnet.wasm gives denoise's bytes", async () => {
    const pn = await import(pathToFileURL(path.join(web, "percepnet.js")).href);
    const api = await pn.loadPercepnet(fs.readFileSync(path.join(web, "percepnet.wasm")));
    const out = Buffer.from(pn.writeWav(api.denoise(pn.parseWav(new Uint8Array(fs.readFileSync(input))))));
    assert.ok(out.equals(reference), "WebAssembly output differs from percepnet denoise");
    // a second run starts from a fresh state: the same bytes again
    assert.ok(Buffer.from(pn.writeWav(api.denoise(pn.parseWav(new Uint8Array(fs.readFileSync(input)))))).equals(reference));
  });

  it("in headless Chromium: a WAV given to the page comes back as denoise's bytes, with both players", async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector("body[data-state=ready]");
    await page.setInputFiles("#file", input);
    await page.waitForSelector("body[data-state=done]");
    const out = Buffer.from(await page.evaluate(() => Array.from((window as unknown as { pnOutput: Uint8Array }).pnOutput)));
    assert.equal(out.length, reference.length);
    assert.ok(out.equals(reference), "the page's output differs from percepnet denoise");
    assert.ok(await page.$eval("#denoised", (a) => (a as HTMLAudioElement).src.startsWith("blob:")));
    assert.ok(await page.$eval("#noisy", (a) => (a as HTMLAudioElement).src.startsWith("blob:")));
    await page.close();
  });

  it("in headless Chromium: a 44.1 kHz WAV gets a message, not output", async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector("body[data-state=ready]");
    const bad = path.join(work, "cd.wav");
    fs.writeFileSync(bad, wav(44100, noisy().subarray(0, 4410)));
    await page.setInputFiles("#file", bad);
    await page.waitForSelector("body[data-state=error]");
    assert.match(await page.$eval("#status", (e) => e.textContent ?? ""), /44100 Hz; 48000 Hz only/);
    await page.close();
  });

  it("in headless Chromium: the live AudioWorklet runs the frame API on the (fake) microphone", async () => {
    const context = await browser.newContext({ permissions: ["microphone"] });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector("body[data-state=ready]");
    await page.click("#live");
    await page.waitForFunction(() => ((window as unknown as { pnLiveFrames?: number }).pnLiveFrames ?? 0) >= 100, undefined, { timeout: 20_000 });
    await context.close();
  });
});
