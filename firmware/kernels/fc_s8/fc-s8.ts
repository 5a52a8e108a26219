/**
 * pn_fc_s8 kernels under QEMU: seeded random cases, their encoding into the test payload's
 * command frames (fc_s8_payload.c, next to this file), the run, and the expected outputs from
 * the prelude's fc_s8 (the exact reference). Shared by the exactness test and the cost bench.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fc_s8, I32_MAX, I32_MIN, requantize } from "../../../spec/prelude.ts";
import { loadBoard, simulate } from "../../../sim/index.ts";
import type { SimReport } from "../../../sim/index.ts";
import { kernelDefinesFor } from "../../../sim/c-build/product.ts";
import { REPO_ROOT } from "../../../sim/c-build/toolchain.ts";
import { rng } from "../seeded-random.ts";

export const PAYLOAD = path.join(REPO_ROOT, "firmware", "kernels", "fc_s8", "fc_s8_payload.c");
export const KERNEL_SOURCES = ["pn_fc_s8.c", "pn_fc_s8_dsp.c", "pn_fc_s8_mve.c", "pn_fc_s8_neon.c"].map((f) =>
  path.join(REPO_ROOT, "firmware", "kernels", "fc_s8", f),
);
export const TMP = path.join(REPO_ROOT, "build", "test-kernels");

const HOP = 480;
const LOAD_BYTES = 2 * (HOP - 4);
const BUF_BYTES = 160 * 1024;

export interface FcCase {
  name: string;
  rows: number;
  cols: number;
  xo: number;
  oo: number;
  xZero: number;
  outZero: number;
  actMin: number;
  actMax: number;
  x: Int8Array; // length xo + cols
  w: Int8Array; // rows * cols
  bias: Int32Array;
  mult: Int32Array;
  shift: Int32Array;
  /** The out region as loaded (guard bytes everywhere; the kernel writes [oo, oo + rows)). */
  out0: Int8Array;
}

/** The reference's output region: out0 with rows oo..oo+rows-1 written by the prelude's fc_s8. */
export function expected(c: FcCase): Int8Array {
  const o = Int8Array.from(c.out0);
  fc_s8(c.x, c.xo, c.w, c.bias, c.mult, c.shift, c.rows, c.cols, o, c.oo, c.xZero, c.outZero, c.actMin, c.actMax);
  return o;
}

/** Column counts that hit every tail of the 4-, 8- and 16-column steps, and a few long rows. */
export const COLS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 19, 23, 24, 25, 31, 32, 33, 40, 47, 48, 49, 63, 64, 65, 70, 96, 127, 128, 129, 192, 255, 256, 320, 384];

/**
 * Profiles. "centered" draws x, w and the offset as "extreme" does, then sets each row's bias to
 * minus its Σ (x + x_zero)·w (mod 2^32) plus a small value, with requantize(v, 2^30, 1) = v and
 * out_zero 0: the output is the accumulator's low end itself, so an accumulator wrong by any
 * amount (not a multiple of 2^32) changes an output, where the other profiles' scaling and
 * clamping could hide small errors.
 */
type Profile = "realistic" | "saturating" | "extreme" | "centered";

/** Σ (x + x_zero)·w of row r, wrapping as the reference (no bias). */
export function rowSum(c: FcCase, r: number): number {
  let acc = 0;
  for (let k = 0; k < c.cols; k++) acc = (acc + Math.imul(c.x[c.xo + k] + c.xZero, c.w[r * c.cols + k])) | 0;
  return acc;
}

/** Make a case's accumulators visible in its outputs (see "centered"). */
export function center(c: FcCase, seed: number): FcCase {
  const r = rng(seed);
  c.outZero = 0;
  c.actMin = -128;
  c.actMax = 127;
  for (let k = 0; k < c.rows; k++) {
    c.bias[k] = (r.int(-120, 120) - rowSum(c, k)) | 0;
    c.mult[k] = 1 << 30;
    c.shift[k] = 1;
  }
  c.name = `centered#${seed} ${c.rows}x${c.cols} xz=${c.xZero}`;
  return c;
}

function fill8(r: ReturnType<typeof rng>, n: number, mode: number): Int8Array {
  const a = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    switch (mode) {
      case 0: a[i] = r.int(-128, 127); break; // uniform
      case 1: a[i] = 127; break;
      case 2: a[i] = -128; break;
      case 3: a[i] = r.chance(0.5) ? 127 : -128; break;
      default: a[i] = Math.max(-128, Math.min(127, Math.round(40 * gauss(r)))); // realistic weights
    }
  }
  return a;
}
function gauss(r: ReturnType<typeof rng>): number {
  const u = (r.u32() + 1) / 4294967297, v = r.u32() / 4294967296;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
const i32 = (r: ReturnType<typeof rng>): number => r.u32() | 0;

/** One seeded case; `shape` forces rows/cols (else drawn). */
export function makeCase(seed: number, profile: Profile, shape?: { rows: number; cols: number }): FcCase {
  if (profile === "centered") return center(makeCase(seed, "extreme", shape), seed ^ 0x5bd1e995);
  const r = rng(seed);
  const rows = shape?.rows ?? r.int(1, 70);
  const cols = shape?.cols ?? (r.chance(0.6) ? r.pick(COLS) : r.int(1, 400));
  const xo = r.int(0, 9);
  const oo = r.int(0, 9);
  let xZero: number, outZero: number, actMin = -128, actMax = 127;
  let xMode: number, wMode: number;
  const bias = new Int32Array(rows), mult = new Int32Array(rows), shift = new Int32Array(rows);
  if (profile === "realistic") {
    xZero = r.int(-127, 128); // TFLM input offset = -zero point
    outZero = r.int(-128, 127);
    xMode = 0;
    wMode = 4;
    for (let k = 0; k < rows; k++) {
      bias[k] = r.int(-20000, 20000);
      mult[k] = r.int(1 << 30, I32_MAX);
      shift[k] = r.int(-14, 1);
    }
    if (r.chance(0.3)) actMin = outZero; // fused RELU
  } else if (profile === "saturating") {
    // Inputs and weights at the int8 limits, biases near the int32 limits: the accumulator wraps.
    xZero = r.pick([-128, -127, 127, 128, 255, -255, 32640, -32640, 0]);
    outZero = r.int(-128, 127);
    xMode = r.int(1, 3);
    wMode = r.int(1, 3);
    for (let k = 0; k < rows; k++) {
      bias[k] = r.pick([I32_MAX, I32_MIN, I32_MAX - r.int(0, 1 << 20), I32_MIN + r.int(0, 1 << 20), i32(r)]);
      mult[k] = r.pick([I32_MAX, 1 << 30, r.int(1 << 30, I32_MAX)]);
      shift[k] = r.int(-31, 31);
    }
  } else {
    // Offsets past every lane width a kernel might use, any int32 multiplier, shifts at both ends.
    xZero = r.pick([32640, -32640, 32641, -32641, 32767, -32768, 65536, I32_MAX, I32_MIN, i32(r), i32(r), r.int(-1000, 1000)]);
    outZero = r.pick([I32_MAX, I32_MIN, 0, -128, 127, i32(r), r.int(-300, 300)]);
    xMode = r.pick([0, 0, 1, 2, 3]);
    wMode = r.pick([0, 0, 1, 2, 3, 4]);
    const a = r.int(-128, 127), b = r.int(-128, 127);
    [actMin, actMax] = r.chance(0.5) ? [Math.min(a, b), Math.max(a, b)] : [-128, 127];
    for (let k = 0; k < rows; k++) {
      bias[k] = r.chance(0.3) ? r.pick([I32_MAX, I32_MIN, 0, -1]) : i32(r);
      mult[k] = r.pick([I32_MAX, I32_MIN, 1 << 30, 0, 1, -1, i32(r), r.int(1 << 30, I32_MAX)]);
      shift[k] = r.pick([-31, 31, 0, -1, 1, r.int(-31, 31), r.int(-31, 31)]);
    }
  }
  const x = new Int8Array(xo + cols);
  x.set(fill8(r, xo, 0), 0);
  x.set(fill8(r, cols, xMode), xo);
  const w = fill8(r, rows * cols, wMode);
  const out0 = fill8(r, oo + rows + 8, 0);
  return { name: `${profile}#${seed} ${rows}x${cols} xz=${xZero}`, rows, cols, xo, oo, xZero, outZero, actMin, actMax, x, w, bias, mult, shift, out0 };
}

/** Cases that prove the exactness claims: every row count 1..70, the column tails, the profiles. */
export function exactnessCases(seed: number): FcCase[] {
  const cases: FcCase[] = [];
  const profiles: Profile[] = ["realistic", "saturating", "extreme", "centered"];
  const n = 70 * profiles.length * 6;
  for (let i = 0; i < n; i++) {
    const p = profiles[i % profiles.length];
    // rows sweep 1..70 six times per profile; cols cycle through the tail list, then random.
    const j = Math.floor(i / profiles.length);
    const shape = { rows: 1 + (j % 70), cols: j < COLS.length ? COLS[j] : rng(seed * 7919 + i).int(1, 400) };
    cases.push(makeCase(seed * 100003 + i, p, shape));
  }
  // Rows longer than 2048 columns (the NEON kernel widens its int16 Σ w every 2048), weights all
  // -128 or 127 so that Σ w reaches the int16 limits, offsets that make x_zero·Σ w wrap, and
  // centered so that any error in Σ w shows.
  for (const [k, cols] of [[0, 2048], [1, 2109], [2, 4133], [3, 2064]] as const) {
    const c = makeCase(seed * 100003 + 9000 + k, "saturating", { rows: 4 + k, cols });
    c.w.fill(k === 1 ? 127 : -128);
    c.xZero = [-32640, 32641, I32_MAX, I32_MIN][k];
    cases.push(center(c, seed + k));
  }
  // x_zero = 0, as every FC input of the headset network (models/trained/headset/model.json): kernels may
  // drop Σ w then, and the NEON kernel adds two products in int16 unless x is -128 in columns c
  // and c + 8 of a 16-column step. Rows 1..70 twice, every tail; x at ±127, uniform without -128,
  // with one -128, with a -128 pair 8 apart, or saturating; weights at -128/127 or uniform; centered so that any
  // accumulator error shows, and half of them realistic (requantized, clamped).
  for (let i = 0; i < 140; i++) {
    const r = rng(seed * 31 + 70000 + i);
    const shape = { rows: 1 + (i % 70), cols: i < COLS.length ? COLS[i] : r.int(1, 400) };
    const c = makeCase(seed * 100003 + 30000 + i, i % 2 ? "saturating" : "realistic", shape);
    c.xZero = 0;
    const xm = r.int(0, 3);
    for (let k = 0; k < c.cols; k++) {
      const v = xm === 0 ? r.int(-127, 127) : xm === 1 ? (r.chance(0.5) ? 127 : -127) : xm === 2 ? -127 : c.x[c.xo + k];
      c.x[c.xo + k] = xm < 3 && v === -128 ? -127 : v;
    }
    if (r.chance(0.3)) c.x[c.xo + r.int(0, c.cols - 1)] = -128;
    if (r.chance(0.2) && c.cols > 8) {
      const k = r.int(0, Math.min(7, c.cols - 9));
      c.x[c.xo + k] = c.x[c.xo + k + 8] = -128; // the int16 pair limit of the NEON fast path
    }
    if (r.chance(0.3)) c.w.fill(r.chance(0.5) ? -128 : 127);
    cases.push(i % 4 < 2 ? center(c, seed * 13 + i) : c);
  }
  // Requantization made visible: one row, any accumulator, any multiplier, shifts at both ends,
  // out_zero set so the output is the requantized value's low end itself (kernels may implement
  // the requantization in another form than the prelude's; every result must still be its).
  for (let i = 0; i < 600; i++) {
    const r = rng(seed * 7 + 50000 + i);
    const c = makeCase(seed * 100003 + 20000 + i, "extreme", { rows: 1, cols: r.pick([1, 4, 5, 16, 17, 64]) });
    c.bias[0] = r.chance(0.2) ? r.pick([I32_MAX, I32_MIN, 0, -1, 1]) : r.u32() | 0;
    c.mult[0] = r.chance(0.3) ? r.pick([I32_MAX, I32_MIN, 1 << 30, 0, 1, -1]) : r.chance(0.5) ? r.int(1 << 30, I32_MAX) : r.u32() | 0;
    c.shift[0] = r.chance(0.3) ? r.pick([-31, 31, 0, -1, 1, 30, -30]) : r.int(-31, 31);
    const acc = (c.bias[0] + rowSum(c, 0)) | 0;
    c.outZero = (r.int(-120, 120) - requantize(acc, c.mult[0], c.shift[0])) | 0;
    c.actMin = -128;
    c.actMax = 127;
    c.name = `requant#${i} acc=${acc} mult=${c.mult[0]} shift=${c.shift[0]}`;
    cases.push(c);
  }
  return cases;
}

export interface Layout {
  x: number;
  w: number;
  bias: number;
  mult: number;
  shift: number;
  out: number;
  end: number;
}

/** Place a case's tensors in the payload buffer: x, w and out at odd offsets (unaligned), int32s aligned. */
function layout(c: FcCase, misalign: number): Layout {
  let at = 0;
  const take = (n: number, align: number, skew = 0): number => {
    at = Math.ceil(at / align) * align + skew;
    const p = at;
    at += n;
    return p;
  };
  const l: Layout = {
    x: take(c.x.length, 16, misalign % 16),
    w: take(c.w.length, 16, (misalign * 7 + 3) % 16),
    bias: take(4 * c.rows, 4),
    mult: take(4 * c.rows, 4),
    shift: take(4 * c.rows, 4),
    out: take(c.out0.length, 16, (misalign * 5 + 1) % 16),
    end: 0,
  };
  l.end = at;
  if (at > BUF_BYTES) throw new Error(`case ${c.name} needs ${at} bytes, the payload buffer has ${BUF_BYTES}`);
  return l;
}

const bytes = (a: Int8Array | Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function loadFrames(at: number, data: Uint8Array): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let o = 0; o < data.length; o += LOAD_BYTES) {
    const n = Math.min(LOAD_BYTES, data.length - o);
    const f = new Int16Array(HOP);
    f[0] = 1;
    f[1] = n;
    f[2] = (at + o) & 0xffff;
    f[3] = (at + o) >>> 16;
    for (let k = 0; k < n; k++) {
      const v = data[o + k];
      const s = 4 + (k >> 1);
      f[s] = k & 1 ? (f[s] & 0xff) | (v << 8) : (f[s] & 0xff00) | v;
    }
    frames.push(f);
  }
  return frames;
}

function runFrame(c: FcCase, l: Layout, repeat: number): Int16Array {
  const f = new Int16Array(HOP);
  f[0] = 2;
  const p = [c.rows, c.cols, c.xo, c.oo, c.xZero, c.outZero, c.actMin, c.actMax, l.x, l.w, l.bias, l.mult, l.shift, l.out, repeat, c.out0.length];
  p.forEach((v, k) => {
    f[2 + 2 * k] = v & 0xffff;
    f[3 + 2 * k] = (v >>> 16) & 0xffff;
  });
  return f;
}

/** A program: command frames, and for each case the frame indices of its runs. */
export interface Program {
  frames: Int16Array[];
  runs: { c: FcCase; frames: number[]; repeats: number[] }[];
}

/** Load each case, then run it once per entry of `repeats` (e.g. [1] to check, [1, 2] to cost). */
export function program(cases: FcCase[], repeats: number[]): Program {
  const frames: Int16Array[] = [];
  const runs: Program["runs"] = [];
  cases.forEach((c, i) => {
    const l = layout(c, i);
    for (const [at, a] of [[l.x, c.x], [l.w, c.w], [l.bias, c.bias], [l.mult, c.mult], [l.shift, c.shift], [l.out, c.out0]] as const)
      frames.push(...loadFrames(at, bytes(a)));
    const idx: number[] = [];
    for (const rep of repeats) {
      // Restore the out region before every run (a run only rewrites the same rows, but keep runs independent).
      frames.push(...loadFrames(l.out, bytes(c.out0)));
      idx.push(frames.length);
      frames.push(runFrame(c, l, rep));
    }
    runs.push({ c, frames: idx, repeats });
  });
  return { frames, runs };
}

export interface KernelRun {
  board: string;
  defines: string[];
  report: SimReport;
  /** The image that ran. */
  elf: string;
  /** Per case, per run: the output region the board returned. */
  outputs: Int8Array[][];
}

/** Build the payload for a board with the given kernel defines, run the program, split the output. */
export async function runProgram(board: string, defines: string[], prog: Program, tag: string): Promise<KernelRun> {
  fs.mkdirSync(TMP, { recursive: true });
  const pcm = path.join(TMP, `${tag}.pcm`);
  const all = new Int16Array(prog.frames.length * HOP);
  prog.frames.forEach((f, i) => all.set(f, i * HOP));
  fs.writeFileSync(pcm, Buffer.from(all.buffer));
  const r = await simulate({
    board,
    sources: [PAYLOAD, ...KERNEL_SOURCES],
    includeDirs: [path.join(REPO_ROOT, "firmware", "runtime")],
    defines,
    cmsis: false,
    inputPcm: pcm,
    timeoutS: 300,
  });
  const out = new Int16Array(r.output.buffer, r.output.byteOffset, r.output.byteLength / 2);
  if (out.length !== all.length) throw new Error(`${board}: output has ${out.length} samples, input ${all.length}`);
  const outputs = prog.runs.map(({ c, frames }) => frames.map((fi) => Int8Array.from(out.subarray(fi * HOP, fi * HOP + c.out0.length))));
  return { board, defines, report: r.report, elf: r.build.elf, outputs };
}

/** The kernel define a board's profile selects (sim/c-build/product.ts), e.g. ["PN_KERNEL_DSP=1"]. */
export function boardKernel(board: string): string[] {
  return kernelDefinesFor(loadBoard(board).features);
}

/** Instructions and modelled cycles of one kernel call: run with repeat 2 minus repeat 1. */
export function perCall(run: KernelRun, caseIndex: number, prog: Program): { instructions: number; cycles: number; byClass: Record<string, number> } {
  const { frames, repeats } = prog.runs[caseIndex];
  const i1 = frames[repeats.indexOf(1)], i2 = frames[repeats.indexOf(2)];
  const ins = run.report.instructions, cyc = run.report.cycles;
  const byClass: Record<string, number> = {};
  ins.classes.forEach((k, j) => (byClass[k] = ins.perFrameByClass[i2][j] - ins.perFrameByClass[i1][j]));
  return { instructions: ins.perFrame[i2] - ins.perFrame[i1], cycles: cyc.perFrame[i2] - cyc.perFrame[i1], byClass };
}
