// The kernels' per-core exact test: each kernel folder's test registers seeded cases (arguments in
// the prelude's parameter order) with describeExactOnBoards; per board, one firmware image (every
// kernel, the board's product defines: its CMSIS-DSP variant and per-core kernels) runs the cases
// of every registered kernel in QEMU, and each kernel's test compares its own cases bit for bit
// with the prelude's reference run on the same inputs: every element of every array the kernel
// writes (the bytes it must leave alone included) and the return value.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { kernelTable, type Kernel } from "../../codegen/src/kernel-table.ts";
import { kernelSources, REPO_ROOT, RUNTIME_DIR } from "../../codegen/src/host-build.ts";
import * as prelude from "../../spec/prelude.ts";
import { loadBoard, simulate } from "../../sim/index.ts";
import { cmsisFor, kernelDefinesFor } from "../../sim/c-build/product.ts";
import { HOP, kernelCallPayload, LOAD_BYTES, OP, PAYLOAD_BUFFER_BYTES, READ_BYTES } from "./kernel-call-payload.ts";

/** The simulated cores, one image each. */
export const BOARDS = ["m4f", "m7", "m55", "a53"] as const;
const TMP = path.join(REPO_ROOT, "build", "test-kernels-exact");

export type KernelArray = Float32Array | Int32Array | Int16Array | Int8Array;
export interface KernelCase {
  name: string;
  /** The prelude's parameters in order: typed arrays and numbers (an f32 as its value). */
  args: (KernelArray | number)[];
}

interface Expected {
  ret: number;
  /** Per written array parameter: its bytes after the reference ran. */
  written: Map<number, Uint8Array>;
}

const bytesOf = (a: KernelArray): Uint8Array => new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
const f32Bits = (v: number): number => new Int32Array(Float32Array.of(v).buffer)[0];
const clone = (a: KernelArray | number): KernelArray | number => (typeof a === "number" ? a : a.slice());

function reference(k: Kernel, c: KernelCase): Expected {
  const args = c.args.map(clone);
  const fn = (prelude as unknown as Record<string, (...a: unknown[]) => number | void>)[k.intrinsic];
  const r = fn(...args);
  const ret = k.ret.kind === "void" ? 0 : k.ret.kind === "scalar" && k.ret.name === "f32" ? f32Bits(r as number) : (r as number) | 0;
  const written = new Map<number, Uint8Array>();
  k.params.forEach((p, i) => p.written && written.set(i, bytesOf(args[i] as KernelArray)));
  return { ret, written };
}

/** Where one case's frames are: its CALL frame and, per written array, its READ frames. */
interface Placed {
  call: number;
  reads: Map<number, { frames: number[]; bytes: number }>;
}

function word(f: Int16Array, at: number, v: number): void {
  f[at] = v & 0xffff;
  f[at + 1] = (v >>> 16) & 0xffff;
}

/** Encode one case: LOAD every array (16-byte aligned), CALL, READ every written array. */
function encode(k: Kernel, index: number, c: KernelCase, frames: Int16Array[]): Placed {
  if (c.args.length !== k.params.length) throw new Error(`${k.intrinsic} ${c.name}: ${c.args.length} arguments, the prelude has ${k.params.length}`);
  let at = 0;
  const offsets = c.args.map((a) => {
    if (typeof a === "number") return 0;
    const o = at;
    at = Math.ceil((at + a.byteLength) / 16) * 16;
    return o;
  });
  if (at > PAYLOAD_BUFFER_BYTES) throw new Error(`${k.intrinsic} ${c.name}: needs ${at} bytes, the payload has ${PAYLOAD_BUFFER_BYTES}`);
  c.args.forEach((a, i) => {
    if (typeof a === "number") return;
    const b = bytesOf(a);
    for (let o = 0; o < b.length; o += LOAD_BYTES) {
      const f = new Int16Array(HOP);
      const n = Math.min(LOAD_BYTES, b.length - o);
      f[0] = OP.load;
      f[1] = n;
      word(f, 2, offsets[i] + o);
      for (let j = 0; j < n; j++) f[4 + (j >> 1)] |= b[o + j] << (j & 1 ? 8 : 0);
      frames.push(f);
    }
  });
  const call = new Int16Array(HOP);
  call[0] = OP.call;
  call[1] = index;
  c.args.forEach((a, i) => {
    const p = k.params[i];
    word(call, 2 + 2 * i, typeof a !== "number" ? offsets[i] : p.type.kind === "scalar" && p.type.name === "f32" ? f32Bits(a) : a | 0);
  });
  const placed: Placed = { call: frames.length, reads: new Map() };
  frames.push(call);
  k.params.forEach((p, i) => {
    if (!p.written) return;
    const bytes = (c.args[i] as KernelArray).byteLength;
    const idx: number[] = [];
    for (let o = 0; o < bytes; o += READ_BYTES) {
      const f = new Int16Array(HOP);
      f[0] = OP.read;
      f[1] = Math.min(READ_BYTES, bytes - o);
      word(f, 2, offsets[i] + o);
      idx.push(frames.length);
      frames.push(f);
    }
    placed.reads.set(i, { frames: idx, bytes });
  });
  return placed;
}

const registered = new Map<string, KernelCase[]>();

interface BoardRun {
  defines: string[];
  /** Per kernel, per case: the return value and the written arrays' bytes the board gave. */
  results: Map<string, Expected[]>;
}
const runs = new Map<string, Promise<BoardRun>>();

/** One image and one QEMU run per board for every registered kernel's cases (memoized). */
function boardRun(board: string): Promise<BoardRun> {
  let r = runs.get(board);
  if (!r) runs.set(board, (r = runAll(board)));
  return r;
}

async function runAll(board: string): Promise<BoardRun> {
  const table = kernelTable();
  const profile = loadBoard(board);
  const cmsis = cmsisFor(profile.cmsisDsp.variant);
  const defines = [...cmsis.defines, ...kernelDefinesFor(profile.features)];
  fs.mkdirSync(TMP, { recursive: true });
  const payload = path.join(TMP, "kernel_call_payload.c");
  fs.writeFileSync(payload, kernelCallPayload(table));
  const frames: Int16Array[] = [];
  const placed = new Map<string, Placed[]>();
  for (const [intrinsic, cases] of registered) {
    const index = table.findIndex((k) => k.intrinsic === intrinsic);
    placed.set(intrinsic, cases.map((c) => encode(table[index], index, c, frames)));
  }
  const pcm = path.join(TMP, `${board}.pcm`);
  const all = new Int16Array(frames.length * HOP);
  frames.forEach((f, i) => all.set(f, i * HOP));
  fs.writeFileSync(pcm, Buffer.from(all.buffer));
  const sim = await simulate({ board, sources: [payload, ...kernelSources()], includeDirs: [RUNTIME_DIR], defines, cmsis: cmsis.cmsis, inputPcm: pcm, timeoutS: 600 });
  const out = new Int16Array(sim.output.buffer.slice(sim.output.byteOffset, sim.output.byteOffset + sim.output.byteLength));
  if (out.length !== all.length) throw new Error(`${board}: output has ${out.length} samples, input ${all.length}`);
  const frameBytes = (i: number): Uint8Array => new Uint8Array(out.buffer, i * HOP * 2, HOP * 2);
  const results = new Map<string, Expected[]>();
  for (const [intrinsic, ps] of placed) {
    results.set(
      intrinsic,
      ps.map((p) => {
        const written = new Map<number, Uint8Array>();
        for (const [i, { frames: fs_, bytes }] of p.reads) {
          const b = new Uint8Array(bytes);
          fs_.forEach((fi, j) => b.set(frameBytes(fi).subarray(0, Math.min(READ_BYTES, bytes - j * READ_BYTES)), j * READ_BYTES));
          written.set(i, b);
        }
        return { ret: (out[p.call * HOP] & 0xffff) | (out[p.call * HOP + 1] << 16), written };
      }),
    );
  }
  return { defines, results };
}

function describeMismatch(k: Kernel, c: KernelCase, want: Expected, got: Expected): string | undefined {
  if (want.ret !== got.ret) return `${c.name}: returned bits 0x${(got.ret >>> 0).toString(16)}, reference 0x${(want.ret >>> 0).toString(16)}`;
  for (const [i, w] of want.written) {
    const g = got.written.get(i)!;
    const at = w.findIndex((b, j) => b !== g[j]);
    if (at < 0) continue;
    const a = c.args[i] as KernelArray;
    const e = Math.floor(at / a.BYTES_PER_ELEMENT);
    const view = (b: Uint8Array) => new (a.constructor as new (b: ArrayBuffer) => KernelArray)(b.slice().buffer)[e];
    return `${c.name}: ${k.params[i].name}[${e}] = ${view(g)}, reference ${view(w)}`;
  }
  return undefined;
}

/**
 * The exact per-core test of one kernel: `cases` run on every board (one shared image per board)
 * and must give the reference's bits. Call at the top level of the kernel folder's test file.
 */
export function describeExactOnBoards(intrinsic: string, cases: KernelCase[]): void {
  if (registered.has(intrinsic)) throw new Error(`${intrinsic}: cases registered twice`);
  registered.set(intrinsic, cases);
  describe(`pn_${intrinsic} on every core in QEMU: bit-exact with the prelude's ${intrinsic}`, function () {
    this.timeout(900_000);
    let kernel: Kernel;
    before(function () {
      kernel = kernelTable().find((k) => k.intrinsic === intrinsic)!;
      assert.ok(kernel, `firmware/kernels/${intrinsic}/ is not in the kernel table`);
    });
    for (const board of BOARDS) {
      it(`${board}: ${cases.length} seeded cases, the return value and every byte of the written arrays equal the reference`, async function () {
        const run = await boardRun(board);
        const got = run.results.get(intrinsic)!;
        const bad = cases.map((c, i) => describeMismatch(kernel, c, reference(kernel, c), got[i])).filter((m) => m !== undefined);
        assert.deepEqual(bad.slice(0, 8), [], `${board} (${run.defines.join(" ") || "no defines"}): ${bad.length} of ${cases.length} cases differ`);
        this.test!.title += ` (${run.defines.join(" ") || "portable"})`;
      });
    }
  });
}
