/**
 * The product payload: the frame API (firmware/src) over the generated spec and the portable
 * kernels. `percepnet sim`, `build-real` and `flash` build this unless told otherwise.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedSources, kernelSources, REPO_ROOT, RUNTIME_DIR } from "../codegen/src/host-build.ts";
import { generatedSpec } from "./spec-build.ts";
import type { BoardProfile } from "./boards.ts";

export interface ProductPayload {
  sources: string[];
  includeDirs: string[];
  defines: string[];
  cmsis: false | { modules: string[] };
  /** The network spec/model was generated from (models/headset in the product), for the report's MAC figures. */
  network: { model: string; macsPerFrame: number };
}

/**
 * The model folder spec/model was generated from, read from the generated file's first line
 * (models.model_module writes it): models/headset in the product (test/model checks it), another
 * size in scripts/bench-product-model.sh's scratch copy.
 */
export function productModelDir(): string {
  const net = path.join(REPO_ROOT, "spec/model/net.ts");
  const first = fs.readFileSync(net, "utf8").split("\n", 1)[0];
  const m = /from (\S+)\/model\.json/.exec(first);
  if (!m) throw new Error(`${net}: its first line does not name the model folder (regenerate it with python -m models.model_module)`);
  return path.resolve(REPO_ROOT, m[1]);
}

function productNetwork(): ProductPayload["network"] {
  const dir = productModelDir();
  const m = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { macs_per_frame?: number };
  if (typeof m.macs_per_frame !== "number") throw new Error(`${dir}/manifest.json: no macs_per_frame`);
  return { model: path.relative(REPO_ROOT, dir), macsPerFrame: m.macs_per_frame };
}

/**
 * CMSIS-DSP per board: the element-wise kernels (add, mult, scale) on every board, since one IEEE
 * operation per element gives the same bits in every variant; the dot product only where the
 * board's variant sums in the reference's order (scalar). See docs/boards.md.
 */
export function cmsisFor(variant: string | undefined): Pick<ProductPayload, "defines" | "cmsis"> {
  if (!variant) return { defines: [], cmsis: false };
  return {
    defines: ["PN_CMSIS_DSP=1", ...(variant === "scalar-dsp" || variant === "scalar" ? ["PN_CMSIS_DOT=1"] : [])],
    cmsis: { modules: ["BasicMathFunctions"] },
  };
}

/**
 * The pn_fc_s8 kernel a board's features select (firmware/kernels/pn_fc_s8*.c, docs/kernels.md):
 * Helium, else NEON (AArch64), else the DSP extension, else none (the portable C). The kernels
 * need no CMSIS library, so this does not depend on the CMSIS-DSP variant or on linking it.
 */
export function kernelDefinesFor(features: Pick<BoardProfile["features"], "dsp" | "mve" | "neon">): string[] {
  if (features.mve !== "none") return ["PN_KERNEL_MVE=1"];
  if (features.neon) return ["PN_KERNEL_NEON=1"];
  if (features.dsp) return ["PN_KERNEL_DSP=1"];
  return [];
}

/**
 * The product payload; with a board's CMSIS-DSP variant, the kernels call CMSIS-DSP; with the
 * board's features, pn_fc_s8 is that board's kernel (kernelDefinesFor), else the portable C.
 */
export function productPayload(cmsisVariant?: string, features?: BoardProfile["features"]): ProductPayload {
  const gen = generatedSpec();
  const src = path.join(REPO_ROOT, "firmware/src");
  const frameApi = fs.readdirSync(src).filter((f) => f.endsWith(".c")).map((f) => path.join(src, f));
  const cmsis = cmsisFor(cmsisVariant);
  return {
    sources: [...frameApi, ...generatedSources(gen.cDir), ...kernelSources()],
    includeDirs: [src, gen.cDir, RUNTIME_DIR],
    defines: [...cmsis.defines, ...(features ? kernelDefinesFor(features) : [])],
    cmsis: cmsis.cmsis,
    network: productNetwork(),
  };
}
