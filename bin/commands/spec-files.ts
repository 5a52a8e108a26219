// Expand the paths given on the command line into spec .ts files (folders are walked).
import * as fs from "node:fs";
import * as path from "node:path";

export function specFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) throw new Error(`no such file or folder: ${p}`);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    } else if (p.endsWith(".ts") && !p.endsWith(".d.ts") && path.basename(p) !== "prelude.ts") out.push(p);
  };
  for (const p of paths.length ? paths : ["spec"]) walk(p);
  return out;
}
