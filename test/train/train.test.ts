// The training tools (docs/training.md):
// 1. models.train.features (the host harness's `features` over WAV pairs) writes, for a short mixture,
//    exactly the exact-JS reference's features and oracle targets, bit for bit.
// 2. The training side's int8 network inputs (models/train/dataset.py prepare) equal the subset
//    glue's (spec/nn/glue.ts, exact JS) for the same features and normalization.
// 3. The committed headset model: TFLM on its .tflite and the subset tables module (host C, through
//    the signal path) give the same int8 gains and strengths on real features; a .tflite with one
//    weight changed is caught.
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { compile, formatDiagnostic } from "../../codegen/src/index.ts";
import { harmonic, noise } from "../dsp/exact.ts";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const PY = path.join(REPO, ".venv", "bin", "python");
const FRAMES = 150;
const N = FRAMES * 480;

function tmp(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pn-train-${name}-`));
}

/** 16-bit PCM mono 48 kHz WAV. */
function writeWav(file: string, s: Int16Array): void {
  const h = Buffer.alloc(44);
  h.write("RIFF", 0);
  h.writeUInt32LE(36 + s.length * 2, 4);
  h.write("WAVEfmt ", 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(48000, 24);
  h.writeUInt32LE(96000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36);
  h.writeUInt32LE(s.length * 2, 40);
  fs.writeFileSync(file, Buffer.concat([h, Buffer.from(s.buffer, s.byteOffset, s.byteLength)]));
}

function toS16(x: Float32Array): Int16Array {
  const s = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) s[i] = Math.max(-32768, Math.min(32767, Math.round(x[i] * 32768)));
  return s;
}

/** A voiced signal with a syllable envelope, and it plus noise (PCM16). */
function mixture(): { clean: Int16Array; noisy: Int16Array } {
  const c = harmonic(150, N, 0.2, 7000);
  for (let i = 0; i < N; i++) c[i] *= Math.max(0, Math.sin((2 * Math.PI * 2.5 * i) / 48000));
  const nz = noise(N, 3, 0.03);
  const n = new Float32Array(N);
  for (let i = 0; i < N; i++) n[i] = c[i] + nz[i];
  return { clean: toS16(c), noisy: toS16(n) };
}

let compiled: string | undefined;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function mod(rel: string): Promise<any> {
  if (!compiled) {
    const files = [
      ...fs.readdirSync(path.join(REPO, "spec/dsp")).filter((f) => f.endsWith(".ts")).map((f) => path.join(REPO, "spec/dsp", f)),
      path.join(REPO, "spec/nn/glue.ts"),
    ];
    const r = compile(files);
    if (r.diagnostics.length) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
    compiled = tmp("js");
    for (const [p, text] of r.files) {
      fs.mkdirSync(path.dirname(path.join(compiled, p)), { recursive: true });
      fs.writeFileSync(path.join(compiled, p), text);
    }
  }
  const hit = (fs.readdirSync(path.join(compiled, "js"), { recursive: true, encoding: "utf8" }) as string[]).find((f) => f.endsWith(`${rel}.mjs`));
  if (!hit) throw new Error(`${rel}.mjs not compiled`);
  return import(pathToFileURL(path.join(compiled, "js", hit)).href);
}

function readPnft(file: string): { data: Float32Array; lens: number[] } {
  const b = fs.readFileSync(file);
  assert.equal(b.toString("latin1", 0, 4), "PNFT");
  const [ver, nf, nt, ns, n] = [4, 8, 12, 16, 20].map((o) => b.readUInt32LE(o));
  assert.deepEqual([ver, nf, nt], [1, 70, 68]);
  const lens = Array.from({ length: ns }, (_, i) => b.readUInt32LE(32 + 4 * i));
  const off = 32 + 4 * ns;
  const data = new Float32Array(b.buffer.slice(b.byteOffset + off, b.byteOffset + off + n * 138 * 4));
  return { data, lens };
}

describe("training tools", function () {
  this.timeout(300000);
  let set = "";
  let pnft = "";

  before(function () {
    set = tmp("set");
    const { clean, noisy } = mixture();
    writeWav(path.join(set, "p0_noisy.wav"), noisy);
    writeWav(path.join(set, "p0_clean.wav"), clean);
    pnft = path.join(set, "out", "f.pnft");
    execFileSync(PY, ["-m", "models.train.features", set, "--out", pnft, "--jobs", "1"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  });

  it("features tool (host C) = exact-JS reference: 70 features + 34 g + 34 r per frame, bit for bit", async function () {
    const D = await mod("dsp/denoiser");
    const { clean, noisy } = mixture();
    const st = new D.DenoiserState();
    D.denoiser_init(st);
    const os_ = new D.OracleState();
    D.oracle_init(os_);
    const js = new Float32Array(FRAMES * 138);
    const a = new Float32Array(480);
    const c = new Float32Array(480);
    const out = new Float32Array(480);
    for (let f = 0; f < FRAMES; f++) {
      for (let i = 0; i < 480; i++) {
        a[i] = noisy[f * 480 + i] / 32768;
        c[i] = clean[f * 480 + i] / 32768;
      }
      D.denoiser_process_frame_oracle(st, os_, a, c, out);
      js.set(st.feat, f * 138);
      js.set(os_.g, f * 138 + 70);
      js.set(os_.r, f * 138 + 104);
    }
    const { data, lens } = readPnft(pnft);
    assert.deepEqual(lens, [FRAMES]);
    const cu = new Uint32Array(data.buffer);
    const ju = new Uint32Array(js.buffer);
    assert.equal(cu.length, ju.length);
    let first = -1;
    for (let i = 0; i < ju.length; i++) if (cu[i] !== ju[i]) { first = i; break; }
    assert.equal(first, -1, `first difference at frame ${Math.floor(first / 138)}, value ${first % 138}`);
    // the mixture is not trivial: voiced frames with gains well inside (0, 1) and some comb strength
    let mid = 0;
    let rpos = 0;
    for (let f = 20; f < FRAMES; f++) {
      for (let b = 0; b < 34; b++) {
        const g = js[f * 138 + 70 + b];
        if (g > 0.1 && g < 0.9) mid++;
        if (js[f * 138 + 104 + b] > 0) rpos++;
      }
    }
    assert.ok(mid > 200 && rpos > 50, `gains inside (0.1, 0.9): ${mid}, strengths > 0: ${rpos}`);
  });

  it("look-ahead features: the newest window's energies at frame t are frame B's at t + 2, bit for bit, and --energy-shift 2 trains on exactly the glue's inputs", async function () {
    const D = await mod("dsp/denoiser");
    const G = await mod("nn/glue");
    const { noisy } = mixture();
    const st = new D.DenoiserState();
    const hf = new D.HistoryF32(); // the f32 API's input history
    D.denoiser_init(st);
    const a = new Float32Array(480);
    const feat: Float32Array[] = [];
    const lfeat: Float32Array[] = [];
    for (let f = 0; f < FRAMES; f++) {
      for (let i = 0; i < 480; i++) a[i] = noisy[f * 480 + i] / 32768;
      D.denoiser_analyze(st, hf, a);
      feat.push(Float32Array.from(st.feat));
      lfeat.push(Float32Array.from(st.lfeat));
    }
    let same = 0;
    let differ = 0;
    for (let f = 0; f + 2 < FRAMES; f++) {
      for (let b = 0; b < 34; b++) {
        if (Object.is(lfeat[f][b], feat[f + 2][b])) same++;
        if (lfeat[f][b] !== feat[f][b]) differ++;
      }
    }
    assert.equal(same, (FRAMES - 2) * 34, "lfeat[t] = feat[t + 2][0..33]");
    assert.ok(differ > (FRAMES - 2) * 34 * 0.5, `the look-ahead is not frame B's own energies (${differ} differ)`);
    // the training side: dataset.prepare(shift=2) on frame-B features = glue_select_features(lookahead) -> glue_features_s8
    const code = `import json, numpy as np
from models.train import dataset
d = dataset.prepare(${JSON.stringify(pnft)}, shift=2)
print(json.dumps(dict(q=d["q"].reshape(-1).tolist(), lens=d["lens"].tolist(), mean=[float(v) for v in d["mean"]], gain=[float(v) for v in d["gain"]])))`;
    const r = JSON.parse(execFileSync(PY, ["-c", code], { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 26 }).trim().split("\n").pop()!);
    assert.deepEqual(r.lens, [FRAMES - 2]);
    const fin = new Float32Array(70);
    const q = new Int8Array(70);
    let diff = 0;
    for (let f = 0; f + 2 < FRAMES; f++) {
      G.glue_select_features(feat[f], lfeat[f], true, fin);
      G.glue_features_s8(fin, new Float32Array(r.mean), new Float32Array(r.gain), 0, q);
      for (let i = 0; i < 70; i++) if (q[i] !== r.q[f * 70 + i]) diff++;
    }
    assert.equal(diff, 0, `${diff} of ${(FRAMES - 2) * 70} inputs differ`);
  });

  it("a model's own energy floor (features --energy-floor = denoiser_set_feature_floor): host C features = exact JS bit for bit, and quiet bands leave the floor", async function () {
    const D = await mod("dsp/denoiser");
    // the mixture 40 dB down (about -55 dBFS): under RNNoise's 1e-2 floor most bands sit on it
    const { clean, noisy } = mixture();
    const quiet = (s: Int16Array) => Int16Array.from(s, (v) => Math.round(v / 100));
    const dir = tmp("floor");
    writeWav(path.join(dir, "p0_noisy.wav"), quiet(noisy));
    writeWav(path.join(dir, "p0_clean.wav"), quiet(clean));
    const out = path.join(dir, "out", "f.pnft");
    execFileSync(PY, ["-m", "models.train.features", dir, "--out", out, "--jobs", "1", "--energy-floor", "1e-8"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    const { data } = readPnft(out);
    const jsFeat = (floor: number): Float32Array[] => {
      const st = new D.DenoiserState();
      const hf = new D.HistoryF32(); // the f32 API's input history
      D.denoiser_init(st);
      D.denoiser_set_feature_floor(st, floor);
      const a = new Float32Array(480);
      const feats: Float32Array[] = [];
      for (let f = 0; f < FRAMES; f++) {
        for (let i = 0; i < 480; i++) a[i] = Math.round(noisy[f * 480 + i] / 100) / 32768;
        D.denoiser_analyze(st, hf, a);
        feats.push(Float32Array.from(st.feat));
      }
      return feats;
    };
    const low = jsFeat(1e-8);
    let diff = 0;
    for (let f = 0; f < FRAMES; f++) for (let i = 0; i < 70; i++) if (!Object.is(low[f][i], data[f * 138 + i])) diff++;
    assert.equal(diff, 0, `${diff} of ${FRAMES * 70} features differ between host C and the reference`);
    // band-frames sitting on the floor (within 0.05 of log10(floor)): many under 1e-2, none under 1e-8
    const onFloor = (fs_: Float32Array[], floor: number) =>
      fs_.slice(20).reduce((n, v) => n + v.subarray(0, 34).filter((x) => x < Math.log10(floor) + 0.05).length, 0);
    const total = (FRAMES - 20) * 34;
    const def = onFloor(jsFeat(1e-2), 1e-2);
    assert.ok(def > total * 0.2, `default floor: ${def} of ${total} band-frames on it`);
    assert.equal(onFloor(low, 1e-8), 0, "1e-8 floor: no band-frame on it");
  });

  it("training's int8 inputs (dataset.prepare) = the subset glue's (exact JS)", async function () {
    const G = await mod("nn/glue");
    const code = `import json, numpy as np
from models.train import dataset
d = dataset.prepare(${JSON.stringify(pnft)})
print(json.dumps(dict(q=d["q"].reshape(-1).tolist(), mean=[float(v) for v in d["mean"]], gain=[float(v) for v in d["gain"]])))`;
    const r = JSON.parse(execFileSync(PY, ["-c", code], { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 26 }).trim().split("\n").pop()!);
    const { data } = readPnft(pnft);
    const mean = new Float32Array(r.mean);
    const gain = new Float32Array(r.gain);
    const q = new Int8Array(70);
    let diff = 0;
    let sat = 0;
    for (let f = 0; f < FRAMES; f++) {
      G.glue_features_s8(data.subarray(f * 138, f * 138 + 70), mean, gain, 0, q);
      for (let i = 0; i < 70; i++) {
        if (q[i] !== r.q[f * 70 + i]) diff++;
        if (q[i] === 127 || q[i] === -128) sat++;
      }
    }
    assert.equal(diff, 0, `${diff} of ${FRAMES * 70} inputs differ`);
    assert.ok(sat < FRAMES * 70 * 0.05, `saturated inputs: ${sat}`);
    const u = new Float32Array(34);
    G.glue_unit_f32(new Int8Array(34).fill(-128), u);
    assert.equal(u[0], 0);
    G.glue_unit_f32(new Int8Array(34).fill(127), u);
    assert.equal(u[0], 255 / 256);
  });

  it("committed headset model: TFLM (.tflite) = subset module (host C) on real features; a changed weight is caught", function () {
    const model = path.join(REPO, "models/trained/headset");
    const wav = path.join(set, "p0_noisy.wav");
    const ok = spawnSync(PY, ["-m", "models.train.enhance", "--model", model, "--verify", wav], { cwd: REPO, encoding: "utf8" });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /gain\.out: 5100\/5100 values equal/);
    assert.match(ok.stdout, /strength\.out: 5100\/5100 values equal/);
    // the same model with one int8 weight of the gain layer changed in the .tflite only
    const bad = tmp("bad");
    for (const f of ["manifest.json", "model.json", "model.bin", "norm.f32", "model.tflite"]) fs.copyFileSync(path.join(model, f), path.join(bad, f));
    const desc = JSON.parse(fs.readFileSync(path.join(model, "model.json"), "utf8"));
    const gainFc = desc.layers.find((l: { name: string }) => l.name === "gain").fc;
    const bin = fs.readFileSync(path.join(model, "model.bin"));
    const row = bin.subarray(gainFc.w.offset, gainFc.w.offset + gainFc.cols * 4);
    const tfl = fs.readFileSync(path.join(bad, "model.tflite"));
    const at = tfl.indexOf(row);
    assert.ok(at > 0, "gain weights found in the .tflite");
    tfl[at] = (tfl[at] + 64) & 0xff;
    fs.writeFileSync(path.join(bad, "model.tflite"), tfl);
    const r = spawnSync(PY, ["-m", "models.train.enhance", "--model", bad, "--verify", wav], { cwd: REPO, encoding: "utf8" });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /gain\.out: 5100\/5100/);
  });

  // The full size's check is the same command, run by hand (its codegen needs a 12 GB Node heap and
  // ~4 minutes: docs/training.md); the m7 size's fits the suite.
  it("committed m7 model: TFLM (.tflite) = subset module (host C) on real features", function () {
    const ok = spawnSync(PY, ["-m", "models.train.enhance", "--model", path.join(REPO, "models/trained/m7"), "--verify", path.join(set, "p0_noisy.wav")], { cwd: REPO, encoding: "utf8" });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /gain\.out: 5100\/5100 values equal/);
    assert.match(ok.stdout, /strength\.out: 5100\/5100 values equal/);
  });
});
