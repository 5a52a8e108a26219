/**
 * Running a built firmware under QEMU with the pn_count plugin, and building that plugin.
 */
import { execFileSync } from "node:child_process";
import { spawnGroup, removeOnExit, release } from "../leftovers.ts";
import { createHash } from "node:crypto";
import { closeSync, copyFileSync, existsSync, openSync, readSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BoardProfile } from "../boards.ts";
import { BUILD_DIR } from "../c-build/build-root.ts";
import { hostCc, qemu, REPO_ROOT } from "../c-build/toolchain.ts";

export const PLUGIN_SRC = path.join(REPO_ROOT, "sim", "qemu", "plugin", "pn_count.c");
export const PLUGIN_HDR = path.join(REPO_ROOT, "sim", "qemu", "plugin", "qemu-plugin-api.h");

export class SimError extends Error {}

/** Build sim/qemu/plugin/pn_count.c with the host compiler into build/plugin/ (cached by source hash). */
export function buildPlugin(): string {
  const cc = hostCc();
  const h = createHash("sha256").update(readFileSync(PLUGIN_SRC)).update(readFileSync(PLUGIN_HDR)).update(cc.version).digest("hex").slice(0, 16);
  const dir = path.join(BUILD_DIR, "plugin");
  const so = path.join(dir, `pn_count-${h}.so`);
  if (existsSync(so)) return so;
  mkdirSync(dir, { recursive: true });
  const tmp = so + ".tmp-" + process.pid;
  removeOnExit(tmp);
  try {
    execFileSync(cc.path, ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-fPIC", "-shared", "-o", tmp, PLUGIN_SRC], { stdio: ["ignore", "pipe", "pipe"] });
    renameSync(tmp, so);
  } catch (e) {
    const err = e as { stderr?: Buffer };
    throw new SimError(`building the QEMU plugin failed:\n${err.stderr?.toString() ?? String(e)}`);
  } finally {
    rmSync(tmp, { force: true });
    release(tmp);
  }
  return so;
}

export interface PluginCounts {
  plugin: string;
  arch: string;
  classes: string[];
  markers: { begin: number; end: number; unbalanced: number };
  total: number[];
  calibration: number[] | null;
  frames: number[][];
  /** With funcs: [index into the funcs list (funcs.length = outside every function), per-class counts summed over frames]. */
  functions?: [number, number[]][];
  /** With grouped funcs: per frame, per group (the last: outside any function or ungrouped), per class; marker overhead not subtracted. */
  frameGroups?: number[][][];
}

export interface QemuRun {
  exitCode: number;
  stdout: string;
  counts: PluginCounts;
  /** Parsed "pn_sim: key=value" line. */
  harness: Record<string, number>;
  /** The output PCM; empty when opts.onOutputFile took the file instead. */
  outputPcm: Buffer;
  /** Size and sha256 of the output, computed block by block. */
  output: { bytes: number; sha256: string };
  command: string[];
  wallSeconds: number;
}

/** Size and sha256 of a file, read in blocks. */
export function fileDigest(file: string): { bytes: number; sha256: string } {
  const h = createHash("sha256");
  const buf = Buffer.alloc(1 << 20);
  const fd = openSync(file, "r");
  let bytes = 0;
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      h.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: h.digest("hex") };
}

/** The coreutils timeout, when present: it holds QEMU's time limit even if this process is killed. */
const TIMEOUT_BIN = ["/usr/bin/timeout", "/bin/timeout"].find((f) => existsSync(f));

function runProc(cmd: string, args: string[], cwd: string, timeoutS: number): Promise<{ code: number; out: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    // Its own process group, killed with this process (sim/leftovers.ts); the limit is kept twice:
    // here, and by timeout(1) in the group, which outlives a SIGKILLed parent.
    const [exe, argv] = TIMEOUT_BIN ? [TIMEOUT_BIN, ["-s", "KILL", String(Math.ceil(timeoutS) + 5), cmd, ...args]] : [cmd, args];
    let timedOut = false;
    const p = spawnGroup(exe, argv, { cwd, stdio: ["ignore", "pipe", "pipe"], timeoutS, onTimeout: () => (timedOut = true) });
    let out = "";
    p.stdout!.on("data", (d) => (out += d));
    p.stderr!.on("data", (d) => (out += d));
    p.on("error", (e) => resolve({ code: -1, out: out + String(e), timedOut }));
    p.on("close", (code) => resolve({ code: code ?? -1, out, timedOut: timedOut || code === 137 }));
  });
}

/**
 * Run a sim ELF (firmware/sim/sim_main.c linked) on the board's QEMU with the counting plugin.
 * The input file is linked into a private run directory as in.pcm; semihosting opens in.pcm and
 * out.pcm relative to QEMU's working directory (no commas or spaces reach QEMU's option parser).
 */
export async function runOnQemu(
  board: BoardProfile,
  elf: string,
  markers: { begin: number; end: number },
  inputPcm: string,
  opts: {
    timeoutS?: number;
    keepRunDir?: boolean;
    classesFile?: string;
    /** group: optional 0..15; the plugin then also splits every frame per group (PluginCounts.frameGroups). */
    funcs?: { addr: number; size: number; group?: number }[];
    /** Called about twice a second with the bytes of out.pcm written so far (the harness writes it frame by frame). */
    onOutputBytes?: (bytes: number) => void;
    /** Given the output file instead of its contents (long inputs: memory stays bounded). */
    onOutputFile?: (pcmFile: string) => void;
    /** More harness arguments after IN.pcm OUT.pcm (the runtime controls, sim/engines/controls.ts). */
    harnessArgs?: string[];
  } = {},
): Promise<QemuRun> {
  if (!board.sim) throw new SimError(`board ${board.name} is not simulated (kind "${board.kind}")`);
  const q = qemu(board.sim.qemu);
  const plugin = buildPlugin();
  mkdirSync(path.join(BUILD_DIR, "runs"), { recursive: true });
  const runDir = mkdtempSync(path.join(BUILD_DIR, "runs", `${board.name}-`));
  removeOnExit(runDir);
  let failed = true;
  try {
    symlinkSync(path.resolve(inputPcm), path.join(runDir, "in.pcm"));
    copyFileSync(elf, path.join(runDir, "fw.elf"));
    if (opts.funcs) writeFileSync(path.join(runDir, "funcs.txt"), opts.funcs.map((f) => `${f.addr.toString(16)} ${f.size.toString(16)}${f.group === undefined ? "" : " " + f.group}\n`).join(""));
    const pluginArg =
      `${plugin},arg=begin=0x${markers.begin.toString(16)},arg=end=0x${markers.end.toString(16)},arg=out=counts.json` +
      (opts.classesFile ? ",arg=classes=classes.tsv" : "") +
      (opts.funcs ? ",arg=funcs=funcs.txt" : "");
    let args: string[];
    if (board.sim.mode === "system") {
      args = [
        "-M", board.sim.machine!, "-nographic", "-monitor", "none", "-serial", "none",
        "-semihosting-config", ["enable=on,target=native,arg=fw.elf,arg=in.pcm,arg=out.pcm", ...(opts.harnessArgs ?? []).map((a) => `arg=${a}`)].join(","),
        "-kernel", "fw.elf", "-plugin", pluginArg,
      ];
      if (board.sim.cpu) args.unshift("-cpu", board.sim.cpu);
    } else {
      args = ["-cpu", board.sim.cpu!, "-plugin", pluginArg, "./fw.elf", "in.pcm", "out.pcm", ...(opts.harnessArgs ?? [])];
    }
    const t0 = Date.now();
    const poll = opts.onOutputBytes
      ? setInterval(() => {
          try {
            opts.onOutputBytes!(statSync(path.join(runDir, "out.pcm")).size);
          } catch {
            /* not created yet */
          }
        }, 500)
      : undefined;
    const r = await runProc(q.path, args, runDir, opts.timeoutS ?? 600).finally(() => clearInterval(poll));
    const wallSeconds = (Date.now() - t0) / 1000;
    if (r.timedOut) throw new SimError(`${board.name}: QEMU did not finish within ${opts.timeoutS ?? 600} s\n$ ${q.path} ${args.join(" ")}\n${r.out}`);
    if (r.code !== 0) {
      const fault = r.code >= 100 && r.code < 110 ? ` (firmware fault handler: exception ${r.code - 100})` : "";
      throw new SimError(`${board.name}: firmware exited with status ${r.code}${fault}\n$ (cd ${runDir} && ${q.path} ${args.join(" ")})\n${r.out}`);
    }
    const countsFile = path.join(runDir, "counts.json");
    if (!existsSync(countsFile)) throw new SimError(`${board.name}: the counting plugin wrote no counts.json\n${r.out}`);
    const counts = JSON.parse(readFileSync(countsFile, "utf8")) as PluginCounts;
    if (counts.markers.unbalanced) throw new SimError(`${board.name}: frame markers unbalanced (${counts.markers.unbalanced})`);
    const harness: Record<string, number> = {};
    const line = /pn_sim: (frames=.*)$/m.exec(r.out);
    if (line) for (const kv of line[1].trim().split(/\s+/)) {
      const [k, v] = kv.split("=");
      harness[k] = Number(v);
    }
    const outFile = path.join(runDir, "out.pcm");
    const output = fileDigest(outFile);
    let outputPcm = Buffer.alloc(0);
    if (opts.onOutputFile) opts.onOutputFile(outFile);
    else outputPcm = readFileSync(outFile);
    if (opts.classesFile) copyFileSync(path.join(runDir, "classes.tsv"), opts.classesFile);
    failed = false;
    return { exitCode: r.code, stdout: r.out, counts, harness, outputPcm, output, command: [q.path, ...args], wallSeconds };
  } finally {
    // Nothing is left behind, unless asked: PERCEPNET_KEEP_RUNS=1 keeps a failed run's folder
    // (fw.elf, in.pcm, counts) for the command in the error message.
    release(runDir);
    if (!opts.keepRunDir && (!failed || !process.env.PERCEPNET_KEEP_RUNS)) rmSync(runDir, { recursive: true, force: true });
  }
}

/** Run a host executable built by buildHost() on a PCM file; returns its output PCM. */
export async function runHost(exe: string, inputPcm: string, timeoutS = 120): Promise<Buffer> {
  mkdirSync(path.join(BUILD_DIR, "runs"), { recursive: true });
  const runDir = mkdtempSync(path.join(BUILD_DIR, "runs", `host-`));
  removeOnExit(runDir);
  try {
    const r = await runProc(exe, [path.resolve(inputPcm), path.join(runDir, "out.pcm")], runDir, timeoutS);
    if (r.code !== 0) throw new SimError(`host run failed with status ${r.code}:\n${r.out}`);
    return readFileSync(path.join(runDir, "out.pcm"));
  } finally {
    rmSync(runDir, { recursive: true, force: true });
    release(runDir);
  }
}
