/**
 * The generated spec, built once per content: build/gen/<hash>/ (sim/build-root.ts) holds the exact-JS reference and
 * the C of every spec module, keyed by the hash of spec/ and codegen/src/, so every command and
 * test uses the same generated code without regenerating it.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { compileFiles, writeFiles } from "../codegen/src/index.ts";
import { BUILD_DIR, privateTempDir, publishDir } from "./build-root.ts";
import { release, removeOnExit } from "./leftovers.ts";
export { privateTempDir } from "./build-root.ts";
import { REPO_ROOT } from "../codegen/src/host-build.ts";

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out.sort();
}

export interface GeneratedSpec {
  dir: string;
  jsDir: string;
  cDir: string;
}

export function generatedSpec(): GeneratedSpec {
  const specFiles = listTs(path.join(REPO_ROOT, "spec"));
  const h = createHash("sha256");
  for (const f of [...specFiles, ...listTs(path.join(REPO_ROOT, "codegen/src"))]) h.update(f).update(fs.readFileSync(f));
  const dir = path.join(BUILD_DIR, "gen", h.digest("hex").slice(0, 16));
  if (!fs.existsSync(path.join(dir, "js/prelude.mjs"))) {
    // Generated into a private folder and renamed into place; a run that loses the race keeps the winner's.
    const tmp = privateTempDir(path.dirname(dir));
    removeOnExit(tmp);
    try {
      writeFiles(compileFiles(specFiles.filter((f) => path.basename(f) !== "prelude.ts")).files, tmp);
      publishDir(tmp, dir);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      release(tmp);
    }
  }
  return { dir, jsDir: path.join(dir, "js"), cDir: path.join(dir, "c") };
}
