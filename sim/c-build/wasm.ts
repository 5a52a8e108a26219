/**
 * `percepnet wasm`: the frame API and the generated C compiled to WebAssembly with Debian's clang
 * (--target=wasm32, freestanding, no C library, bulk-memory for the copies GCC would call memcpy
 * for), plus the page that denoises a dropped WAV and runs the microphone live (web/). The same
 * C under the same numeric contract as every other target: the output bytes are `percepnet
 * denoise`'s (test/web/wasm-page.test.ts, in headless Chromium).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BASE_CFLAGS, BuildError, WARN } from "./build.ts";
import type { Model } from "../engines/model.ts";
import { productPayload } from "./product.ts";
import { REPO_ROOT } from "./toolchain.ts";

export const WEB_DIR = path.join(REPO_ROOT, "web");
/** What the page needs besides the module. */
const WEB_FILES = ["index.html", "percepnet.js", "worklet.js"];
/** The module's exports: the frame API over its static instance (web/pn_wasm.c). */
const EXPORTS = ["pn_state_size", "pn_wasm_init", "pn_wasm_process", "pn_wasm_in", "pn_wasm_out"];

/** clang that can target wasm32 and link with wasm-ld (Debian's clang + lld). */
export function wasmClang(): { clang: string; version: string } {
  const v = spawnSync("clang", ["--version"], { encoding: "utf8" });
  if (v.status !== 0) throw new BuildError("no clang on PATH: the WebAssembly build needs Debian's clang and lld (apt-get install clang lld; scripts/setup.sh does)");
  if (spawnSync("wasm-ld", ["--version"]).status !== 0) throw new BuildError("no wasm-ld on PATH: install Debian's lld (apt-get install lld; scripts/setup.sh does)");
  return { clang: "clang", version: v.stdout.split("\n")[0].trim() };
}

/** Build percepnet.wasm into outDir and copy the page next to it; written to a temp folder, then renamed into place. */
export function buildWasm(outDir: string, model?: Model): { dir: string; wasm: string; bytes: number; compiler: string } {
  const cc = wasmClang();
  // The portable kernels: no CMSIS-DSP, no board kernel defines.
  const p = productPayload(undefined, undefined, model);
  const out = path.resolve(outDir);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0 && !fs.existsSync(path.join(out, "percepnet.wasm")))
    throw new BuildError(`${out} exists and is not a previous \`percepnet wasm\` output: give an empty or new folder`);
  const tmp = `${out}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const wasm = path.join(tmp, "percepnet.wasm");
    const args = [
      "--target=wasm32", "-ffreestanding", "-nostdlib", ...BASE_CFLAGS, "-mbulk-memory", ...WARN,
      "-I", path.join(REPO_ROOT, "firmware/include"), ...p.includeDirs.flatMap((d) => ["-I", d]), ...p.defines.map((d) => "-D" + d),
      path.join(WEB_DIR, "pn_wasm.c"), ...p.sources,
      "-Wl,--no-entry", ...EXPORTS.map((e) => `-Wl,--export=${e}`), "-o", wasm,
    ];
    try {
      execFileSync(cc.clang, args, { stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      throw new BuildError(`WebAssembly build failed:\n$ clang ${args.join(" ")}\n${(e as { stderr?: Buffer }).stderr?.toString() ?? String(e)}`);
    }
    for (const f of WEB_FILES) fs.copyFileSync(path.join(WEB_DIR, f), path.join(tmp, f));
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(tmp, out);
    return { dir: out, wasm: path.join(out, "percepnet.wasm"), bytes: fs.statSync(path.join(out, "percepnet.wasm")).size, compiler: cc.version };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
