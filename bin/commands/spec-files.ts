// Expand the paths given on the command line into spec .ts files (folders are walked). A path
// that does not exist, a symlink loop, or no spec file at all is an error, not "ok: 0 files".
import * as fs from "node:fs";
import * as path from "node:path";

export class SpecFilesError extends Error {}

export function specFiles(paths: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (p: string, given: boolean): void => {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p, { throwIfNoEntry: false });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new SpecFilesError(`${p}: ${code === "ELOOP" ? "a symlink loop" : `cannot read (${code ?? (e as Error).message})`}`);
    }
    if (!st) throw new SpecFilesError(fs.lstatSync(p, { throwIfNoEntry: false }) ? `${p}: a broken symlink` : `no such file or folder: ${p}`);
    if (st.isDirectory()) {
      // A folder reached twice through symlinks is walked once.
      const real = fs.realpathSync(p);
      if (seen.has(real)) return;
      seen.add(real);
      for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e), false);
    } else if (p.endsWith(".ts") && !p.endsWith(".d.ts") && path.basename(p) !== "prelude.ts") out.push(p);
    else if (given) throw new SpecFilesError(`${p}: not a spec file (spec files are .ts modules other than prelude.ts)`);
  };
  for (const p of paths.length ? paths : ["spec"]) {
    const before = out.length;
    walk(p, true);
    if (out.length === before) throw new SpecFilesError(`${p}: no spec .ts files in it`);
  }
  return out;
}
