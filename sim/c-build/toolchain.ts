/**
 * One resolver for every external tool the simulator uses: the Arm bare-metal GCC (xPack first,
 * Debian second), the AArch64 Linux GCC, QEMU (system and user mode), the host C compiler (for the
 * counting plugin and host reference builds), and optional flashing tools.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT } from "../../codegen/src/host-build.ts";

/** The repository's root: one definition for codegen and sim (codegen/src/host-build.ts). */
export { REPO_ROOT };

export type ToolSource = "xpack" | "debian" | "path";

export interface CompilerInfo {
  /** Prefix such as /usr/bin/arm-none-eabi- ; append gcc, size, nm, objcopy... */
  prefix: string;
  gcc: string;
  size: string;
  nm: string;
  objcopy: string;
  ar: string;
  version: string;
  source: ToolSource;
}

export interface Tool {
  path: string;
  version: string;
  source: ToolSource;
}

export class ToolNotFoundError extends Error {}

function which(cmd: string): string | null {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const d of dirs) {
    const p = path.join(d, cmd);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n")[0].trim();
  } catch {
    return "unknown";
  }
}

/** Where xpm installs @xpack-dev-tools/arm-none-eabi-gcc binaries, if it has. */
function xpackArmGccBinDirs(root: string): string[] {
  const out: string[] = [];
  const binLinks = path.join(root, "xpacks", ".bin");
  if (existsSync(path.join(binLinks, "arm-none-eabi-gcc"))) out.push(binLinks);
  for (const base of [path.join(root, "node_modules", "@xpack-dev-tools", "arm-none-eabi-gcc"), path.join(root, "xpacks", "@xpack-dev-tools", "arm-none-eabi-gcc")]) {
    const content = path.join(base, ".content", "bin");
    if (existsSync(path.join(content, "arm-none-eabi-gcc"))) out.push(content);
  }
  return out;
}

function isDebianPackaged(file: string): boolean {
  try {
    execFileSync("dpkg", ["-S", file], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function compilerFromPrefix(prefix: string, source: ToolSource): CompilerInfo {
  return {
    prefix,
    gcc: prefix + "gcc",
    size: prefix + "size",
    nm: prefix + "nm",
    objcopy: prefix + "objcopy",
    ar: prefix + "ar",
    version: firstLine(prefix + "gcc", ["--version"]),
    source,
  };
}

const cache = new Map<string, unknown>();
function memo<T>(key: string, f: () => T): T {
  if (!cache.has(key)) cache.set(key, f());
  return cache.get(key) as T;
}

/** arm-none-eabi GCC: xPack (xpm) if its binaries are present, else Debian's on PATH. */
export function armNoneEabi(root = REPO_ROOT): CompilerInfo {
  return memo("arm-none-eabi:" + root, () => {
    for (const dir of xpackArmGccBinDirs(root)) return compilerFromPrefix(path.join(dir, "arm-none-eabi-"), "xpack");
    const gcc = which("arm-none-eabi-gcc");
    if (gcc) {
      const real = gcc;
      return compilerFromPrefix(real.slice(0, -"gcc".length), isDebianPackaged(real) ? "debian" : "path");
    }
    throw new ToolNotFoundError(
      "arm-none-eabi-gcc not found: neither xPack's @xpack-dev-tools/arm-none-eabi-gcc (xpacks/.bin or node_modules/@xpack-dev-tools/arm-none-eabi-gcc/.content/bin) " +
        "nor arm-none-eabi-gcc on PATH. Install Debian's packages: sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi (or run scripts/setup.sh)",
    );
  });
}

/** aarch64-linux-gnu GCC (for the Cortex-A53 user-mode target). */
export function aarch64LinuxGnu(): CompilerInfo {
  return memo("aarch64", () => {
    const gcc = which("aarch64-linux-gnu-gcc");
    if (gcc) return compilerFromPrefix(gcc.slice(0, -"gcc".length), isDebianPackaged(gcc) ? "debian" : "path");
    throw new ToolNotFoundError(
      "aarch64-linux-gnu-gcc not found on PATH. Install Debian's package: sudo apt-get install gcc-aarch64-linux-gnu (or run scripts/setup.sh)",
    );
  });
}

/** Host C compiler: builds the QEMU plugin and host reference binaries. */
export function hostCc(): Tool {
  return memo("hostcc", () => {
    const cc = which(process.env.CC ?? "gcc") ?? which("cc");
    if (!cc) throw new ToolNotFoundError("no host C compiler (gcc or cc) on PATH. Install Debian's package: sudo apt-get install gcc");
    return { path: cc, version: firstLine(cc, ["--version"]), source: isDebianPackaged(cc) ? "debian" : "path" };
  });
}

const QEMU_PACKAGES: Record<string, string> = {
  "qemu-system-arm": "qemu-system-arm",
  "qemu-system-aarch64": "qemu-system-arm",
  "qemu-aarch64": "qemu-user",
  "qemu-arm": "qemu-user",
};

/** A QEMU binary by name, e.g. qemu-system-arm or qemu-aarch64. */
export function qemu(name: string): Tool {
  return memo("qemu:" + name, () => {
    const p = which(name);
    if (!p) {
      const pkg = QEMU_PACKAGES[name] ?? "qemu-system-arm qemu-user";
      throw new ToolNotFoundError(`${name} not found on PATH. Install Debian's package: sudo apt-get install ${pkg} (or run scripts/setup.sh)`);
    }
    return { path: p, version: firstLine(p, ["--version"]), source: isDebianPackaged(p) ? "debian" : "path" };
  });
}

/** Optional tools: returns null when absent. pyocd is looked up in the project's .venv too. */
export function optionalTool(name: "openocd" | "pyocd" | "renode", root = REPO_ROOT): Tool | null {
  const candidates = [which(name)];
  if (name === "pyocd") candidates.push(path.join(root, ".venv", "bin", "pyocd"));
  for (const p of candidates) {
    if (p && existsSync(p)) return { path: p, version: firstLine(p, ["--version"]), source: "path" };
  }
  return null;
}

/** Everything resolved, for reports ("which toolchain built this"). */
export function describeToolchains(needs: { arm?: boolean; aarch64?: boolean; qemu?: string[] }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (needs.arm) {
    const t = armNoneEabi();
    out.armNoneEabi = { gcc: t.gcc, version: t.version, source: t.source };
  }
  if (needs.aarch64) {
    const t = aarch64LinuxGnu();
    out.aarch64LinuxGnu = { gcc: t.gcc, version: t.version, source: t.source };
  }
  for (const q of needs.qemu ?? []) out[q] = qemu(q);
  return out;
}

/** Used by tests and docs: list names in a directory, ignoring a missing one. */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
