// Build generated C for this machine with the project's C contract: the flags every target uses.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { C_CONTRACT_FLAGS, C_OPT_FLAG, C_WARNING_FLAGS } from "./c-contract.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const RUNTIME_DIR = path.join(REPO_ROOT, "firmware/runtime");
export const KERNELS_DIR = path.join(REPO_ROOT, "firmware/kernels");

export { C_CONTRACT_FLAGS, C_WARNING_FLAGS } from "./c-contract.ts";

/** The files of firmware/kernels/<folder>/ that `keep` accepts, every folder, sorted. */
function kernelFolderFiles(keep: (folder: string, file: string) => boolean): string[] {
  return fs
    .readdirSync(KERNELS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(KERNELS_DIR, d.name)).filter((f) => keep(d.name, f)).map((f) => path.join(KERNELS_DIR, d.name, f)))
    .sort();
}

/**
 * The kernels' C: firmware/kernels/<intrinsic>/ holds pn_<intrinsic>.c and its per-core variants
 * pn_<intrinsic>_<core>.c. Other files there (tests, test payloads) are not part of any build.
 */
export function kernelSources(): string[] {
  return kernelFolderFiles((k, f) => f === `pn_${k}.c` || (f.startsWith(`pn_${k}_`) && f.endsWith(".c")));
}

/** The headers the kernels share between folders (an f32 kernel's lane code its s16 twin includes). */
export function kernelHeaders(): string[] {
  return kernelFolderFiles((_, f) => f.startsWith("pn_") && f.endsWith(".h"));
}

export function generatedSources(cDir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".c")) out.push(p);
    }
  };
  walk(cDir);
  return out.sort();
}

export interface HostBuild {
  cDir: string;
  /** Extra C sources (a driver with main()). */
  extra: string[];
  exe: string;
  cc?: string;
  opt?: string;
}

export function buildHost(b: HostBuild): string {
  const cc = b.cc ?? process.env.CC ?? "gcc";
  const args = [
    ...C_CONTRACT_FLAGS,
    ...C_WARNING_FLAGS,
    b.opt ?? C_OPT_FLAG,
    `-I${b.cDir}`,
    `-I${RUNTIME_DIR}`,
    ...generatedSources(b.cDir),
    ...kernelSources(),
    ...b.extra,
    "-o",
    b.exe,
  ];
  try {
    execFileSync(cc, args, { stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`${cc} failed:\n${err.stderr?.toString() ?? err.message}`);
  }
  return b.exe;
}
