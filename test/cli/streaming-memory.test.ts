// Streaming: denoise holds memory bounded whatever the input length. A generated 2-hour input
// (PN_STREAM_SECONDS to change it) through `denoise --engine host` stays under 300 MB peak RSS
// (measured by /usr/bin/time, the largest of the node process and its C child), and its bytes
// equal the host enhancer fed directly frame by frame (the chunked reference, no WAV code). The
// JS engine runs about 4x slower than real time on this machine, so it gets 5 minutes (before
// streaming that took ~330 MB; 2 hours took 4.2 GB), checked against the host engine's bytes.
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HOP, HOST_ENHANCER_ARGS, hostEnhancer, hostHeader } from "../../sim/engines/engines.ts";
import { wavHeader16 } from "../../sim/audio/wav-input.ts";

const BIN = path.resolve("bin/percepnet.mjs");
const TIME = "/usr/bin/time";
const LIMIT_KB = 300 * 1024;

/** The test signal, block by block: a wobbling tone plus pseudo-random noise, deterministic. */
function fill(block: Int16Array, start: number): void {
  for (let i = 0; i < block.length; i++) {
    const t = start + i;
    let h = Math.imul(t ^ 0x9e3779b9, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    const noise = ((h >>> 16) & 4095) - 2048;
    const tone = 6000 * Math.sin(t * 0.0576 * (1 + 0.1 * Math.sin(t * 1e-5)));
    block[i] = Math.round(tone + noise);
  }
}

function writeInput(file: string, n: number): void {
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, wavHeader16(n));
  const block = new Int16Array(480_000);
  for (let at = 0; at < n; at += block.length) {
    const m = Math.min(block.length, n - at);
    fill(block, at);
    fs.writeSync(fd, new Uint8Array(block.buffer, 0, 2 * m));
  }
  fs.closeSync(fd);
}

/** Peak RSS (kB) of `percepnet args` under /usr/bin/time. */
function peakRss(args: string[]): number {
  const r = spawnSync(TIME, ["-f", "PEAK_RSS_KB=%M", "node", BIN, ...args], { encoding: "utf8", timeout: 1_800_000 });
  assert.equal(r.status, 0, r.stderr);
  return Number(/PEAK_RSS_KB=(\d+)/.exec(r.stderr)![1]);
}

/** sha256 of the WAV the host enhancer gives when fed the signal directly, 100 frames at a time. */
async function directReference(n: number): Promise<string> {
  const frames = Math.ceil(n / HOP);
  const p = spawn(hostEnhancer(), [...HOST_ENHANCER_ARGS], { stdio: ["pipe", "pipe", "inherit"] });
  const hash = createHash("sha256").update(wavHeader16(n));
  let got = 0;
  p.stdout!.on("data", (d: Buffer) => {
    const keep = Math.max(0, Math.min(d.length, 2 * n - got));
    hash.update(d.subarray(0, keep));
    got += d.length;
  });
  const done = new Promise((r) => p.on("close", r));
  p.stdin!.write(hostHeader(frames, { comb: true, postfilter: true, gains: "net" }));
  const block = new Int16Array(100 * HOP);
  for (let f = 0; f < frames; f += 100) {
    block.fill(0);
    const m = Math.min(block.length, n - f * HOP);
    fill(block.subarray(0, m), f * HOP);
    if (!p.stdin!.write(Buffer.from(block.buffer.slice(0, Math.min(100, frames - f) * HOP * 2)))) await new Promise((r) => p.stdin!.once("drain", r));
  }
  p.stdin!.end();
  await done;
  return hash.digest("hex");
}

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

function shaStreamed(file: string): string {
  const h = createHash("sha256");
  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(1 << 22);
  for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) h.update(buf.subarray(0, n));
  fs.closeSync(fd);
  return h.digest("hex");
}

describe("denoise streams: bounded memory on long inputs", function () {
  this.timeout(3_600_000);
  let dir: string;
  before(function () {
    if (!fs.existsSync(TIME)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-stream-"));
    // Warm the generated-spec cache first: a cold one compiles the spec in the measured process
    // (ts-morph, ~280 MB once), which is not what this test measures.
    const warm = path.join(dir, "warm.wav");
    writeInput(warm, 4800);
    for (const engine of ["ref", "host"]) assert.equal(spawnSync("node", [BIN, "denoise", warm, path.join(dir, "warm-out.wav"), "--engine", engine]).status, 0);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const seconds = Number(process.env.PN_STREAM_SECONDS ?? 7200);
  it(`${seconds / 60} minutes through the host engine: peak RSS < 300 MB, bytes equal to the direct frame-by-frame run`, async function () {
    const n = seconds * 48000;
    const input = path.join(dir, "long.wav");
    const output = path.join(dir, "long-out.wav");
    writeInput(input, n);
    const kb = peakRss(["denoise", input, output, "--engine", "host"]);
    console.log(`      peak RSS ${(kb / 1024).toFixed(0)} MB for ${seconds} s`);
    assert.ok(kb < LIMIT_KB, `peak RSS ${kb} kB`);
    fs.rmSync(input);
    assert.equal(fs.statSync(output).size, 44 + 2 * n);
    assert.equal(shaStreamed(output), await directReference(n));
  });

  it("5 minutes through the JS reference engine: peak RSS < 300 MB, bytes equal to the host engine's", function () {
    const n = 300 * 48000 + 123; // a partial last frame too
    const input = path.join(dir, "five.wav");
    writeInput(input, n);
    const kb = peakRss(["denoise", input, path.join(dir, "five-ref.wav"), "--engine", "ref"]);
    console.log(`      peak RSS ${(kb / 1024).toFixed(0)} MB for 300 s (JS engine)`);
    assert.ok(kb < LIMIT_KB, `peak RSS ${kb} kB`);
    assert.equal(spawnSync("node", [BIN, "denoise", input, path.join(dir, "five-host.wav"), "--engine", "host"]).status, 0);
    assert.equal(sha(path.join(dir, "five-ref.wav")), sha(path.join(dir, "five-host.wav")));
  });
});
