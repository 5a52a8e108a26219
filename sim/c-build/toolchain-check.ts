/**
 * The toolchain check: every compiler the project uses compiles, links and (where it can) runs a
 * tiny C program, so a missing sysroot or libc shows up at setup with the package that provides it,
 * not as eight failing tests later. A package name being installed proves nothing: Debian's
 * gcc-aarch64-linux-gnu without libc6-dev-arm64-cross has no <string.h> (issue 14).
 *
 * Each toolchain is found by the one resolver (sim/c-build/toolchain.ts), so an xPack arm-none-eabi-gcc is
 * checked where a user has one, and a compiler earlier on PATH is the one checked.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadAllBoards } from "../boards.ts";
import { boardCflags } from "./build.ts";
import { aarch64LinuxGnu, armNoneEabi, hostCc, qemu, ToolNotFoundError } from "./toolchain.ts";

export interface ToolchainCheck {
  /** What was checked, e.g. "arm-none-eabi-gcc for m4f (newlib)". */
  name: string;
  ok: boolean;
  /** Debian packages that provide what this check needs. */
  packages: string[];
  /** The compiler or emulator used, and the failure's first lines when it failed. */
  tool?: string;
  detail?: string;
}

// One program for every toolchain: libc headers, a libc call that links, and output to check.
const PROBE_C = `#include <stdio.h>
#include <string.h>
int main(void) {
  char buf[32];
  const char msg[] = "percepnet toolchain ok";
  memcpy(buf, msg, sizeof msg);
  printf("%s %d\\n", buf, (int)strlen(buf));
  return 0;
}
`;
const PROBE_OUT = "percepnet toolchain ok 22";

function firstLines(s: string, n = 4): string {
  return s.split("\n").filter((l) => l.trim()).slice(0, n).join("\n");
}

function run(cmd: string, args: string[], cwd: string): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 60_000 });
  if (r.error) return { ok: false, out: String(r.error.message) };
  return { ok: r.status === 0, out: (r.stdout ?? "") + (r.stderr ?? "") };
}

/** Resolve a tool, turning "not found" into a failed check instead of an exception. */
function resolve<T>(f: () => T): { tool?: T; missing?: string } {
  try {
    return { tool: f() };
  } catch (e) {
    if (e instanceof ToolNotFoundError) return { missing: e.message };
    throw e;
  }
}

/** Compile and link the probe with `gcc args`; optionally run it (directly or under an emulator). */
function probe(dir: string, tag: string, gcc: string, args: string[], runner?: string[]): { ok: boolean; detail?: string } {
  const src = path.join(dir, `${tag}.c`);
  const exe = path.join(dir, `${tag}.elf`);
  writeFileSync(src, PROBE_C);
  const cc = run(gcc, ["-std=c99", "-O2", ...args, src, "-o", exe], dir);
  if (!cc.ok) return { ok: false, detail: `$ ${gcc} ${args.join(" ")} ${tag}.c\n${firstLines(cc.out)}` };
  if (!runner) return { ok: true };
  // an empty runner: the binary runs here itself
  const [cmd, ...rest] = runner.length ? [...runner, exe] : [exe];
  const r = run(cmd, rest, dir);
  if (!r.ok || !r.out.includes(PROBE_OUT)) return { ok: false, detail: `$ ${runner.join(" ")} ${tag}.elf\n${firstLines(r.out) || "(no output)"}` };
  return { ok: true };
}

export function checkToolchains(): ToolchainCheck[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pn-toolchain-"));
  const out: ToolchainCheck[] = [];
  try {
    // Host C: the QEMU counting plugin, the host engine of `denoise`, feature drivers.
    {
      const pk = ["gcc", "libc6-dev"];
      const h = resolve(hostCc);
      if (!h.tool) out.push({ name: "host C compiler", ok: false, packages: pk, detail: h.missing });
      else out.push({ name: "host C compiler", packages: pk, tool: h.tool.path, ...probe(dir, "host", h.tool.path, [], []) });
    }
    const boards = loadAllBoards();
    // arm-none-eabi: one probe per distinct flag set among the boards (M4F, M7, M55, real parts), linked with newlib.
    const armBoards = boards.filter((b) => b.compiler.toolchain === "arm-none-eabi");
    const seen = new Map<string, string[]>();
    for (const b of armBoards) {
      const key = boardCflags(b).join(" ");
      seen.set(key, [...(seen.get(key) ?? []), b.name]);
    }
    {
      const pk = ["gcc-arm-none-eabi", "libnewlib-arm-none-eabi"];
      const a = resolve(() => armNoneEabi());
      for (const [flags, names] of seen) {
        const name = `arm-none-eabi-gcc for ${names.join(", ")} (newlib)`;
        if (!a.tool) out.push({ name, ok: false, packages: pk, detail: a.missing });
        else out.push({ name, packages: pk, tool: a.tool.gcc, ...probe(dir, `arm-${names[0]}`, a.tool.gcc, [...flags.split(" "), "--specs=nano.specs", "--specs=nosys.specs"]) });
      }
    }
    // aarch64-linux-gnu: the A53 target is a static Linux binary run by qemu-aarch64 (user mode).
    for (const b of boards.filter((x) => x.compiler.toolchain === "aarch64-linux-gnu")) {
      const sim = b.sim;
      if (!sim) continue;
      const pk = ["gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross"];
      const name = `aarch64-linux-gnu-gcc for ${b.name} (glibc, static)`;
      const a = resolve(aarch64LinuxGnu);
      const q = resolve(() => qemu(sim.qemu));
      if (!a.tool) {
        out.push({ name, ok: false, packages: pk, detail: a.missing });
        continue;
      }
      const built = probe(dir, `a64-${b.name}`, a.tool.gcc, b.compiler.flags);
      out.push({ name, ok: built.ok, packages: pk, tool: a.tool.gcc, detail: built.detail });
      const rname = `${sim.qemu} runs the ${b.name} binary`;
      if (!q.tool) out.push({ name: rname, ok: false, packages: ["qemu-user"], detail: q.missing });
      else if (built.ok) {
        const cpu = sim.cpu ? ["-cpu", sim.cpu] : [];
        out.push({ name: rname, packages: ["qemu-user"], tool: q.tool.path, ...probe(dir, `a64-${b.name}`, a.tool.gcc, b.compiler.flags, [q.tool.path, ...cpu]) });
      }
    }
    // qemu-system-arm: each system-mode board's machine must be one this QEMU has.
    const sys = boards.flatMap((b) => (b.kind === "simulated" && b.sim?.mode === "system" ? [{ name: b.name, ...b.sim }] : []));
    for (const qname of [...new Set(sys.map((b) => b.qemu))]) {
      const name = `${qname} has the boards' machines`;
      const q = resolve(() => qemu(qname));
      if (!q.tool) {
        out.push({ name, ok: false, packages: ["qemu-system-arm"], detail: q.missing });
        continue;
      }
      const r = run(q.tool.path, ["-machine", "help"], dir);
      const lacking = sys.filter((b) => b.qemu === qname && !new RegExp(`^${b.machine}\\s`, "m").test(r.out)).map((b) => `${b.name} (${b.machine})`);
      out.push({ name, ok: r.ok && lacking.length === 0, packages: ["qemu-system-arm"], tool: q.tool.path, detail: lacking.length ? `machines missing: ${lacking.join(", ")}` : r.ok ? undefined : firstLines(r.out) });
    }
    out.push(checkWasm(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** clang --target=wasm32 with wasm-ld (`percepnet wasm`): a freestanding function, compiled, linked and run by Node's WebAssembly. */
function checkWasm(dir: string): ToolchainCheck {
  const name = "clang --target=wasm32 and wasm-ld (percepnet wasm)";
  const packages = ["clang", "lld"];
  const src = path.join(dir, "wasm.c");
  const wasm = path.join(dir, "wasm.wasm");
  writeFileSync(src, "int pn_probe(int x) { return 2 * x + 1; }\n");
  const args = ["--target=wasm32", "-ffreestanding", "-nostdlib", "-O2", src, "-Wl,--no-entry", "-Wl,--export=pn_probe", "-o", wasm];
  const cc = run("clang", args, dir);
  if (!cc.ok) return { name, ok: false, packages, tool: "clang", detail: `$ clang ${args.join(" ")}\n${firstLines(cc.out)}` };
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), {});
    const r = (inst.exports.pn_probe as (x: number) => number)(20);
    return r === 41 ? { name, ok: true, packages, tool: "clang" } : { name, ok: false, packages, tool: "clang", detail: `pn_probe(20) returned ${r}, not 41` };
  } catch (e) {
    return { name, ok: false, packages, tool: "clang", detail: String(e) };
  }
}

/** Print one line per check; on failure the toolchain, the package to install and the first error lines. */
export function formatChecks(checks: ToolchainCheck[]): string {
  const lines: string[] = [];
  for (const c of checks) {
    if (c.ok) lines.push(`ok    ${c.name}${c.tool ? ` (${c.tool})` : ""}`);
    else {
      lines.push(`FAIL  ${c.name}${c.tool ? ` (${c.tool})` : ""}`);
      lines.push(`      install Debian's package${c.packages.length > 1 ? "s" : ""}: apt-get install ${c.packages.join(" ")}`);
      for (const l of (c.detail ?? "").split("\n")) if (l.trim()) lines.push(`      ${l}`);
    }
  }
  return lines.join("\n");
}
