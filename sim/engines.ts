/**
 * The two host engines of `percepnet denoise`: the exact-JS reference (`ref`) and the generated C
 * built for this machine (`host`). Both run spec/enhancer.ts frame by frame with the same framing
 * as the firmware: 480-sample frames, the last one zero-padded, output as long as the input.
 * Both stream: input blocks in, output blocks out (the host engine through pipes), memory bounded.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { buildHost } from "../codegen/src/host-build.ts";
import { generatedSpec, privateTempDir } from "./spec-build.ts";
import type { Model } from "./model.ts";
import type { ChildProcess } from "node:child_process";
import { release, removeOnExit, spawnGroup } from "./leftovers.ts";
import { FRAME_SIZE } from "../spec/config.ts";
import type { Controls } from "./controls.ts";

/** Samples per frame: the spec's stream configuration (spec/config.ts). */
export const HOP: number = FRAME_SIZE;


/** Whole-array job (tests, short inputs). */
export interface EnhanceJob {
  controls?: Controls;
  noisy: Int16Array;
  /** The clean reference: oracle mode. */
  clean?: Int16Array;
  /** Without a clean reference: the trained network (default) or the baseline noise-floor rule. */
  gains?: "net" | "baseline";
  /** The trained model built in (sim/model.ts; default models/trained/headset). */
  model?: Model;
  comb: boolean;
  postfilter: boolean;
  onFrame?: (done: number, total: number) => void;
}

/**
 * Streaming job: input pulled and output pushed in blocks, so memory stays bounded whatever the
 * length. read(n) gives the next up to n samples; write gets the output in order, length in all.
 */
export interface StreamJob {
  controls?: Controls;
  length: number;
  noisy: (n: number) => Int16Array;
  clean?: (n: number) => Int16Array;
  gains?: "net" | "baseline";
  /** The trained model built in (sim/model.ts; default models/trained/headset). */
  model?: Model;
  comb: boolean;
  postfilter: boolean;
  /** Takes the block before returning: the engine reuses its buffer. */
  write: (y: Int16Array) => void;
  onFrame?: (done: number, total: number) => void;
}

export type Engine = "ref" | "host";

/** Frames of HOP samples from a block reader, the last one zero-padded; read in blocks of 100 frames. */
function frameReader(read: (n: number) => Int16Array): () => Int16Array {
  let block: Int16Array = new Int16Array(0);
  let at = 0;
  return () => {
    const frame = new Int16Array(HOP);
    let got = 0;
    while (got < HOP) {
      if (at === block.length) {
        block = read(100 * HOP);
        at = 0;
        if (block.length === 0) break;
      }
      const n = Math.min(HOP - got, block.length - at);
      frame.set(block.subarray(at, at + n), got);
      got += n;
      at += n;
    }
    return frame;
  };
}

/** Which gains a run uses: the oracle's (clean reference given), the network's or the baseline rule's. */
export function modeOf(job: { clean?: unknown; gains?: "net" | "baseline" }): "oracle" | "net" | "baseline" {
  return job.clean ? "oracle" : (job.gains ?? "net");
}

const MODE_CODE = { baseline: 0, oracle: 1, net: 2 } as const;

/** An array as a block reader. */
function arrayReader(x: Int16Array): (n: number) => Int16Array {
  let at = 0;
  return (n) => x.subarray(at, (at = Math.min(x.length, at + n)));
}

/** Run a whole-array job through the streaming engine and collect the output. */
async function collect(job: EnhanceJob, stream: (j: StreamJob) => Promise<void>): Promise<Int16Array> {
  const out = new Int16Array(job.noisy.length);
  let at = 0;
  await stream({ ...job, length: job.noisy.length, noisy: arrayReader(job.noisy), clean: job.clean && arrayReader(job.clean), write: (y) => (out.set(y, at), (at += y.length)) });
  return out;
}

export async function streamReference(job: StreamJob): Promise<void> {
  const gen = generatedSpec(job.model);
  const m = await import(pathToFileURL(path.join(gen.jsDir, "enhancer.mjs")).href);
  const st = new m.EnhancerState();
  const os = new m.EnhancerOracle();
  m.enhancer_init(st, job.comb, job.postfilter);
  m.enhancer_oracle_init(os);
  const ctl = job.controls ?? {};
  if (ctl.attenLimitDb !== undefined) m.enhancer_set_atten_limit(st, Math.fround(ctl.attenLimitDb));
  const frames = Math.ceil(job.length / HOP);
  const noisy = frameReader(job.noisy);
  const clean = job.clean && frameReader(job.clean);
  const mode = modeOf(job);
  const y = new Int16Array(HOP);
  for (let f = 0; f < frames; f++) {
    if (ctl.bypass && (f === ctl.bypass[0] || f === ctl.bypass[1])) m.enhancer_set_bypass(st, f === ctl.bypass[0] && ctl.bypass[1] > ctl.bypass[0]);
    if (clean) m.enhancer_frame_oracle_s16(st, os, noisy(), clean(), y);
    else if (mode === "net") m.enhancer_frame_net_s16(st, noisy(), y);
    else m.enhancer_frame_baseline_s16(st, noisy(), y);
    job.write(y.subarray(0, Math.min(HOP, job.length - f * HOP)));
    job.onFrame?.(f + 1, frames);
  }
}

export function runReference(job: EnhanceJob): Promise<Int16Array> {
  return collect(job, streamReference);
}

const DRIVER = `/* Host driver of percepnet denoise --engine host: frames on stdin, frames on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "enhancer.h"
#include "pn_stream_config.h" /* PN_FRAME_SIZE: spec/config.ts, generated by codegen */

static EnhancerState st;
static EnhancerOracle os;

/* Header: frames, comb, postfilter, mode (0 baseline, 1 oracle, 2 network), attenuation limit set
   (0/1), the limit in dB (f32 bits), bypass from, bypass to (frames; -1: none). Then per frame PN_FRAME_SIZE
   noisy samples (and as many clean in oracle mode). With PN_NET_TRACE=FILE in the environment, each
   network frame appends its int8 input and outputs (PN_NB_FEATURES + 2 PN_NB_BANDS values) to FILE:
   what models/train/enhance.py --verify compares with TFLM. */
int main(void) {
  int32_t hdr[8];
  int16_t x[PN_FRAME_SIZE], c[PN_FRAME_SIZE], y[PN_FRAME_SIZE];
  float atten;
  const char *trace_path = getenv("PN_NET_TRACE");
  FILE *trace = trace_path ? fopen(trace_path, "wb") : NULL;
  if (trace_path && !trace) return 4;
  if (fread(hdr, 4, 8, stdin) != 8) return 2;
  pn_enhancer_init(&st, hdr[1] != 0, hdr[2] != 0);
  pn_enhancer_oracle_init(&os);
  memcpy(&atten, &hdr[5], 4);
  if (hdr[4]) pn_enhancer_set_atten_limit(&st, atten);
  for (int32_t f = 0; f < hdr[0]; f++) {
    if (hdr[6] >= 0 && (f == hdr[6] || f == hdr[7])) pn_enhancer_set_bypass(&st, f == hdr[6] && hdr[7] > hdr[6]);
    if (fread(x, 2, PN_FRAME_SIZE, stdin) != PN_FRAME_SIZE) return 3;
    if (hdr[3] == 1) {
      if (fread(c, 2, PN_FRAME_SIZE, stdin) != PN_FRAME_SIZE) return 3;
      pn_enhancer_frame_oracle_s16(&st, &os, x, c, y);
    } else if (hdr[3] == 2) {
      pn_enhancer_frame_net_s16(&st, x, y);
      if (trace) {
        fwrite(st.q, 1, PN_NB_FEATURES, trace);
        fwrite(st.qg, 1, PN_NB_BANDS, trace);
        fwrite(st.qr, 1, PN_NB_BANDS, trace);
      }
    } else {
      pn_enhancer_frame_baseline_s16(&st, x, y);
    }
    fwrite(y, 2, PN_FRAME_SIZE, stdout);
  }
  return 0;
}
`;

export function hostEnhancer(model?: Model): string {
  const gen = generatedSpec(model);
  // keyed by the driver's text too: a changed driver is rebuilt, not taken from the cache
  const exe = path.join(gen.dir, "host", `enhance-${createHash("sha256").update(DRIVER).digest("hex").slice(0, 12)}`);
  if (!fs.existsSync(exe)) {
    // Built in a private folder and renamed into place: concurrent runs never see half a binary.
    const tmp = privateTempDir(path.dirname(exe));
    removeOnExit(tmp);
    try {
      const drv = path.join(tmp, "driver.c");
      fs.writeFileSync(drv, DRIVER);
      buildHost({ cDir: gen.cDir, extra: [drv], exe: path.join(tmp, "enhance") });
      fs.mkdirSync(path.dirname(exe), { recursive: true });
      fs.renameSync(path.join(tmp, "enhance"), exe);
      fs.renameSync(drv, path.join(path.dirname(exe), "driver.c"));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      release(tmp);
    }
  }
  return exe;
}

/** The host enhancer's header (see DRIVER): frames, options, mode and the runtime controls. */
export function hostHeader(frames: number, job: Pick<StreamJob, "comb" | "postfilter" | "clean" | "gains" | "controls">): Buffer {
  const ctl = job.controls ?? {};
  const hdr = Buffer.alloc(32);
  hdr.writeInt32LE(frames, 0);
  hdr.writeInt32LE(job.comb ? 1 : 0, 4);
  hdr.writeInt32LE(job.postfilter ? 1 : 0, 8);
  hdr.writeInt32LE(MODE_CODE[modeOf(job)], 12);
  hdr.writeInt32LE(ctl.attenLimitDb !== undefined ? 1 : 0, 16);
  hdr.writeFloatLE(ctl.attenLimitDb ?? 0, 20);
  hdr.writeInt32LE(ctl.bypass ? ctl.bypass[0] : -1, 24);
  hdr.writeInt32LE(ctl.bypass ? ctl.bypass[1] : -1, 28);
  return hdr;
}

/** Wait until a pipe to a child can take more, or the child is gone (listeners removed either way). */
function drainOrExit(stdin: NodeJS.WritableStream, child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stdin.off("drain", done);
      child.off("close", done);
      resolve();
    };
    stdin.once("drain", done);
    child.once("close", done);
  });
}

/** The host C enhancer as a pipe: frames go to its stdin while its stdout is consumed. */
export async function streamHost(job: StreamJob): Promise<void> {
  const exe = hostEnhancer(job.model);
  const frames = Math.ceil(job.length / HOP);
  const child = spawnGroup(exe, [], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, sig) => resolve(code ?? (sig ? 128 : -1)));
  });
  let failure: unknown = null;
  let emitted = 0;
  let pending = Buffer.alloc(0);
  child.stdout!.on("data", (d: Buffer) => {
    if (failure) return;
    try {
      const buf = pending.length ? Buffer.concat([pending, d]) : d;
      const whole = buf.length & ~1;
      const n = Math.min(whole / 2, job.length - emitted);
      if (n > 0) {
        const y = new Int16Array(n);
        Buffer.from(y.buffer).set(buf.subarray(0, 2 * n));
        job.write(y);
        emitted += n;
        job.onFrame?.(Math.ceil(emitted / HOP), frames);
      }
      pending = Buffer.from(buf.subarray(whole));
    } catch (e) {
      failure = e;
      child.kill("SIGKILL");
    }
  });
  const stdin = child.stdin!;
  stdin.on("error", () => {}); // a dead child shows in its exit status
  stdin.write(hostHeader(frames, job));
  const noisy = frameReader(job.noisy);
  const clean = job.clean && frameReader(job.clean);
  const per = clean ? 2 : 1;
  for (let f = 0; f < frames && !failure && child.exitCode === null; ) {
    const batch = Math.min(100, frames - f);
    const chunk = Buffer.alloc(batch * per * HOP * 2);
    for (let i = 0; i < batch; i++) {
      Buffer.from(noisy().buffer).copy(chunk, i * per * HOP * 2);
      if (clean) Buffer.from(clean().buffer).copy(chunk, (i * per + 1) * HOP * 2);
    }
    f += batch;
    if (!stdin.write(chunk)) await drainOrExit(stdin, child);
  }
  stdin.end();
  const code = await exited;
  if (failure) throw failure;
  if (code !== 0) throw new Error(`the host enhancer ${exe} exited with status ${code}${stderr ? `: ${stderr.trim()}` : ""}`);
  if (emitted !== job.length) throw new Error(`the host enhancer gave ${emitted} of ${job.length} samples`);
}

export function runHost(job: EnhanceJob): Promise<Int16Array> {
  return collect(job, streamHost);
}

export function streamEngine(engine: Engine, job: StreamJob): Promise<void> {
  return engine === "ref" ? streamReference(job) : streamHost(job);
}

export function runEngine(engine: Engine, job: EnhanceJob): Promise<Int16Array> {
  return engine === "ref" ? runReference(job) : runHost(job);
}
