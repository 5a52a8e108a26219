// Differential runner: one subset program through both backends on the same seeded inputs; the
// outputs must agree bit for bit. Programs export
//   run(xf: Float32Array, xi: Int32Array, of: Float32Array, oi: Int32Array): void
// over arrays of ARG_LEN elements (the entry may carry a suffix, e.g. run_0007, for batches).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { compileToDir } from "../../codegen/src/index.ts";
import { buildHost } from "../../codegen/src/host-build.ts";
import { cSymbolName } from "../../codegen/src/c-names.ts";
import { rng as seededRng } from "../../firmware/kernels/seeded-random.ts";

export const ARG_LEN = 64;

/** Uniform numbers in [0, 1) from the tests' one seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  const r = seededRng(seed);
  return () => r.u32() / 4294967296;
}

const F_EDGES = [0, -0, NaN, Infinity, -Infinity, 1e-40, -1e-40, 1.4e-45, 3.4028234663852886e38, -3.4028234663852886e38, 1.1754943508222875e-38, 0.5, -0.5, 1, -1, 2147483648, -2147483904, 16777217, 1e10, 0.1];
const I_EDGES = [0, 1, -1, 2, 31, 32, 33, -32, 2147483647, -2147483648, 65535, 32767, -32768, 127, -128, 255, 3, 7];

/** Seeded inputs mixing ordinary values with every numeric edge case. */
export function inputs(seed: number, trials: number): { xf: Float32Array; xi: Int32Array }[] {
  const r = rng(seed);
  const out: { xf: Float32Array; xi: Int32Array }[] = [];
  for (let t = 0; t < trials; t++) {
    const xf = new Float32Array(ARG_LEN);
    const xi = new Int32Array(ARG_LEN);
    for (let i = 0; i < ARG_LEN; i++) {
      const k = r();
      xf[i] = k < 0.2 ? F_EDGES[Math.floor(r() * F_EDGES.length)] : k < 0.5 ? (r() - 0.5) * 4 : k < 0.7 ? Math.floor((r() - 0.5) * 200) : (r() - 0.5) * 10 ** Math.floor(r() * 20 - 10);
      const q = r();
      xi[i] = q < 0.25 ? I_EDGES[Math.floor(r() * I_EDGES.length)] : q < 0.6 ? Math.floor((r() - 0.5) * 200) : (r() * 4294967296) | 0;
    }
    out.push({ xf, xi });
  }
  return out;
}

export interface Outputs {
  of: Uint32Array;
  oi: Int32Array;
}

function canonicalBits(of: Float32Array): Uint32Array {
  const bits = new Uint32Array(of.buffer.slice(0));
  for (let i = 0; i < of.length; i++) if (Number.isNaN(of[i])) bits[i] = 0x7fc00000; // NaN payloads are unspecified
  return bits;
}

export interface DiffProgram {
  /** Module name below the compile root (file name without .ts). */
  module: string;
  entry: string;
}

export interface CompiledBatch {
  dir: string;
  programs: DiffProgram[];
}

/** Compile spec files and write both outputs into a fresh temp folder. Throws on diagnostics. */
export function compileBatch(files: string[], programs: DiffProgram[]): CompiledBatch {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-diff-"));
  compileToDir(files, dir); // throws SubsetError listing every diagnostic
  return { dir, programs };
}

/** Run every program of a batch in the exact-JS reference. */
export async function runJs(batch: CompiledBatch, ins: { xf: Float32Array; xi: Int32Array }[]): Promise<Outputs[][]> {
  const results: Outputs[][] = [];
  for (const p of batch.programs) {
    const mod = await import(pathToFileURL(path.join(batch.dir, "js", `${p.module}.mjs`)).href);
    const outs: Outputs[] = [];
    for (const { xf, xi } of ins) {
      const of = new Float32Array(ARG_LEN);
      const oi = new Int32Array(ARG_LEN);
      mod[p.entry](new Float32Array(xf), new Int32Array(xi), of, oi);
      outs.push({ of: canonicalBits(of), oi });
    }
    results.push(outs);
  }
  return results;
}

/** Build one host binary for the batch and run every program on the same inputs. */
export function runC(batch: CompiledBatch, ins: { xf: Float32Array; xi: Int32Array }[]): Outputs[][] {
  const includes = [...new Set(batch.programs.map((p) => `#include "${p.module}.h"`))].join("\n");
  const calls = batch.programs.map((p) => `      case ${batch.programs.indexOf(p)}: ${cSymbolName(p.entry)}(xf, xi, of, oi); break;`).join("\n");
  const driver = `#include <stdio.h>
#include <string.h>
${includes}
int main(void) {
  int32_t nprog, trials;
  float xf[${ARG_LEN}], of[${ARG_LEN}];
  int32_t xi[${ARG_LEN}], oi[${ARG_LEN}];
  static unsigned char in[1 << 24];
  size_t n = fread(in, 1, sizeof in, stdin);
  (void)n;
  memcpy(&nprog, in, 4);
  memcpy(&trials, in + 4, 4);
  for (int32_t p = 0; p < nprog; p++) {
    for (int32_t t = 0; t < trials; t++) {
      memcpy(xf, in + 8 + (size_t)t * ${ARG_LEN * 8}, ${ARG_LEN * 4});
      memcpy(xi, in + 8 + (size_t)t * ${ARG_LEN * 8} + ${ARG_LEN * 4}, ${ARG_LEN * 4});
      memset(of, 0, sizeof of);
      memset(oi, 0, sizeof oi);
      switch (p) {
${calls}
      }
      fwrite(of, 4, ${ARG_LEN}, stdout);
      fwrite(oi, 4, ${ARG_LEN}, stdout);
    }
  }
  return 0;
}
`;
  const drv = path.join(batch.dir, "driver.c");
  fs.writeFileSync(drv, driver);
  const exe = buildHost({ cDir: path.join(batch.dir, "c"), extra: [drv], exe: path.join(batch.dir, "diff.exe") });
  const buf = Buffer.alloc(8 + ins.length * ARG_LEN * 8);
  buf.writeInt32LE(batch.programs.length, 0);
  buf.writeInt32LE(ins.length, 4);
  ins.forEach(({ xf, xi }, t) => {
    Buffer.from(xf.buffer, xf.byteOffset, xf.byteLength).copy(buf, 8 + t * ARG_LEN * 8);
    Buffer.from(xi.buffer, xi.byteOffset, xi.byteLength).copy(buf, 8 + t * ARG_LEN * 8 + ARG_LEN * 4);
  });
  const out = execFileSync(exe, { input: buf, maxBuffer: 1 << 28 });
  const results: Outputs[][] = [];
  let off = 0;
  for (let p = 0; p < batch.programs.length; p++) {
    const outs: Outputs[] = [];
    for (let t = 0; t < ins.length; t++) {
      const of = new Float32Array(out.buffer.slice(out.byteOffset + off, out.byteOffset + off + ARG_LEN * 4));
      const oi = new Int32Array(out.buffer.slice(out.byteOffset + off + ARG_LEN * 4, out.byteOffset + off + ARG_LEN * 8));
      outs.push({ of: canonicalBits(of), oi });
      off += ARG_LEN * 8;
    }
    results.push(outs);
  }
  return results;
}

/** First difference between two output sets, described for a failure message; undefined if equal. */
export function firstDifference(js: Outputs[], c: Outputs[]): string | undefined {
  for (let t = 0; t < js.length; t++) {
    for (let i = 0; i < ARG_LEN; i++) {
      if (js[t].of[i] !== c[t].of[i]) return `trial ${t}: of[${i}] JS bits 0x${js[t].of[i].toString(16)} vs C 0x${c[t].of[i].toString(16)}`;
      if (js[t].oi[i] !== c[t].oi[i]) return `trial ${t}: oi[${i}] JS ${js[t].oi[i]} vs C ${c[t].oi[i]}`;
    }
  }
  return undefined;
}
