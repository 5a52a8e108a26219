// The subset checker: loads spec modules with ts-morph, checks every construct, and returns what
// the backends need. One run reports every violation.
import { Node, Project, SyntaxKind, type FunctionDeclaration, type SourceFile, type Statement } from "ts-morph";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadPrelude, PRELUDE_PATH, type BuiltinFunction } from "../prelude.js";
import { diagnosticAt, RULES, type Diagnostic } from "../diagnostics.js";
import { tooDeepSource, tooDeepTree, type TooDeep } from "./nesting.js";
import { CheckContext, type SpecModule } from "./context.js";
import { isBuiltin } from "./expressions.js";
import { ensureClass, globalBinding } from "./globals.js";
import { checkStatement } from "./statements.js";
import { checkTypeNodesAnywhere, typeFromNode } from "./type-nodes.js";
import { isCReserved } from "../c-names.js";

export { CheckContext, type SpecModule } from "./context.js";

export interface CheckResult {
  cx: CheckContext;
  project: Project;
  diagnostics: Diagnostic[];
}

/**
 * The prelude the files import: a prelude.ts in the folder of the files or above (a copy of spec/
 * elsewhere brings its own), else the repository's.
 */
function preludeFor(files: string[]): string {
  if (!files.length) return PRELUDE_PATH;
  const abs = files.map((f) => path.resolve(f));
  for (let dir = path.dirname(abs[0]); ; dir = path.dirname(dir)) {
    const p = path.join(dir, "prelude.ts");
    if (fs.existsSync(p) && abs.every((f) => f.startsWith(dir + path.sep))) return p;
    if (path.dirname(dir) === dir) return PRELUDE_PATH;
  }
}

/** Create the ts-morph project over the given spec files (and what they import). */
export function loadProject(files: string[]): { project: Project; roots: SourceFile[]; prelude: SourceFile } {
  const project = new Project({
    compilerOptions: {
      strict: true,
      target: 9 /* ES2022 */,
      module: 199 /* NodeNext */,
      moduleResolution: 99 /* NodeNext */,
      allowImportingTsExtensions: true,
      noEmit: true,
      noImplicitReturns: true,
      types: [],
      lib: ["lib.es2022.d.ts"],
    },
  });
  const prelude = project.addSourceFileAtPath(preludeFor(files));
  const roots = files.map((f) => project.addSourceFileAtPath(path.resolve(f)));
  project.resolveSourceFileDependencies();
  return { project, roots, prelude };
}

/** The spec root: the folder holding the prelude. Module names are paths below it. */
export const SPEC_ROOT = path.dirname(PRELUDE_PATH);

/**
 * Module names are paths below one root: spec/ when every module lives there, else the deepest
 * folder that holds them all (so test programs and their helper modules keep their layout).
 */
function moduleRoot(files: SourceFile[]): string {
  const paths = files.map((sf) => sf.getFilePath());
  if (paths.every((p) => p.startsWith(SPEC_ROOT + path.sep))) return SPEC_ROOT;
  let root = path.dirname(paths[0]);
  while (!paths.every((p) => p.startsWith(root + path.sep))) root = path.dirname(root);
  return root;
}

function relName(sf: SourceFile, root: string): string {
  return path.relative(root, sf.getFilePath()).replace(/\.ts$/, "").split(path.sep).join("/");
}

function nestingDiagnostic(file: string, at: TooDeep): Diagnostic {
  const r = RULES.PN1136;
  return { file, line: at.line, col: at.col, code: "PN1136", message: `${r.what} — ${r.fix}` };
}

export function checkFiles(files: string[]): CheckResult {
  // Too deep a source would overflow TypeScript's parser: report it before parsing, and stop there.
  const deepSources = files.flatMap((f) => {
    const at = tooDeepSource(f);
    return at ? [nestingDiagnostic(path.resolve(f), at)] : [];
  });
  if (deepSources.length) {
    const { project, prelude } = loadProject([]);
    return { cx: new CheckContext(loadPrelude(prelude), prelude, []), project, diagnostics: deepSources };
  }
  const { project, roots, prelude } = loadProject(files);
  const moduleFiles = project
    .getSourceFiles()
    .filter((sf) => sf !== prelude && !sf.isDeclarationFile() && !sf.getFilePath().includes("/node_modules/"));
  const root = moduleRoot(moduleFiles.length ? moduleFiles : roots);
  const modules: SpecModule[] = moduleFiles.map((sf) => ({ sf, rel: relName(sf, root) }));
  const cx = new CheckContext(loadPrelude(prelude), prelude, modules);

  // Too deep a tree (a long operator chain) would overflow every recursive walk that follows: stop there.
  for (const m of modules) {
    const at = tooDeepTree(m.sf);
    if (at) cx.diagnostics.push(nestingDiagnostic(m.sf.getFilePath(), at));
  }
  if (cx.diagnostics.length) return { cx, project, diagnostics: cx.diagnostics };

  // TypeScript's own errors come first: the subset is a subset of well-typed TS.
  for (const m of modules) {
    for (const d of m.sf.getPreEmitDiagnostics()) {
      const start = d.getStart();
      const sf = d.getSourceFile();
      if (start === undefined || !sf) continue;
      const { line, column } = sf.getLineAndColumnAtPos(start);
      const msg = typeof d.getMessageText() === "string" ? (d.getMessageText() as string) : (d.getMessageText() as { getMessageText(): string }).getMessageText();
      cx.diagnostics.push({ file: sf.getFilePath(), line, col: column, code: "PN0001", message: `TS${d.getCode()}: ${msg} — fix the TypeScript error first` });
    }
  }
  for (const m of modules) checkModule(cx, m);
  for (const m of modules) checkFunctionBodies(cx, m);
  checkRecursion(cx);
  resolveWrites(cx);
  checkEvaluationOrder(cx);
  checkCNames(cx);
  void roots;
  const seen = new Set<string>();
  const diagnostics = cx.diagnostics
    .filter((d) => {
      const k = `${d.file}:${d.line}:${d.col}:${d.code}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  return { cx, project, diagnostics };
}

function checkModule(cx: CheckContext, m: SpecModule): void {
  checkTypeNodesAnywhere(cx, m.sf);
  for (const stmt of m.sf.getStatements()) checkModuleStatement(cx, m, stmt);
}

function checkModuleStatement(cx: CheckContext, m: SpecModule, stmt: Statement): void {
  switch (stmt.getKind()) {
    case SyntaxKind.ImportDeclaration: {
      const imp = stmt.asKindOrThrow(SyntaxKind.ImportDeclaration);
      const target = imp.getModuleSpecifierSourceFile();
      if (!imp.getModuleSpecifierValue().startsWith(".") || !target || (target !== cx.preludeFile && !cx.moduleOf(target))) {
        cx.error(imp.getModuleSpecifier(), "PN1120", imp.getModuleSpecifierValue());
      } else if (imp.getNamespaceImport() || imp.getDefaultImport()) {
        cx.error(imp, "PN1120", "use named imports");
      }
      return;
    }
    case SyntaxKind.VariableStatement: {
      const vs = stmt.asKindOrThrow(SyntaxKind.VariableStatement);
      if (vs.getDeclarationKind() === "var") return cx.error(vs, "PN1126");
      for (const d of vs.getDeclarations()) globalBinding(cx, d);
      return;
    }
    case SyntaxKind.FunctionDeclaration:
      return checkSignature(cx, stmt.asKindOrThrow(SyntaxKind.FunctionDeclaration));
    case SyntaxKind.ClassDeclaration:
      return ensureClass(cx, stmt.asKindOrThrow(SyntaxKind.ClassDeclaration));
    case SyntaxKind.TypeAliasDeclaration:
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.EnumDeclaration:
      return cx.error(stmt, "PN1005", `${stmt.getKindName()}: use the prelude's types, state classes and constants`);
    case SyntaxKind.ThrowStatement:
    case SyntaxKind.TryStatement:
      return cx.error(stmt, "PN1103");
    default:
      return cx.error(stmt, "PN1111", `${stmt.getKindName()} at module level`);
  }
}

function checkSignature(cx: CheckContext, fn: FunctionDeclaration): void {
  if (!fn.getName()) return cx.error(fn, "PN1111", "anonymous function");
  if (fn.getTypeParameters().length > 0) cx.error(fn.getTypeParameters()[0], "PN1131", "generic function");
  if (fn.isAsync() || fn.isGenerator()) cx.error(fn, "PN1111", "async and generator functions");
  for (const p of fn.getParameters()) {
    if (p.isOptional() || p.hasInitializer() || p.isRestParameter()) {
      cx.error(p, "PN1131", `parameter \`${p.getName()}\``);
      continue;
    }
    const tn = p.getTypeNode();
    if (!tn) {
      cx.error(p, "PN1118", `parameter \`${p.getName()}\``);
      continue;
    }
    const t = typeFromNode(cx, tn);
    if (t) cx.declTypes.set(p.compilerNode, t);
    if (t?.kind === "struct") ensureClass(cx, t.decl);
  }
  const rn = fn.getReturnTypeNode();
  if (!rn) return cx.error(fn.getNameNode() ?? fn, "PN1118", `return type of \`${fn.getName()}\``);
  const rt = typeFromNode(cx, rn, true);
  if (rt && rt.kind !== "scalar" && rt.kind !== "void") return cx.error(rn, "PN1128", "functions return scalars; write arrays through a parameter");
  if (rt) cx.declTypes.set(fn.compilerNode, rt);
}

function checkFunctionBodies(cx: CheckContext, m: SpecModule): void {
  for (const fn of m.sf.getFunctions()) {
    const body = fn.getBody();
    if (!body) continue;
    cx.currentFunction = fn;
    cx.currentReturn = cx.declTypes.get(fn.compilerNode);
    // Closures anywhere in the body, even inside expressions the checker would not reach.
    body.forEachDescendant((n) => {
      if (Node.isArrowFunction(n) || Node.isFunctionExpression(n)) cx.error(n, "PN1101");
      if (Node.isClassDeclaration(n) || Node.isClassExpression(n)) cx.error(n, "PN1111", "classes are declared at module level");
    });
    for (const s of fn.getStatements()) checkStatement(cx, s as Statement);
  }
  cx.currentFunction = undefined;
  cx.currentReturn = undefined;
}

/** Recursion, direct or through other functions, makes the stack unboundable. */
function checkRecursion(cx: CheckContext): void {
  const state = new Map<FunctionDeclaration, "active" | "done">();
  const visit = (fn: FunctionDeclaration): void => {
    state.set(fn, "active");
    for (const { callee, site } of cx.calls.get(fn) ?? []) {
      const s = state.get(callee);
      if (s === "active") cx.error(site, "PN1105", `${fn.getName()} → ${callee.getName()} closes a cycle`);
      else if (!s) visit(callee);
    }
    state.set(fn, "done");
  };
  for (const fn of cx.calls.keys()) if (!state.has(fn)) visit(fn);
}

/** Which array parameters each function writes, through any chain of calls. */
function resolveWrites(cx: CheckContext): void {
  const writes = new Map<FunctionDeclaration, Set<number>>();
  for (const [fn, s] of cx.directWrites) writes.set(fn, new Set(s));
  const calleeWrites = (f: FunctionDeclaration | BuiltinFunction, i: number): boolean =>
    isBuiltin(f) ? f.writes.has(i) : (writes.get(f)?.has(i) ?? false);
  let changed = true;
  while (changed) {
    changed = false;
    for (const fw of cx.forwards) {
      if (calleeWrites(fw.to, fw.toIndex)) {
        const s = writes.get(fw.from) ?? new Set<number>();
        if (!s.has(fw.fromIndex)) {
          s.add(fw.fromIndex);
          writes.set(fw.from, s);
          changed = true;
        }
      }
    }
  }
  cx.writes = writes;
  for (const p of cx.readonlyPasses) {
    if (calleeWrites(p.to, p.toIndex)) cx.error(p.site, "PN1134", `\`${p.site.getText()}\``);
  }
}

/**
 * C leaves the order of evaluating operands (and an assignment's two sides) open, JS does not. So
 * a call that writes state stands alone in its statement, and an element target assigned from one
 * indexes with locals only.
 */
function checkEvaluationOrder(cx: CheckContext): void {
  const impure = new Set<FunctionDeclaration>(cx.directImpure);
  let changed = true;
  while (changed) {
    changed = false;
    for (const [fn, calls] of cx.calls) {
      if (!impure.has(fn) && calls.some((c) => impure.has(c.callee))) {
        impure.add(fn);
        changed = true;
      }
    }
  }
  const isImpureCall = (n: Node): boolean => {
    if (!Node.isCallExpression(n)) return false;
    const b = cx.bindingOf(n.getExpression());
    return (b?.kind === "function" && impure.has(b.decl)) || (b?.kind === "builtin" && b.fn.writes.size > 0);
  };
  const readsState = (n: Node): boolean =>
    [n, ...n.getDescendants()].some((d) => {
      if (Node.isPropertyAccessExpression(d) || Node.isElementAccessExpression(d)) return true;
      if (!Node.isIdentifier(d)) return false;
      const b = cx.bindingOf(d);
      return b?.kind === "global" && b.role === "let";
    });
  for (const m of cx.modules) {
    for (const fn of m.sf.getFunctions()) {
      fn.getBody()?.forEachDescendant((n) => {
        if (!isImpureCall(n)) return;
        const parent = n.getParentOrThrow();
        const alone =
          Node.isExpressionStatement(parent) ||
          Node.isReturnStatement(parent) ||
          (Node.isVariableDeclaration(parent) && parent.getInitializer() === n) ||
          (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getRight() === n && Node.isExpressionStatement(parent.getParent()));
        const args = (n as import("ts-morph").CallExpression).getArguments();
        if (!alone || args.some((a) => [a, ...a.getDescendants()].some(isImpureCall))) {
          cx.error(n, "PN1135", `\`${n.getText().slice(0, 40)}\``);
          return;
        }
        if (Node.isBinaryExpression(parent)) {
          const target = parent.getLeft();
          const indexes = Node.isElementAccessExpression(target) ? [target.getArgumentExpressionOrThrow()] : [];
          if (indexes.some(readsState)) cx.error(target, "PN1135", "the assigned index reads state that the call may change");
        }
      });
    }
  }
}

/** C has one namespace for globals: exported names must be unique and must not be C's own. */
function checkCNames(cx: CheckContext): void {
  const exported = new Map<string, Node>();
  const all: Array<{ name: string; node: Node; exported: boolean }> = [];
  for (const m of cx.modules) {
    for (const fn of m.sf.getFunctions()) if (fn.getName()) all.push({ name: fn.getName()!, node: fn.getNameNode()!, exported: fn.isExported() });
    for (const c of m.sf.getClasses()) if (c.getName()) all.push({ name: c.getName()!, node: c.getNameNode()!, exported: c.isExported() });
    for (const vs of m.sf.getVariableStatements())
      for (const d of vs.getDeclarations()) all.push({ name: d.getName(), node: d.getNameNode(), exported: vs.isExported() });
  }
  for (const g of all) {
    if (isCReserved(g.name)) cx.error(g.node, "PN1132", `\`${g.name}\` is reserved in C or its library`);
    else if (g.exported) {
      const prev = exported.get(g.name);
      if (prev) cx.error(g.node, "PN1132", `\`${g.name}\` is also exported by ${path.basename(prev.getSourceFile().getFilePath())}`);
      else exported.set(g.name, g.node);
    }
  }
  for (const g of all) {
    const other = exported.get(g.name);
    if (!g.exported && other && other.getSourceFile() !== g.node.getSourceFile())
      cx.error(g.node, "PN1132", `\`${g.name}\` is exported by ${path.basename(other.getSourceFile().getFilePath())}`);
  }
}

export function formatAll(diags: Diagnostic[]): string[] {
  return diags.map((d) => `${d.file}:${d.line}:${d.col}: error ${d.code}: ${d.message}`);
}

export { diagnosticAt };
