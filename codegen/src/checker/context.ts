// What the checker learns about a spec program, and what both backends read: the type of every
// expression, what every identifier refers to, constant values, and which array parameters each
// function writes.
import type {
  ClassDeclaration,
  FunctionDeclaration,
  Node,
  ParameterDeclaration,
  SourceFile,
  VariableDeclaration,
  ts,
} from "ts-morph";
import type { BuiltinConst, BuiltinFunction, Prelude } from "../prelude.js";
import type { SType } from "../types.js";
import { diagnosticAt, type Code, type Diagnostic } from "../diagnostics.js";

export interface SpecModule {
  sf: SourceFile;
  /** Path below the spec root without extension, e.g. `dsp/fft`: the output file names. */
  rel: string;
}

/** The roles a module-level variable can play. */
export type GlobalRole =
  | "const" // scalar constant: a C enum (integers) or a const (f32, bool)
  | "let" // mutable scalar: a C static variable
  | "table" // read-only typed array with literal elements: a C const array
  | "array" // mutable typed array of fixed size: a C static array
  | "instance"; // a state class instance: a C static struct

export type Binding =
  | { kind: "local"; decl: VariableDeclaration; type: SType }
  | { kind: "param"; decl: ParameterDeclaration; fn: FunctionDeclaration; index: number; type: SType }
  | { kind: "global"; decl: VariableDeclaration; type: SType; role: GlobalRole; module: SpecModule }
  | { kind: "function"; decl: FunctionDeclaration }
  | { kind: "builtin"; fn: BuiltinFunction }
  | { kind: "builtinConst"; c: BuiltinConst }
  | { kind: "class"; decl: ClassDeclaration };

export interface ArrayInfo {
  /** Number of elements, when known at compile time. */
  size?: number;
  /** Element values of a table. */
  values?: number[];
  readonly: boolean;
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Type of each checked expression, keyed by its compiler node. */
  readonly exprTypes = new Map<ts.Node, SType>();
  /** What each identifier refers to. */
  readonly bindings = new Map<ts.Node, Binding>();
  /** Types of declarations: parameters, variables, class fields. */
  readonly declTypes = new Map<ts.Node, SType>();
  /** Compile-time values of module-level scalar constants (and table elements via arrays). */
  readonly constValues = new Map<ts.Node, number>();
  /** Sizes and contents of module-level arrays and class array fields. */
  readonly arrays = new Map<ts.Node, ArrayInfo>();
  /** Call graph between spec functions. */
  readonly calls = new Map<FunctionDeclaration, Array<{ callee: FunctionDeclaration; site: Node }>>();
  /** Array parameters a function writes directly, by index. */
  readonly directWrites = new Map<FunctionDeclaration, Set<number>>();
  /** Array parameters passed on to another function's parameters: resolved to writes later. */
  readonly forwards: Array<{ from: FunctionDeclaration; fromIndex: number; to: FunctionDeclaration | BuiltinFunction; toIndex: number }> = [];
  /** Arrays that must be writable where they are passed: checked once writes are known. */
  readonly readonlyPasses: Array<{ site: Node; to: FunctionDeclaration | BuiltinFunction; toIndex: number }> = [];
  /** Functions that write something other than their own scalar locals. */
  readonly directImpure = new Set<FunctionDeclaration>();
  /** Final answer: array parameters each function writes (directly or through callees). */
  writes = new Map<FunctionDeclaration, Set<number>>();
  /** The function being checked, and its return type. */
  currentFunction?: FunctionDeclaration;
  currentReturn?: SType;

  constructor(
    readonly prelude: Prelude,
    readonly preludeFile: SourceFile,
    readonly modules: SpecModule[],
  ) {}

  error(node: Node, code: Code, detail?: string): void {
    this.diagnostics.push(diagnosticAt(node, code, detail));
  }

  moduleOf(sf: SourceFile): SpecModule | undefined {
    return this.modules.find((m) => m.sf === sf);
  }

  typeOf(node: Node): SType {
    const t = this.exprTypes.get(node.compilerNode);
    if (!t) throw new Error(`internal: no type for ${node.getKindName()} at ${node.getStartLineNumber()}`);
    return t;
  }

  bindingOf(node: Node): Binding | undefined {
    return this.bindings.get(node.compilerNode);
  }
}
