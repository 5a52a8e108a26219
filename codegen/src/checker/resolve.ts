// What an identifier refers to: a local, a parameter, a module-level variable of some role, a
// spec function, a state class, or a prelude builtin.
import { Node, SyntaxKind, type Identifier } from "ts-morph";
import type { Binding, CheckContext } from "./context.js";
import { globalBinding } from "./globals.js";

const NOT_IN_SUBSET: Record<string, string> = {
  NaN: "use F32_NAN",
  Infinity: "use F32_INF",
  undefined: "every variable has a value",
  console: "DSP code does no I/O",
};

export function resolveIdentifier(cx: CheckContext, id: Identifier): Binding | undefined {
  const cached = cx.bindings.get(id.compilerNode);
  if (cached) return cached;
  const b = resolve(cx, id);
  if (b) cx.bindings.set(id.compilerNode, b);
  return b;
}

function resolve(cx: CheckContext, id: Identifier): Binding | undefined {
  const name = id.getText();
  let sym = id.getSymbol();
  if (sym?.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
  const decl = sym?.getDeclarations()[0];
  if (!decl) {
    cx.error(id, "PN1127", NOT_IN_SUBSET[name] ? `\`${name}\`: ${NOT_IN_SUBSET[name]}` : `\`${name}\``);
    return undefined;
  }
  const sf = decl.getSourceFile();
  if (sf === cx.preludeFile) {
    const fn = cx.prelude.functions.get(name);
    if (fn) return { kind: "builtin", fn };
    const c = cx.prelude.consts.get(name);
    if (c) return { kind: "builtinConst", c };
    cx.error(id, "PN1127", `\`${name}\` is internal to the prelude`);
    return undefined;
  }
  if (!cx.moduleOf(sf)) {
    cx.error(id, "PN1127", NOT_IN_SUBSET[name] ? `\`${name}\`: ${NOT_IN_SUBSET[name]}` : `\`${name}\` is not declared in a spec module`);
    return undefined;
  }
  if (Node.isFunctionDeclaration(decl)) return { kind: "function", decl };
  if (Node.isClassDeclaration(decl)) return { kind: "class", decl };
  if (Node.isParameterDeclaration(decl)) {
    const fn = decl.getParentIfKind(SyntaxKind.FunctionDeclaration);
    const type = cx.declTypes.get(decl.compilerNode);
    if (!fn || !type) return undefined; // a parameter outside a function declaration was reported
    return { kind: "param", decl, fn, index: fn.getParameters().indexOf(decl), type };
  }
  if (Node.isVariableDeclaration(decl)) {
    const stmt = decl.getVariableStatement();
    if (stmt && Node.isSourceFile(stmt.getParent())) return globalBinding(cx, decl);
    const type = cx.declTypes.get(decl.compilerNode);
    if (!type) return undefined; // its declaration was already reported
    return { kind: "local", decl, type };
  }
  cx.error(id, "PN1127", `\`${name}\``);
  return undefined;
}
