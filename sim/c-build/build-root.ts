/**
 * Where the build caches live (build/gen, build/fw, build/cmsis-dsp, build/plugin, build/runs):
 * build/ in the repository, or PERCEPNET_BUILD_DIR (a cold cache for tests, a writable place for
 * a read-only install). Cache entries are made in a private folder beside their final place and
 * renamed into it, so concurrent runs never see or delete each other's half-built files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../codegen/src/host-build.ts";

export const BUILD_DIR = process.env.PERCEPNET_BUILD_DIR ? path.resolve(process.env.PERCEPNET_BUILD_DIR) : path.join(REPO_ROOT, "build");

/**
 * A fresh private folder in parent (created if needed) for building one cache entry. mkdtemp
 * makes it mode 0700; it gets the umask's mode instead, since it becomes the shared cache entry.
 */
export function privateTempDir(parent: string): string {
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, `.tmp-${process.pid}-`));
  const umask = process.umask();
  fs.chmodSync(dir, 0o777 & ~umask);
  return dir;
}

/**
 * Move a finished private folder to its cache place. If another run got there first, its entry
 * (built from the same inputs) is kept and ours discarded; nothing already in place is deleted.
 */
export function publishDir(tmp: string, dir: string): void {
  try {
    fs.renameSync(tmp, dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw e;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
