/**
 * The product payload: the frame API (firmware/src) over the generated spec and the portable
 * kernels. `percepnet sim`, `build-real` and `flash` build this unless told otherwise.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedSources, kernelSources, REPO_ROOT, RUNTIME_DIR } from "../codegen/src/host-build.ts";
import { generatedSpec } from "./spec-build.ts";

export interface ProductPayload {
  sources: string[];
  includeDirs: string[];
  defines: string[];
  cmsis: false | { modules: string[] };
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

/** The product payload; with a board's CMSIS-DSP variant, the kernels call CMSIS-DSP. */
export function productPayload(cmsisVariant?: string): ProductPayload {
  const gen = generatedSpec();
  const src = path.join(REPO_ROOT, "firmware/src");
  const frameApi = fs.readdirSync(src).filter((f) => f.endsWith(".c")).map((f) => path.join(src, f));
  return {
    sources: [...frameApi, ...generatedSources(gen.cDir), ...kernelSources()],
    includeDirs: [src, gen.cDir, RUNTIME_DIR],
    ...cmsisFor(cmsisVariant),
  };
}
