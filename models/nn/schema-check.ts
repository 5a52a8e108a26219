// A JSON Schema checker for the keywords the description schema (description.schema.json) uses, and
// no more: the first violation as one line naming the field ("layers[3].fc.rows: expected an
// integer, got "32""). models/nn/schema_check.py is the same checker in Python, with the same
// messages (test/nn/description-schema.test.ts holds them to it). A schema using any other keyword
// is refused, so a keyword cannot be written and silently ignored.
//
// Why not ajv: it is not among the project's dependencies (node_modules is fixed here); this
// covers the 20 keywords one versioned schema needs, and the Python side needs its own anyway.

/** A schema node: a boolean (true: anything; false: nothing) or an object of keywords. */
export type SchemaNode = boolean | { [keyword: string]: unknown };

/** Keywords with a meaning here; annotations (description, title, $comment, x-…) are allowed too. */
const KEYWORDS = new Set([
  "type", "const", "enum", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
  "minimum", "maximum", "exclusiveMinimum", "minLength", "$ref", "oneOf", "$defs",
]);
const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "$comment"]);

/** Throws if the schema uses a keyword this checker does not implement. */
export function assertSupported(node: SchemaNode, at = "#"): void {
  if (typeof node === "boolean") return;
  for (const [k, v] of Object.entries(node)) {
    if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k) && !k.startsWith("x-")) throw new Error(`schema ${at}: keyword ${k} is not supported by models/nn/schema-check.ts`);
    if (k === "properties" || k === "$defs") for (const [p, s] of Object.entries(v as Record<string, SchemaNode>)) assertSupported(s, `${at}/${k}/${p}`);
    if (k === "items" || k === "additionalProperties") assertSupported(v as SchemaNode, `${at}/${k}`);
    if (k === "oneOf") (v as SchemaNode[]).forEach((s, i) => assertSupported(s, `${at}/oneOf/${i}`));
  }
}

/** A value as a message shows it: scalars as JSON, arrays and objects by kind. */
function shown(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v !== null && typeof v === "object") return "an object";
  return JSON.stringify(v);
}

const TYPE_NAMES: Record<string, string> = {
  integer: "an integer", number: "a number", string: "a string", boolean: "a boolean", array: "an array", object: "an object", null: "null",
};

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case "integer": return typeof v === "number" && Number.isInteger(v);
    case "number": return typeof v === "number" && Number.isFinite(v);
    case "string": return typeof v === "string";
    case "boolean": return typeof v === "boolean";
    case "array": return Array.isArray(v);
    case "object": return v !== null && typeof v === "object" && !Array.isArray(v);
    case "null": return v === null;
  }
  throw new Error(`schema: type ${t}`);
}

const field = (at: string, key: string) => (at ? `${at}.${key}` : key);
const where = (at: string) => at || "(the document)";

/** The first violation of VALUE against the schema ROOT, as "field: what is wrong", or undefined. */
export function check(root: SchemaNode, value: unknown): string | undefined {
  const resolve = (ref: string): SchemaNode => {
    const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const defs = (root as { $defs?: Record<string, SchemaNode> }).$defs;
    if (!m || !defs || !(m[1] in defs)) throw new Error(`schema: $ref ${ref} is not a #/$defs/ entry`);
    return defs[m[1]];
  };
  const visit = (s: SchemaNode, v: unknown, at: string): string | undefined => {
    if (s === true) return undefined;
    if (s === false) return `${where(at)}: not allowed`;
    if (typeof s.$ref === "string") return visit(resolve(s.$ref), v, at);
    if ("const" in s && v !== s.const) return `${where(at)}: expected ${JSON.stringify(s.const)}, got ${shown(v)}`;
    if (Array.isArray(s.enum) && !s.enum.includes(v)) return `${where(at)}: expected one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${shown(v)}`;
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => hasType(v, t))) return `${where(at)}: expected ${types.map((t) => TYPE_NAMES[t]).join(" or ")}, got ${shown(v)}`;
    }
    if (Array.isArray(s.oneOf)) return oneOf(s.oneOf as SchemaNode[], v, at);
    if (typeof v === "number") {
      if (typeof s.minimum === "number" && v < s.minimum) return `${where(at)}: ${v} is below the minimum ${s.minimum}`;
      if (typeof s.maximum === "number" && v > s.maximum) return `${where(at)}: ${v} is above the maximum ${s.maximum}`;
      if (typeof s.exclusiveMinimum === "number" && v <= s.exclusiveMinimum) return `${where(at)}: ${v} is not above ${s.exclusiveMinimum}`;
    }
    if (typeof v === "string" && typeof s.minLength === "number" && v.length < s.minLength) return `${where(at)}: shorter than ${s.minLength} characters`;
    if (Array.isArray(v)) {
      const lo = s.minItems as number | undefined;
      const hi = s.maxItems as number | undefined;
      if (lo !== undefined && lo === hi && v.length !== lo) return `${where(at)}: ${v.length} values, expected ${lo}`;
      if (lo !== undefined && v.length < lo) return `${where(at)}: ${v.length} values, expected at least ${lo}`;
      if (hi !== undefined && v.length > hi) return `${where(at)}: ${v.length} values, expected at most ${hi}`;
      if (s.items !== undefined) {
        for (let i = 0; i < v.length; i++) {
          const e = visit(s.items as SchemaNode, v[i], `${at}[${i}]`);
          if (e) return e;
        }
      }
    }
    if (hasType(v, "object")) {
      const o = v as Record<string, unknown>;
      for (const k of (s.required as string[] | undefined) ?? []) if (!(k in o)) return `${where(at)}: missing field "${k}"`;
      const props = (s.properties as Record<string, SchemaNode> | undefined) ?? {};
      for (const [k, x] of Object.entries(o)) {
        const sub = k in props ? props[k] : (s.additionalProperties as SchemaNode | undefined);
        if (sub === false) return `${where(at)}: unknown field "${k}"`;
        if (sub !== undefined) {
          const e = visit(sub, x, field(at, k));
          if (e) return e;
        }
      }
    }
    return undefined;
  };
  // oneOf over object branches told apart by one const property (the layers' "kind"): the branch
  // that property selects, so the message is that branch's, not "matches none of 3".
  const oneOf = (branches: SchemaNode[], v: unknown, at: string): string | undefined => {
    const resolved = branches.map((b) => (typeof b === "object" && typeof b.$ref === "string" ? resolve(b.$ref) : b));
    const tags = resolved.map((b) => (typeof b === "object" ? Object.entries((b.properties ?? {}) as Record<string, SchemaNode>).find(([, p]) => typeof p === "object" && "const" in p) : undefined));
    const key = tags[0]?.[0];
    if (!key || tags.some((t) => t?.[0] !== key)) throw new Error("schema: oneOf needs branches told apart by one const property");
    if (!hasType(v, "object")) return `${where(at)}: expected an object, got ${shown(v)}`;
    if (!(key in (v as object))) return `${where(at)}: missing field "${key}"`;
    const tag = (v as Record<string, unknown>)[key];
    const k = tags.findIndex((t) => (t![1] as { const: unknown }).const === tag);
    if (k < 0) return `${field(at, key)}: expected one of ${tags.map((t) => JSON.stringify((t![1] as { const: unknown }).const)).join(", ")}, got ${shown(tag)}`;
    return visit(resolved[k], v, at);
  };
  return visit(root, value, "");
}
