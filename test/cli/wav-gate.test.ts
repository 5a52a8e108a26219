// The WAV gate (sim/audio/wav-input.ts, sim/audio/riff.ts) on crafted files: the format tag and the extensible
// subformat decide the decoding (never the bit depth alone), chunks are walked by the RIFF rules,
// and a seeded fuzz of headers gets only a decoded input or a WavInputError, never a crash.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readWavInput, WavInputError } from "../../sim/audio/wav-input.ts";

const BIN = path.resolve("bin/percepnet.mjs");
const KSDATAFORMAT_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function chunk(id: string, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.write(id, 0, "latin1");
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body, Buffer.alloc(body.length & 1)]);
}

function riff(chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from("WAVE"), ...chunks]);
  const h = Buffer.alloc(8);
  h.write("RIFF", 0, "latin1");
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body]);
}

/** A fmt chunk body; with sub, WAVE_FORMAT_EXTENSIBLE with that subformat tag. */
function fmt(tag: number, bits: number, o: { sub?: number; channels?: number; rate?: number } = {}): Buffer {
  const ch = o.channels ?? 1;
  const rate = o.rate ?? 48000;
  const b = Buffer.alloc(o.sub === undefined ? 16 : 40);
  b.writeUInt16LE(o.sub === undefined ? tag : 0xfffe, 0);
  b.writeUInt16LE(ch, 2);
  b.writeUInt32LE(rate, 4);
  b.writeUInt32LE((rate * ch * bits) / 8, 8);
  b.writeUInt16LE((ch * bits) / 8, 12);
  b.writeUInt16LE(bits, 14);
  if (o.sub !== undefined) {
    b.writeUInt16LE(22, 16);
    b.writeUInt16LE(bits, 18);
    b.writeUInt32LE(4, 20);
    b.writeUInt16LE(o.sub, 24);
    Buffer.from(KSDATAFORMAT_TAIL).copy(b, 26);
  }
  return b;
}

const N = 4800;
const sine = Float32Array.from({ length: N }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 48000));
const f32 = (x: Float32Array) => Buffer.from(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength));
const s16 = (x: Float32Array) => Buffer.from(Int16Array.from(x, (v) => Math.round(v * 32768)).buffer);
const expected = Int16Array.from(sine, (v) => Math.round(v * 32768));

describe("WAV gate: format tags, extensible subformats and RIFF chunks", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-wavgate-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, b: Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, b);
    return f;
  };

  it("extensible IEEE float (libsndfile WAVEX/FLOAT) is decoded as float, not as 32-bit integers", function () {
    const r = readWavInput(write("wavex-float.wav", riff([chunk("fmt ", fmt(3, 32, { sub: 3 })), chunk("data", f32(sine))])));
    assert.deepEqual(r.samples, expected);
    assert.match(r.sourceFormat, /32-bit float/);
  });

  it("extensible integer PCM 16 and plain float decode to the same samples", function () {
    assert.deepEqual(readWavInput(write("wavex-16.wav", riff([chunk("fmt ", fmt(1, 16, { sub: 1 })), chunk("data", s16(sine))]))).samples, expected);
    assert.deepEqual(readWavInput(write("float.wav", riff([chunk("fmt ", fmt(3, 32)), chunk("data", f32(sine))]))).samples, expected);
  });

  for (const [what, f] of [
    ["MP3 (tag 0x55)", () => fmt(0x55, 16)],
    ["tag 0", () => fmt(0, 16)],
    ["IEEE float tag with 16-bit samples", () => fmt(3, 16)],
    ["A-law", () => fmt(6, 8)],
    ["extensible with an MP3 subformat", () => fmt(0, 16, { sub: 0x55 })],
  ] as const) {
    it(`${what} is refused, naming the sox command that converts it`, function () {
      const file = write("bad.wav", riff([chunk("fmt ", f()), chunk("data", s16(sine))]));
      assert.throws(() => readWavInput(file), (e: Error) => e instanceof WavInputError && /sox in\.wav -e signed-integer -b 16 out\.wav/.test(e.message));
    });
  }

  it("two LIST chunks, a chunk of odd size with its pad byte, and chunks after data are walked", function () {
    const list = chunk("LIST", Buffer.from("INFOISFT\x05\x00\x00\x00abcd\x00\x00", "latin1"));
    const odd = chunk("junk", Buffer.from("xyz")); // 3 bytes + pad
    const file = write("chunks.wav", riff([list, chunk("fmt ", fmt(1, 16)), odd, list, chunk("data", s16(sine)), list, odd]));
    assert.deepEqual(readWavInput(file).samples, expected);
  });

  it("a 14-byte fmt chunk is reported as such (not as '24932-bit samples')", function () {
    const file = write("fmt14.wav", riff([chunk("fmt ", fmt(1, 16).subarray(0, 14)), chunk("data", s16(sine))]));
    assert.throws(() => readWavInput(file), /fmt chunk is 14 bytes/);
  });

  it("an odd data size: whole samples only, the pad byte is not decoded as a sample", function () {
    const data = Buffer.concat([s16(sine), Buffer.from([0x7f])]); // 9601 bytes, then the pad byte
    const file = write("odd.wav", riff([chunk("fmt ", fmt(1, 16)), chunk("data", data), chunk("LIST", Buffer.from("INFO"))]));
    const r = readWavInput(file);
    assert.equal(r.samples.length, N);
    assert.deepEqual(r.samples, expected);
  });

  it("denoise on the extensible float file gives the same output as on the plain float file", function () {
    const a = path.join(dir, "a.wav");
    const b = path.join(dir, "b.wav");
    for (const [input, out] of [[path.join(dir, "wavex-float.wav"), a], [path.join(dir, "float.wav"), b]]) {
      const r = spawnSync("node", [BIN, "denoise", input, out, "--engine", "host"], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
    }
    assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)));
    const r = spawnSync("node", [BIN, "denoise", write("mp3.wav", riff([chunk("fmt ", fmt(0x55, 16)), chunk("data", s16(sine))])), path.join(dir, "c.wav")], { encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^percepnet: error: .*MP3.*sox/);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  });

  it("seeded fuzz: 3,000 mutated headers give samples or a WavInputError, nothing else", function () {
    let seed = Number(process.env.PN_WAV_FUZZ_SEED ?? 19);
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const good = riff([chunk("LIST", Buffer.from("INFOab")), chunk("fmt ", fmt(3, 32, { sub: 3 })), chunk("data", f32(sine.subarray(0, 480)))]);
    const file = path.join(dir, "fuzz.wav");
    let decoded = 0;
    for (let k = 0; k < 3000; k++) {
      const b = Buffer.from(good);
      const edits = 1 + Math.floor(rnd() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * 100); // the header region: RIFF, LIST, fmt and data headers
        b[at] = rnd() < 0.5 ? Math.floor(rnd() * 256) : b[at] ^ (1 << Math.floor(rnd() * 8));
      }
      const cut = rnd() < 0.2 ? Math.floor(rnd() * b.length) : b.length;
      fs.writeFileSync(file, b.subarray(0, cut));
      try {
        const r = readWavInput(file);
        assert.ok(r.samples.length > 0 && r.samples.length <= 480 * 2, `mutation ${k}: ${r.samples.length} samples`);
        decoded++;
      } catch (e) {
        if (!(e instanceof WavInputError)) assert.fail(`mutation ${k}: ${(e as Error).stack}`);
        assert.ok(!/undefined|Cannot read|NaN/.test(e.message), `mutation ${k}: ${e.message}`);
      }
    }
    assert.ok(decoded > 0);
  });
});
