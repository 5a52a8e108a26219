// Reads spec/prelude.ts into the builtin table: each builtin's signature, its C mapping (`@c`)
// and which array parameters it writes (`@writes`). The prelude is the one place where a builtin
// is declared, so its TS reference and its C name cannot drift apart.
import { Node, type SourceFile } from "ts-morph";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ARRAY_ELEM, SCALARS, type ScalarName, type SType } from "./types.js";

export const PRELUDE_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../spec/prelude.ts");

/** A builtin parameter: a subset type, or `numeric` for the conversions that take any number. */
export type BuiltinParam = SType | "numeric";

export type CMapping = { kind: "call"; name: string } | { kind: "cast"; ctype: string } | { kind: "const"; text: string };

export interface BuiltinFunction {
  name: string;
  params: BuiltinParam[];
  ret: SType;
  c: CMapping;
  writes: Set<number>;
}

export interface BuiltinConst {
  name: string;
  type: SType;
  value: number;
  c: CMapping;
}

export interface Prelude {
  functions: Map<string, BuiltinFunction>;
  consts: Map<string, BuiltinConst>;
  /** The conversion builtins named after types: f32(x), i16(x), ... */
  conversions: Set<string>;
}

function preludeType(text: string): BuiltinParam {
  if (text === "number") return "numeric";
  if (text === "void") return { kind: "void" };
  if ((SCALARS as readonly string[]).includes(text)) return { kind: "scalar", name: text as ScalarName };
  const elem = ARRAY_ELEM[text];
  if (elem) return { kind: "array", elem, ctor: text };
  throw new Error(`prelude: unsupported type ${text}`);
}

function cTag(node: Node, name: string): { c: CMapping; writes: Set<number> } {
  const docs = Node.isJSDocable(node) ? node.getJsDocs() : [];
  const text = docs.map((d) => d.getInnerText()).join("\n");
  const m = /@c\s+(call|cast|const)\s+([A-Za-z_][A-Za-z0-9_ ]*?)(?=\s*(?:@|\*|$))/m.exec(text);
  if (!m) throw new Error(`prelude: ${name} has no @c tag`);
  const kind = m[1] as CMapping["kind"];
  const arg = m[2].trim();
  const c: CMapping = kind === "call" ? { kind, name: arg } : kind === "cast" ? { kind, ctype: arg } : { kind, text: arg };
  const writes = new Set<number>();
  for (const w of text.matchAll(/@writes\s+(\d+)/g)) writes.add(Number(w[1]));
  return { c, writes };
}

export function loadPrelude(sf: SourceFile): Prelude {
  const functions = new Map<string, BuiltinFunction>();
  const consts = new Map<string, BuiltinConst>();
  const conversions = new Set<string>();
  for (const fn of sf.getFunctions()) {
    if (!fn.isExported()) continue;
    const name = fn.getNameOrThrow();
    const params = fn.getParameters().map((p) => preludeType(p.getTypeNodeOrThrow().getText()));
    const ret = preludeType(fn.getReturnTypeNodeOrThrow().getText());
    if (ret === "numeric") throw new Error(`prelude: ${name} returns number`);
    const { c, writes } = cTag(fn, name);
    functions.set(name, { name, params, ret, c, writes });
    if (c.kind === "cast") conversions.add(name);
  }
  for (const stmt of sf.getVariableStatements()) {
    if (!stmt.isExported()) continue;
    for (const d of stmt.getDeclarations()) {
      const t = preludeType(d.getTypeNodeOrThrow().getText());
      if (t === "numeric" || t.kind !== "scalar") throw new Error(`prelude: const ${d.getName()} must be a scalar`);
      const { c } = cTag(stmt, d.getName());
      const value = Number(Function(`return (${d.getInitializerOrThrow().getText()})`)());
      consts.set(d.getName(), { name: d.getName(), type: t, value, c });
    }
  }
  return { functions, consts, conversions };
}
