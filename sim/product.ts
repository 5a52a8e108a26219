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
}

export function productPayload(): ProductPayload {
  const gen = generatedSpec();
  const src = path.join(REPO_ROOT, "firmware/src");
  const frameApi = fs.readdirSync(src).filter((f) => f.endsWith(".c")).map((f) => path.join(src, f));
  return {
    sources: [...frameApi, ...generatedSources(gen.cDir), ...kernelSources()],
    includeDirs: [src, gen.cDir, RUNTIME_DIR],
  };
}
