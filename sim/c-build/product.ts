/**
 * The product payload: the frame API (firmware/src) over the spec generated with a trained model
 * and the kernels. `percepnet sim`, `build-real` and `flash` build this unless told otherwise.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedSources, kernelSources, REPO_ROOT, RUNTIME_DIR } from "../../codegen/src/host-build.ts";
import { generatedSpec } from "./spec-build.ts";
import { resolveModel, type Model } from "../engines/model.ts";
import type { BoardProfile } from "../boards.ts";

export interface ProductPayload {
  sources: string[];
  includeDirs: string[];
  defines: string[];
  cmsis: false | { modules: string[] };
  /** The trained model built in (sim/engines/model.ts), for the report: its name, folder, hash and MAC figures. */
  network: { model: string; dir: string; sha256: string; macsPerFrame: number };
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
 * The pn_fc_s8 kernel a board's features select (firmware/kernels/fc_s8/pn_fc_s8*.c, docs/kernels.md):
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
 * The product payload with a trained model (default: the product's, models/trained/headset); with a
 * board's CMSIS-DSP variant, the kernels call CMSIS-DSP; with the board's features, pn_fc_s8 is
 * that board's kernel (kernelDefinesFor), else the portable C.
 */
export function productPayload(cmsisVariant?: string, features?: BoardProfile["features"], model: Model = resolveModel(undefined)): ProductPayload {
  const gen = generatedSpec(model);
  const src = path.join(REPO_ROOT, "firmware/src");
  const frameApi = fs.readdirSync(src).filter((f) => f.endsWith(".c")).map((f) => path.join(src, f));
  const cmsis = cmsisFor(cmsisVariant);
  return {
    sources: [...frameApi, ...generatedSources(gen.cDir), ...kernelSources()],
    includeDirs: [src, gen.cDir, RUNTIME_DIR],
    defines: [...cmsis.defines, ...(features ? kernelDefinesFor(features) : [])],
    cmsis: cmsis.cmsis,
    network: { model: model.name, dir: model.label, sha256: model.sha256, macsPerFrame: model.macsPerFrame },
  };
}
