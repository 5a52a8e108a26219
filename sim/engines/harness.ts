/**
 * The one host harness of the generated C (firmware/host/pn_harness.c): how it is built over a
 * folder of generated C, and the header of its framed protocol. `percepnet denoise --engine host`,
 * the training features (models/train/build.ts) and the signal path's C test run it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildHost, REPO_ROOT } from "../../codegen/src/host-build.ts";

/** The harness and the host-only extension of the frame API (percepnet_host.h). */
export const HARNESS_DIR = path.join(REPO_ROOT, "firmware/host");
export const HARNESS_SOURCE = path.join(HARNESS_DIR, "pn_harness.c");
/** The frame API the product ships (percepnet.h, percepnet.c, pn_config.h). */
const FRAME_API_INCLUDE = path.join(REPO_ROOT, "firmware/include");
const FRAME_API_SRC = path.join(REPO_ROOT, "firmware/src");

/** The words of the protocol's header: the frame count, then the command's seven options. */
export const HEADER_WORDS = 8;

/** The harness's commands (see pn_harness.c); a build has those its generated C allows. */
export type HarnessCommand = "enhance" | "features" | "dsp" | "net" | "nn";

/**
 * Build the harness over a folder of generated C, with the commands that C allows: spec/dsp gives
 * `features` and `dsp`, spec/nn `nn`, a network module `net` (netHeader, relative to cDir; default
 * the built-in model's, model/net.h), the enhancer `enhance`, linked with the frame API
 * (firmware/src) and its host-only extension (percepnet_host.c).
 */
export function buildHarness(cDir: string, exe: string, opts: { netHeader?: string } = {}): string {
  const has = (rel: string): boolean => fs.existsSync(path.join(cDir, rel));
  const netHeader = opts.netHeader ?? (has("model/net.h") ? "model/net.h" : undefined);
  if (netHeader && !has(netHeader)) throw new Error(`no network module header ${netHeader} in ${cDir}`);
  const extra = [
    ...(has("dsp/denoiser.h") ? ["-DPN_HARNESS_DSP"] : []),
    ...(has("nn/layers.h") ? ["-DPN_HARNESS_NN"] : []),
    ...(netHeader ? [`-DPN_HARNESS_NET_HEADER="${netHeader}"`] : []),
    ...(has("enhancer.h")
      ? ["-DPN_HARNESS_ENHANCER", `-I${FRAME_API_INCLUDE}`, `-I${FRAME_API_SRC}`, `-I${HARNESS_DIR}`, path.join(FRAME_API_SRC, "percepnet.c"), path.join(HARNESS_DIR, "percepnet_host.c")]
      : []),
  ];
  return buildHost({ cDir, extra: [...extra, HARNESS_SOURCE], exe });
}

/** An f32 option word: the value's bits, as the harness reads them. */
export function f32Word(v: number): number {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v);
  return b.readInt32LE();
}

/** The header: frames, then up to seven option words (the rest 0), little-endian int32. */
export function harnessHeader(frames: number, options: number[]): Buffer {
  if (options.length > HEADER_WORDS - 1) throw new Error(`the harness takes ${HEADER_WORDS - 1} option words, not ${options.length}`);
  const hdr = Buffer.alloc(4 * HEADER_WORDS);
  [frames, ...options].forEach((w, i) => hdr.writeInt32LE(w, 4 * i));
  return hdr;
}
