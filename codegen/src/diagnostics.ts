// Diagnostics of the subset checker: one code per rule, each with what is wrong and what to write
// instead. docs/subset.md lists the same table; test/checker-rejects checks every code.
import type { Node } from "ts-morph";
import * as path from "node:path";

export interface Rule {
  /** What is wrong, in a few words. */
  what: string;
  /** What to write instead. */
  fix: string;
}

export const RULES = {
  PN0001: { what: "TypeScript reports an error", fix: "fix the TypeScript error first" },
  PN1001: { what: "`any` and `unknown` have no C type", fix: "write a subset type such as f32, i32 or Float32Array" },
  PN1002: { what: "`number` does not say which numeric type", fix: "write f32, i32, u32, i16, u16, i8 or u8" },
  PN1003: { what: "union and intersection types have no C type", fix: "use one type; model variants with a tag field" },
  PN1004: { what: "strings are not allowed in DSP code", fix: "use numeric codes or constants" },
  PN1005: { what: "this type is outside the subset", fix: "use a numeric type, bool, a typed array or a state class" },
  PN1101: { what: "closures (arrow functions, function expressions) capture state", fix: "write a top-level function and pass its state explicitly" },
  PN1102: { what: "functions nested in functions are closures", fix: "move the function to module level" },
  PN1103: { what: "exceptions are not allowed", fix: "return a status code, or clamp the value" },
  PN1104: { what: "allocation outside init", fix: "allocate in a state class field or a module-level const" },
  PN1105: { what: "recursion makes the C stack unboundable", fix: "write the algorithm as a loop" },
  PN1106: { what: "`Math` is not allowed (its transcendental functions are libm's)", fix: "use the spec's own approximations (spec/math) or the prelude's exact operations" },
  PN1107: { what: "implicit mixing of f32 and integer values", fix: "convert explicitly: f32(x), or trunc_i32/round_i32/floor_i32" },
  PN1108: { what: "implicit mixing of signed and unsigned integers", fix: "convert explicitly with i32(x) or u32(x)" },
  PN1109: { what: "this assignment narrows the value", fix: "convert explicitly, wrapping (i16(x)) or saturating (sat_i16(x))" },
  PN1110: { what: "conditions must be bool", fix: "compare explicitly, e.g. `x !== 0`" },
  PN1111: { what: "this statement is outside the subset", fix: "use if, for, while, do, break, continue or return" },
  PN1112: { what: "this expression is outside the subset", fix: "use arithmetic, comparisons, calls, element and field access" },
  PN1113: { what: "assignments and increments are statements, not values", fix: "move the assignment to its own statement" },
  PN1114: { what: "tables and constants are read-only", fix: "copy the table into a state array first" },
  PN1115: { what: "`.length` is known only for arrays of fixed size", fix: "pass the length as an i32 parameter" },
  PN1116: { what: "a float literal in an integer context", fix: "write an integer literal, or convert" },
  PN1117: { what: "integer literal out of range for its type", fix: "use a value that fits, or a wider type" },
  PN1118: { what: "a missing type annotation", fix: "annotate every parameter and every function's return type" },
  PN1119: { what: "this operator is not defined on these operand types", fix: "see docs/subset.md, Operators" },
  PN1120: { what: "imports must be spec modules or the prelude", fix: "import from ./prelude or another spec module" },
  PN1121: { what: "classes are state structs: fields only", fix: "remove methods, constructors, heritage and modifiers; write functions that take the state" },
  PN1122: { what: "this call target is outside the subset", fix: "call a spec function or a prelude builtin by name" },
  PN1123: { what: "the arguments do not fit the callee", fix: "pass one value of each parameter's type" },
  PN1125: { what: "variables need an initializer", fix: "initialize it, e.g. `let x: f32 = 0`" },
  PN1126: { what: "`var` is not allowed", fix: "use let or const" },
  PN1127: { what: "this identifier is not in the subset", fix: "use the prelude's constants (F32_NAN, F32_INF) or declare it" },
  PN1128: { what: "whole arrays and state structs cannot be assigned", fix: "copy element by element, or pass the array" },
  PN1129: { what: "compound assignment to a narrow integer narrows implicitly", fix: "write `x = i16(x + e)`" },
  PN1130: { what: "table elements must be numeric constants", fix: "compute the table in an init function instead" },
  PN1131: { what: "optional, default and rest parameters and generics are not allowed", fix: "declare plain typed parameters" },
  PN1132: { what: "this name clashes in C", fix: "rename it: exported names must be unique across spec modules and must not be C keywords" },
  PN1133: { what: "array sizes must be constant", fix: "use an integer literal or a module const" },
  PN1134: { what: "a table or state array passed where the callee writes it", fix: "pass a writable array" },
  PN1135: {
    what: "a call that writes state is part of a larger expression, whose evaluation order C leaves open",
    fix: "make the call its own statement: `f(...);`, `x = f(...);`, `let v = f(...);` or `return f(...);`",
  },
  PN1136: {
    what: `the code is nested too deeply (more than 200 syntax levels: parentheses, operators, blocks)`,
    fix: "split the expression with named intermediate `const`s, or the nesting into functions",
  },
} as const satisfies Record<string, Rule>;

export type Code = keyof typeof RULES;

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  code: Code;
  /** The rule's text, with the detail of this occurrence. */
  message: string;
}

export function diagnosticAt(node: Node, code: Code, detail?: string): Diagnostic {
  const sf = node.getSourceFile();
  const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
  const rule = RULES[code];
  const what = detail ? `${rule.what}: ${detail}` : rule.what;
  return { file: sf.getFilePath(), line, col: column, code, message: `${what} — ${rule.fix}` };
}

export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const rel = path.relative(cwd, d.file) || d.file;
  return `${rel}:${d.line}:${d.col}: error ${d.code}: ${d.message}`;
}

export class SubsetError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
  }
}
