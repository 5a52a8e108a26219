/**
 * Nothing left behind: temporary files and child process groups (QEMU, compilers, the host
 * enhancer) registered here are removed or killed when the process exits, fails or gets
 * SIGINT/SIGTERM/SIGHUP. Children are spawned detached (their own process group) so that
 * kill(-pid) takes the whole tree, and killed here rather than left to the terminal.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import * as fs from "node:fs";

const paths = new Set<string>();
const groups = new Set<number>();
let installed = false;

function cleanup(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  groups.clear();
  for (const p of paths) fs.rmSync(p, { recursive: true, force: true });
  paths.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", cleanup);
  for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const)
    process.on(sig, () => {
      cleanup();
      process.exit(code);
    });
}

/** Remove this path (file or folder) on exit or signal unless released first. */
export function removeOnExit(p: string): void {
  install();
  paths.add(p);
}

export function release(p: string): void {
  paths.delete(p);
}

/**
 * spawn() in a process group of its own, killed with this process; a timeout (seconds) kills the
 * group too, and lives in this process, which cannot be orphaned from its children.
 */
export function spawnGroup(cmd: string, args: string[], opts: SpawnOptions & { timeoutS?: number; onTimeout?: () => void } = {}): ChildProcess {
  install();
  const p = spawn(cmd, args, { ...opts, detached: true });
  if (p.pid === undefined) return p;
  const pid = p.pid;
  groups.add(pid);
  const timer = opts.timeoutS ? setTimeout(() => {
    opts.onTimeout?.();
    killGroup(pid);
  }, opts.timeoutS * 1000) : undefined;
  p.on("exit", () => {
    if (timer) clearTimeout(timer);
    // The leader is gone; its group may still hold grandchildren (cc1, as): end them too.
    killGroup(pid);
  });
  return p;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // no such group
  }
  groups.delete(pid);
}

/** Whether a process with this id exists (EPERM: it does, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Remove the files in dir named with the id of a process that no longer runs (pattern's first
 * group): what a run killed by SIGKILL, which no handler sees, left behind.
 */
export function removeStale(dir: string, pattern: RegExp): void {
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const m = pattern.exec(f);
    if (m && !alive(Number(m[1]))) fs.rmSync(`${dir}/${f}`, { force: true });
  }
}
