/**
 * The two host engines of `percepnet denoise`: the exact-JS reference (`ref`) and the generated C
 * built for this machine (`host`). Both run spec/enhancer.ts frame by frame with the same framing
 * as the firmware: 480-sample frames, the last one zero-padded, output as long as the input. The
 * host engine is the harness (firmware/host/pn_harness.c) calling the frame API users link (percepnet.h).
 * Both stream: input blocks in, output blocks out (the host engine through pipes), memory bounded.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../../codegen/src/host-build.ts";
import { buildHarness, f32Word, harnessHeader, HARNESS_DIR, HARNESS_SOURCE } from "./harness.ts";
import { generatedSpec, privateTempDir } from "../c-build/spec-build.ts";
import type { Model } from "./model.ts";
import type { ChildProcess } from "node:child_process";
import { release, removeOnExit, spawnGroup } from "../leftovers.ts";
import { FRAME_SIZE } from "../../spec/config.ts";
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
  /** The trained model built in (sim/engines/model.ts; default models/trained/headset). */
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
  /** The trained model built in (sim/engines/model.ts; default models/trained/headset). */
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

/** The gains word of the harness's `enhance`. */
const GAINS_CODE = { baseline: 0, oracle: 1, net: 2 } as const;

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

/** The host engine: the harness (sim/engines/harness.ts) over the spec generated with the model, command `enhance`. */
export function hostEnhancer(model?: Model): string {
  const gen = generatedSpec(model);
  // keyed by the harness's C too: a changed harness or frame API is rebuilt, not taken from the cache
  const sources = [HARNESS_SOURCE, path.join(HARNESS_DIR, "percepnet_host.c"), path.join(HARNESS_DIR, "percepnet_host.h"), ...["src/percepnet.c", "src/pn_config.h", "include/percepnet.h"].map((f) => path.join(REPO_ROOT, "firmware", f))];
  const hash = createHash("sha256");
  for (const f of sources) hash.update(fs.readFileSync(f));
  const exe = path.join(gen.dir, "host", `pn_harness-${hash.digest("hex").slice(0, 12)}`);
  if (!fs.existsSync(exe)) {
    // Built in a private folder and renamed into place: concurrent runs never see half a binary.
    const tmp = privateTempDir(path.dirname(exe));
    removeOnExit(tmp);
    try {
      buildHarness(gen.cDir, path.join(tmp, "pn_harness"));
      fs.mkdirSync(path.dirname(exe), { recursive: true });
      fs.renameSync(path.join(tmp, "pn_harness"), exe);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      release(tmp);
    }
  }
  return exe;
}

/** The harness's arguments for the host engine. */
export const HOST_ENHANCER_ARGS: readonly string[] = ["enhance"];

/** The header of the harness's `enhance` (firmware/host/pn_harness.c): frames, options, gains and the runtime controls. */
export function hostHeader(frames: number, job: Pick<StreamJob, "comb" | "postfilter" | "clean" | "gains" | "controls">): Buffer {
  const ctl = job.controls ?? {};
  return harnessHeader(frames, [
    job.comb ? 1 : 0,
    job.postfilter ? 1 : 0,
    GAINS_CODE[modeOf(job)],
    ctl.attenLimitDb !== undefined ? 1 : 0,
    f32Word(ctl.attenLimitDb ?? 0),
    ctl.bypass ? ctl.bypass[0] : -1,
    ctl.bypass ? ctl.bypass[1] : -1,
  ]);
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
  const child = spawnGroup(exe, [...HOST_ENHANCER_ARGS], { stdio: ["pipe", "pipe", "pipe"] });
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
