/**
 * Static stack analysis from GCC's -fstack-usage (.su) and -fcallgraph-info=su (.ci, VCG) files:
 * the worst-case stack depth of a root function is the heaviest path through the call graph, each
 * function weighing its own frame. Functions GCC has no frame size for (libc, compiler runtime)
 * are listed as unknown, and so are indirect calls and recursion: the bound is then a lower bound.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

export interface StackRoot {
  root: string;
  /** Worst-case bytes along the heaviest known path (null if the root was not found). */
  bytes: number | null;
  /** The heaviest path, root first, with each function's own frame. */
  path: { fn: string; frame: number }[];
  /** True when the bound is exact for the code GCC compiled: no unknown callees, no indirect calls, no recursion, no dynamic frames. */
  complete: boolean;
  unknownCallees: string[];
  indirectCalls: boolean;
  recursion: string[];
  dynamicFrames: string[];
}

export interface StackReport {
  method: string;
  roots: StackRoot[];
}

interface Node {
  frame: number | null;
  qualifier: string;
}

export function analyseStack(opts: { dirs: string[]; roots: string[] }): StackReport {
  const nodes = new Map<string, Node>();
  const edges = new Map<string, Set<string>>();
  for (const dir of opts.dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (!f.endsWith(".ci")) continue;
      const txt = readFileSync(path.join(dir, f), "utf8");
      for (const m of txt.matchAll(/node: \{ title: "([^"]+)" label: "([^"]*)"/g)) {
        const title = m[1];
        const bytes = /\\n(\d+) bytes \(([^)]*)\)/.exec(m[2]);
        const prev = nodes.get(title);
        const node: Node = bytes ? { frame: Number(bytes[1]), qualifier: bytes[2] } : { frame: null, qualifier: "unknown" };
        if (!prev || (prev.frame === null && node.frame !== null) || (prev.frame !== null && node.frame !== null && node.frame > prev.frame)) nodes.set(title, node);
      }
      for (const m of txt.matchAll(/edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"/g)) {
        if (!edges.has(m[1])) edges.set(m[1], new Set());
        edges.get(m[1])!.add(m[2]);
      }
    }
  }
  const roots = opts.roots.map((root): StackRoot => {
    const unknown = new Set<string>();
    const recursion = new Set<string>();
    const dynamic = new Set<string>();
    let indirect = false;
    const memo = new Map<string, { bytes: number; path: { fn: string; frame: number }[] }>();
    const onPath = new Set<string>();
    const visit = (fn: string): { bytes: number; path: { fn: string; frame: number }[] } => {
      if (fn === "__indirect_call") {
        indirect = true;
        return { bytes: 0, path: [] };
      }
      const node = nodes.get(fn);
      if (!node || node.frame === null) {
        unknown.add(fn);
        return { bytes: 0, path: [{ fn: fn + " (unknown)", frame: 0 }] };
      }
      if (onPath.has(fn)) {
        recursion.add(fn);
        return { bytes: 0, path: [] };
      }
      const hit = memo.get(fn);
      if (hit) return hit;
      if (node.qualifier.includes("dynamic")) dynamic.add(fn);
      onPath.add(fn);
      let best = { bytes: 0, path: [] as { fn: string; frame: number }[] };
      for (const callee of edges.get(fn) ?? []) {
        const r = visit(callee);
        if (r.bytes > best.bytes || (best.path.length === 0 && r.path.length > 0)) best = r;
      }
      onPath.delete(fn);
      // Static functions are titled "/dir/file.c:name"; keep "file.c:name".
      const res = { bytes: node.frame + best.bytes, path: [{ fn: fn.replace(/^.*\/(?=[^/]*:)/, ""), frame: node.frame }, ...best.path] };
      memo.set(fn, res);
      return res;
    };
    if (!nodes.has(root)) return { root, bytes: null, path: [], complete: false, unknownCallees: [], indirectCalls: false, recursion: [], dynamicFrames: [] };
    const r = visit(root);
    return {
      root,
      bytes: r.bytes,
      path: r.path,
      complete: unknown.size === 0 && !indirect && recursion.size === 0 && dynamic.size === 0,
      unknownCallees: [...unknown].sort(),
      indirectCalls: indirect,
      recursion: [...recursion].sort(),
      dynamicFrames: [...dynamic].sort(),
    };
  });
  return {
    method: "GCC -fstack-usage frame sizes on the -fcallgraph-info=su call graph (payload + CMSIS-DSP objects); heaviest path from each root",
    roots,
  };
}
