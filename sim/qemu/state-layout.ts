/**
 * Where the bytes of the product's state go: the layout of pn_instance (firmware/src/pn_config.h:
 * a magic word and the generated EnhancerState) field by field, nested structs expanded.
 *
 * The struct definitions are read from the payload's headers (the generated C under build/gen and
 * firmware/src); offsets and sizes are not computed here but by the board's own compiler: a tiny C
 * file lists offsetof/sizeof of every field in a const array, is compiled to assembly (-S) with the
 * payload's include dirs and the board's flags, and the array's words are read back. So padding and
 * alignment are the target's, and the total is sizeof(pn_instance), which pn_state_size() returns.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BoardProfile } from "../boards.ts";
import { BASE_CFLAGS, boardCflags, compilerFor, FIRMWARE_INCLUDE } from "../c-build/build.ts";

/** Issue 18 item 4: the state should fit 64 KiB on the M4F. */
export const STATE_TARGET_BYTES = 64 * 1024;

export interface StateField {
  /** Member path from the root, e.g. "enh.dn.xh". */
  path: string;
  /** C type as declared, with array dimensions, e.g. "float[11840]" or "DenoiserState". */
  type: string;
  offset: number;
  bytes: number;
  /** Nested struct members; for a struct, also the padding inside it (bytes minus the members' sum). */
  children?: StateField[];
  padding?: number;
}

export interface StateLayout {
  root: string;
  /** sizeof(root) on the target: what pn_state_size() returns. */
  totalBytes: number;
  targetBytes: number;
  /** totalBytes <= targetBytes */
  meetsTarget: boolean;
  /** The root's members, nested. */
  fields: StateField[];
  /** Every field that is not a struct (arrays and scalars), largest first. */
  leaves: { path: string; type: string; bytes: number; percent: number }[];
  compiler: string;
  method: string;
}

interface StructDef {
  name: string;
  fields: { type: string; name: string; dims: string }[];
}

/** `typedef struct [Tag] { ... } Name;` definitions in a header's text. */
export function parseStructs(text: string): StructDef[] {
  const out: StructDef[] = [];
  const re = /typedef\s+struct\s*\w*\s*\{([^{}]*)\}\s*(\w+)\s*;/g;
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  for (let m; (m = re.exec(clean)); ) {
    const fields: StructDef["fields"] = [];
    for (const decl of m[1].split(";")) {
      const d = decl.trim();
      if (!d) continue;
      const f = /^(.*?[\w*])\s*\b(\w+)\s*((?:\[[^\]]+\]\s*)*)$/.exec(d);
      if (!f) throw new Error(`state layout: cannot parse member "${d}" of ${m[2]}`);
      fields.push({ type: f[1].trim(), name: f[2], dims: f[3].replace(/\s+/g, "") });
    }
    out.push({ name: m[2], fields });
  }
  return out;
}

function headersUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...headersUnder(p));
    else if (e.endsWith(".h")) out.push(p);
  }
  return out;
}

/**
 * The state layout of a payload on a board, or null when the payload has no pn_instance (a test
 * payload without firmware/src/pn_config.h).
 */
export function stateLayout(board: BoardProfile, payload: { includeDirs?: string[]; defines?: string[] }, root = "pn_instance"): StateLayout | null {
  const dirs = (payload.includeDirs ?? []).map((d) => path.resolve(d));
  const structs = new Map<string, StructDef>();
  for (const h of dirs.flatMap(headersUnder)) for (const s of parseStructs(readFileSync(h, "utf8"))) if (!structs.has(s.name)) structs.set(s.name, s);
  if (!structs.has(root) || !dirs.some((d) => existsSync(path.join(d, "pn_config.h")))) return null;

  // every member path, depth first, with its declared type
  type Node = { path: string; type: string; struct: string | null; children: Node[] };
  const expand = (sname: string, prefix: string, depth: number): Node[] => {
    if (depth > 16) throw new Error(`state layout: structs nested too deep at ${prefix}`);
    return structs.get(sname)!.fields.map((f) => {
      const p = prefix ? `${prefix}.${f.name}` : f.name;
      const base = f.type.replace(/\bconst\b/g, "").trim();
      const isStruct = !f.dims && structs.has(base) && !base.includes("*");
      return { path: p, type: base + f.dims, struct: isStruct ? base : null, children: isStruct ? expand(base, p, depth + 1) : [] };
    });
  };
  const tree = expand(root, "", 0);
  const flat: Node[] = [];
  const walk = (ns: Node[]) => ns.forEach((n) => (flat.push(n), walk(n.children)));
  walk(tree);

  const cc = compilerFor(board);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "pn-state-layout-"));
  try {
    const src = path.join(tmp, "layout.c");
    const words = [`(unsigned long)sizeof(${root})`, ...flat.flatMap((n) => [`(unsigned long)offsetof(${root}, ${n.path})`, `(unsigned long)sizeof(((${root} *)0)->${n.path})`])];
    writeFileSync(src, ["#include <stddef.h>", '#include "pn_config.h"', `const unsigned long pn_layout[${words.length}] = {`, ...words.map((w) => `  ${w},`), "};", ""].join("\n"));
    const asm = path.join(tmp, "layout.s");
    const flags = [...BASE_CFLAGS, ...boardCflags(board), ...(payload.defines ?? []).map((d) => "-D" + d), "-I", FIRMWARE_INCLUDE, ...dirs.flatMap((d) => ["-I", d])];
    execFileSync(cc.gcc, [...flags, "-S", src, "-o", asm], { stdio: ["ignore", "pipe", "pipe"] });
    const text = readFileSync(asm, "utf8");
    const at = text.search(/^pn_layout:/m);
    if (at < 0) throw new Error("state layout: pn_layout not found in the compiler's assembly");
    const vals = [...text.slice(at).matchAll(/^\s*\.(?:word|long|4byte|xword|quad|8byte)\s+(\d+)/gm)].slice(0, words.length).map((m) => Number(m[1]));
    if (vals.length !== words.length) throw new Error(`state layout: read ${vals.length} of ${words.length} values from the assembly`);
    const total = vals[0];
    const info = new Map(flat.map((n, i) => [n.path, { offset: vals[1 + 2 * i], bytes: vals[2 + 2 * i] }]));
    const build = (ns: Node[]): StateField[] =>
      ns.map((n) => {
        const { offset, bytes } = info.get(n.path)!;
        if (!n.struct) return { path: n.path, type: n.type, offset, bytes };
        const children = build(n.children);
        return { path: n.path, type: n.type, offset, bytes, children, padding: bytes - children.reduce((a, c) => a + c.bytes, 0) };
      });
    const fields = build(tree);
    const leaves: StateLayout["leaves"] = [];
    const collect = (fs: StateField[]) => fs.forEach((f) => (f.children ? collect(f.children) : leaves.push({ path: f.path, type: f.type, bytes: f.bytes, percent: (100 * f.bytes) / total })));
    collect(fields);
    leaves.sort((a, b) => b.bytes - a.bytes);
    return {
      root,
      totalBytes: total,
      targetBytes: STATE_TARGET_BYTES,
      meetsTarget: total <= STATE_TARGET_BYTES,
      fields,
      leaves,
      compiler: cc.version,
      method:
        `struct definitions parsed from the payload's headers; offsetof/sizeof of every member of ${root} computed by the board's compiler (${path.basename(cc.gcc)} -S with the board's flags) and read back from the assembly, so alignment and padding are the target's; the total is sizeof(${root}), what pn_state_size() returns`,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Markdown: the total against the target, the state by struct (two levels), and the largest arrays. */
export function renderStateMarkdown(s: StateLayout, top = 20): string[] {
  const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
  const pc = (x: number) => `${((100 * x) / s.totalBytes).toFixed(1)} %`;
  const rows: string[] = [];
  const add = (fs: StateField[], depth: number) => {
    for (const f of fs) {
      if (depth > 0 && !f.children && f.bytes < s.totalBytes / 100) continue; // small leaves are summed below
      rows.push(`| ${"· ".repeat(depth)}\`${f.path}\` | ${f.type} | ${fmt(f.bytes)} | ${pc(f.bytes)} |`);
      if (f.children && depth < 2 && f.bytes >= s.totalBytes / 100) {
        add(f.children, depth + 1);
        const small = f.children.filter((c) => !c.children && c.bytes < s.totalBytes / 100);
        const sb = small.reduce((a, c) => a + c.bytes, 0) + (f.padding ?? 0);
        if (sb > 0) rows.push(`| ${"· ".repeat(depth + 1)}(${small.length} smaller members of \`${f.path}\`${f.padding ? `, ${f.padding} bytes padding` : ""}) | | ${fmt(sb)} | ${pc(sb)} |`);
      }
    }
  };
  add(s.fields, 0);
  return [
    "## State",
    "",
    `\`pn_state_size()\` = sizeof(\`${s.root}\`) = **${fmt(s.totalBytes)} bytes** (${(s.totalBytes / 1024).toFixed(1)} KiB); issue 18's target: ≤ ${fmt(s.targetBytes)} bytes (64 KiB): ${s.meetsTarget ? "**met**" : `**not met** (${fmt(s.totalBytes - s.targetBytes)} bytes over)`}.`,
    "",
    "| member | type | bytes | % of state |",
    "|---|---|---:|---:|",
    ...rows,
    "",
    `Largest arrays (top ${Math.min(top, s.leaves.length)} of ${s.leaves.length} non-struct members):`,
    "",
    "| member | type | bytes | % |",
    "|---|---|---:|---:|",
    ...s.leaves.slice(0, top).map((l) => `| \`${l.path}\` | ${l.type} | ${fmt(l.bytes)} | ${l.percent.toFixed(1)} % |`),
    "",
    `Method: ${s.method}.`,
    "",
  ];
}
