// Shared by the network-module tests: a description turned into its generated module
// (models/nn/tables.py), compiled with spec/nn to exact JS and C, and both run over features,
// collecting every value net_collect gives per frame (the layout unpackC reads).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { compile, formatDiagnostic } from "../../codegen/src/index.ts";
import { buildHarness, harnessHeader } from "../../sim/engines/harness.ts";
import { NN_FILES } from "./exact.ts";
import { py } from "./helpers.ts";

export interface NetModule {
  /** The exact-JS module (net.mjs). */
  modJs: string;
  /** The generated C folder, and the module's header relative to it (the harness's netHeader). */
  cDir: string;
  netHeader: string;
}

/**
 * Generates the module of the description in modelDir as gen/net.ts (gen must sit inside the
 * repository, for its relative spec imports) and writes its compiled JS and C under out.
 */
export function buildNetModule(modelDir: string, gen: string, out: string): NetModule {
  py("tables", [modelDir, "--out", `${gen}/net.ts`]);
  const r = compile([`${gen}/net.ts`, ...NN_FILES]);
  if (r.diagnostics.length) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
  const cDir = path.join(out, "c");
  let modJs = "";
  let hdr = "";
  for (const [rel, text] of r.files) {
    const p = path.join(out, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    if (rel.endsWith("/net.mjs")) modJs = p;
    if (rel.endsWith("/net.h")) hdr = p;
  }
  return { modJs, cDir, netHeader: path.relative(cDir, hdr) };
}

/** The exact-JS module over `frames` frames of n int8 features: every collected value, frame after frame. */
export async function collectJs(mod: NetModule, features: Int8Array, n: number, frames: number): Promise<Buffer> {
  const M = await import(pathToFileURL(mod.modJs).href);
  const st = new M.NetState();
  M.net_init(st);
  const all = new Int8Array(M.NET_COLLECT_SIZE);
  const raw = Buffer.alloc(frames * all.length);
  for (let f = 0; f < frames; f++) {
    M.net_step(st, features.subarray(f * n, (f + 1) * n), new Int8Array(34), new Int8Array(34));
    M.net_collect(st, all);
    raw.set(all, f * all.length);
  }
  return raw;
}

/** The same through the module's host C: the host harness's `net` command (built into out). */
export function collectHostC(mod: NetModule, out: string, features: Int8Array, n: number, frames: number): Buffer {
  const exe = buildHarness(mod.cDir, path.join(out, "pn_harness"), { netHeader: mod.netHeader });
  const input = Buffer.concat([harnessHeader(frames, []), Buffer.from(features.buffer, features.byteOffset, frames * n)]);
  return execFileSync(exe, ["net"], { input, maxBuffer: 1 << 28 });
}
