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
  /** Without a clean reference: the trained network (default) or the baseline noise-floor rule. */
  gains?: "net" | "baseline";
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

/** Which gains a run uses: the oracle's (clean reference given), the network's or the baseline rule's. */
export function modeOf(job: EnhanceJob): "oracle" | "net" | "baseline" {
  return job.clean ? "oracle" : (job.gains ?? "net");
}

const MODE_CODE = { baseline: 0, oracle: 1, net: 2 } as const;

export async function runReference(job: EnhanceJob): Promise<Int16Array> {
  const gen = generatedSpec();
  const m = await import(pathToFileURL(path.join(gen.jsDir, "enhancer.mjs")).href);
  const st = new m.EnhancerState();
  const os = new m.EnhancerOracle();
  m.enhancer_init(st, job.comb, job.postfilter);
  m.enhancer_oracle_init(os);
  const frames = Math.ceil(job.noisy.length / HOP);
  const out = new Int16Array(frames * HOP);
  const y = new Int16Array(HOP);
  for (let f = 0; f < frames; f++) {
    if (job.clean) m.enhancer_frame_oracle_s16(st, os, frameOf(job.noisy, f), frameOf(job.clean, f), y);
    else if (modeOf(job) === "net") m.enhancer_frame_net_s16(st, frameOf(job.noisy, f), y);
    else m.enhancer_frame_baseline_s16(st, frameOf(job.noisy, f), y);
    out.set(y, f * HOP);
    job.onFrame?.(f + 1, frames);
  }
  return out.subarray(0, job.noisy.length);
}

const DRIVER = `/* Host driver of percepnet denoise --engine host: frames on stdin, frames on stdout. */
#include <stdio.h>
#include "enhancer.h"

static EnhancerState st;
static EnhancerOracle os;

/* Header: frames, comb, postfilter, mode (0 baseline, 1 oracle, 2 network). Then per frame 480
   noisy samples (and 480 clean in oracle mode). */
int main(void) {
  int32_t hdr[4];
  int16_t x[480], c[480], y[480];
  if (fread(hdr, 4, 4, stdin) != 4) return 2;
  pn_enhancer_init(&st, hdr[1] != 0, hdr[2] != 0);
  pn_enhancer_oracle_init(&os);
  for (int32_t f = 0; f < hdr[0]; f++) {
    if (fread(x, 2, 480, stdin) != 480) return 3;
    if (hdr[3] == 1) {
      if (fread(c, 2, 480, stdin) != 480) return 3;
      pn_enhancer_frame_oracle_s16(&st, &os, x, c, y);
    } else if (hdr[3] == 2) {
      pn_enhancer_frame_net_s16(&st, x, y);
    } else {
      pn_enhancer_frame_baseline_s16(&st, x, y);
    }
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
  const exe = hostEnhancer();
  const frames = Math.ceil(job.noisy.length / HOP);
  const per = job.clean ? HOP * 4 : HOP * 2;
  const input = Buffer.alloc(16 + frames * per);
  input.writeInt32LE(frames, 0);
  input.writeInt32LE(job.comb ? 1 : 0, 4);
  input.writeInt32LE(job.postfilter ? 1 : 0, 8);
  input.writeInt32LE(MODE_CODE[modeOf(job)], 12);
  for (let f = 0; f < frames; f++) {
    Buffer.from(frameOf(job.noisy, f).buffer).copy(input, 16 + f * per);
    if (job.clean) Buffer.from(frameOf(job.clean, f).buffer).copy(input, 16 + f * per + HOP * 2);
  }
  const out = execFileSync(exe, { input, maxBuffer: 1 << 30 });
  job.onFrame?.(frames, frames);
  const y = new Int16Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
  return y.subarray(0, job.noisy.length);
}

export function runEngine(engine: Engine, job: EnhanceJob): Promise<Int16Array> {
  return engine === "ref" ? runReference(job) : runHost(job);
}
