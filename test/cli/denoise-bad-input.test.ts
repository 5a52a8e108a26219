// percepnet denoise on bad input: a clear error, exit 1, and no output file (not even a partial
// one). Malformed, truncated, wrong rate, stereo, NaN/Inf, unsupported depth; silence and
// clipping are processed with a note.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { WaveFile } from "../../sim/audio/pcm.ts";

const BIN = path.resolve("bin/percepnet.mjs");

function wav(channels: number, rate: number, depth: string, samples: number[] | Float32Array): Buffer {
  const w = new WaveFile();
  w.fromScratch(channels, rate, depth, samples as number[]);
  return Buffer.from(w.toBuffer());
}

function denoise(dir: string, input: Buffer, extra: string[] = []) {
  const inFile = path.join(dir, "in.wav");
  const outFile = path.join(dir, "out.wav");
  fs.rmSync(outFile, { force: true });
  fs.writeFileSync(inFile, input);
  const r = spawnSync("node", [BIN, "denoise", inFile, outFile, ...extra], { encoding: "utf8" });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout, wrote: fs.existsSync(outFile), files: fs.readdirSync(dir) };
}

describe("denoise: bad input gets a clear error and writes nothing", function () {
  this.timeout(120_000);
  let dir: string;
  const tone = Array.from({ length: 4800 }, (_, i) => Math.round(8000 * Math.sin(i / 7)));
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-bad-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: Array<[string, () => Buffer, RegExp]> = [
    ["not a WAV at all", () => Buffer.from("hello, this is not audio"), /not a WAV file/],
    ["a truncated data chunk", () => wav(1, 48000, "16", tone).subarray(0, 2000), /truncated/],
    ["a header with no data chunk", () => wav(1, 48000, "16", tone).subarray(0, 40), /no data chunk|truncated/],
    ["44.1 kHz", () => wav(1, 44100, "16", tone), /44100 Hz.*does not resample/],
    ["stereo", () => wav(2, 48000, "16", [...tone, ...tone]), /2 channels/],
    ["8-bit samples", () => wav(1, 48000, "8", tone.map((v) => 128 + (v >> 8))), /8-bit samples/],
    ["a NaN sample in float input", () => wav(1, 48000, "32f", Float32Array.from(tone, (v, i) => (i === 1234 ? NaN : v / 32768))), /sample 1234 is NaN/],
    ["an infinite sample in float input", () => wav(1, 48000, "32f", Float32Array.from(tone, (v, i) => (i === 77 ? Infinity : v / 32768))), /sample 77 is Infinity/],
  ];
  for (const [what, make, msg] of cases) {
    it(`${what}: exit 1, message, no output`, function () {
      const r = denoise(dir, make());
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, msg);
      assert.equal(r.wrote, false);
      assert.deepEqual(r.files.filter((f) => f !== "in.wav"), []);
    });
  }

  it("a clean reference of another length: exit 1, no output", function () {
    const ref = path.join(dir, "ref.wav");
    fs.writeFileSync(ref, wav(1, 48000, "16", tone.slice(0, 1000)));
    const r = denoise(dir, wav(1, 48000, "16", tone), ["--oracle", ref]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /samples, the input has/);
    assert.equal(r.wrote, false);
  });

  it("silence is processed (with a note) and stays silence", function () {
    const r = denoise(dir, wav(1, 48000, "16", new Array(9600).fill(0)));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /silent/);
    const out = new WaveFile(fs.readFileSync(path.join(dir, "out.wav")));
    assert.ok((out.getSamples(false, Int16Array) as unknown as Int16Array).every((v) => v === 0));
  });

  it("clipped input is processed with a warning; 24-bit and float inputs are accepted", function () {
    const clipped = tone.map((v) => Math.max(-32768, Math.min(32767, v * 8)));
    const r = denoise(dir, wav(1, 48000, "16", clipped));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /clipped/);
    assert.equal(denoise(dir, wav(1, 48000, "24", tone.map((v) => v * 256))).code, 0);
    assert.equal(denoise(dir, wav(1, 48000, "32f", Float32Array.from(tone, (v) => v / 32768))).code, 0);
  });
});
