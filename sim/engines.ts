/**
 * The two host engines of `percepnet denoise`: the exact-JS reference (`ref`) and the generated C
 * built for this machine (`host`). Both run spec/enhancer.ts frame by frame with the same framing
 * as the firmware: 480-sample frames, the last one zero-padded, output as long as the input.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { buildHost } from "../codegen/src/host-build.ts";
import { generatedSpec } from "./spec-build.ts";

export const HOP = 480;

export interface EnhanceJob {
  noisy: Int16Array;
  /** The clean reference: oracle mode. */
  clean?: Int16Array;
  comb: boolean;
  postfilter: boolean;
  onFrame?: (done: number, total: number) => void;
}

export type Engine = "ref" | "host";

function frameOf(x: Int16Array, f: number): Int16Array {
  const out = new Int16Array(HOP);
  out.set(x.subarray(f * HOP, Math.min(x.length, (f + 1) * HOP)));
  return out;
}

export async function runReference(job: EnhanceJob): Promise<Int16Array> {
  if (!job.clean) throw new Error("the reference needs gains: pass the clean reference (oracle mode)");
  const gen = generatedSpec();
  const m = await import(pathToFileURL(path.join(gen.jsDir, "enhancer.mjs")).href);
  const st = new m.EnhancerState();
  m.enhancer_init(st, job.comb, job.postfilter);
  const frames = Math.ceil(job.noisy.length / HOP);
  const out = new Int16Array(frames * HOP);
  const y = new Int16Array(HOP);
  for (let f = 0; f < frames; f++) {
    m.enhancer_frame_oracle_s16(st, frameOf(job.noisy, f), frameOf(job.clean, f), y);
    out.set(y, f * HOP);
    job.onFrame?.(f + 1, frames);
  }
  return out.subarray(0, job.noisy.length);
}

const DRIVER = `/* Host driver of percepnet denoise --engine host: frames on stdin, frames on stdout. */
#include <stdio.h>
#include "enhancer.h"

static EnhancerState st;

int main(void) {
  int32_t hdr[3];
  int16_t x[480], c[480], y[480];
  if (fread(hdr, 4, 3, stdin) != 3) return 2;
  enhancer_init(&st, hdr[1] != 0, hdr[2] != 0);
  for (int32_t f = 0; f < hdr[0]; f++) {
    if (fread(x, 2, 480, stdin) != 480 || fread(c, 2, 480, stdin) != 480) return 3;
    enhancer_frame_oracle_s16(&st, x, c, y);
    fwrite(y, 2, 480, stdout);
  }
  return 0;
}
`;

export function hostEnhancer(): string {
  const gen = generatedSpec();
  const exe = path.join(gen.dir, "host", "enhance");
  if (!fs.existsSync(exe)) {
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    const drv = path.join(gen.dir, "host", "driver.c");
    fs.writeFileSync(drv, DRIVER);
    buildHost({ cDir: gen.cDir, extra: [drv], exe: exe + ".tmp" });
    fs.renameSync(exe + ".tmp", exe);
  }
  return exe;
}

export async function runHost(job: EnhanceJob): Promise<Int16Array> {
  if (!job.clean) throw new Error("the host engine needs gains: pass the clean reference (oracle mode)");
  const exe = hostEnhancer();
  const frames = Math.ceil(job.noisy.length / HOP);
  const input = Buffer.alloc(12 + frames * HOP * 4);
  input.writeInt32LE(frames, 0);
  input.writeInt32LE(job.comb ? 1 : 0, 4);
  input.writeInt32LE(job.postfilter ? 1 : 0, 8);
  for (let f = 0; f < frames; f++) {
    const x = frameOf(job.noisy, f);
    const c = frameOf(job.clean, f);
    Buffer.from(x.buffer).copy(input, 12 + f * HOP * 4);
    Buffer.from(c.buffer).copy(input, 12 + f * HOP * 4 + HOP * 2);
  }
  const out = execFileSync(exe, { input, maxBuffer: 1 << 30 });
  job.onFrame?.(frames, frames);
  const y = new Int16Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
  return y.subarray(0, job.noisy.length);
}

export function runEngine(engine: Engine, job: EnhanceJob): Promise<Int16Array> {
  return engine === "ref" ? runReference(job) : runHost(job);
}
