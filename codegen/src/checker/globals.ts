// Module-level variables and state classes: what role each plays (constant, table, static array,
// state instance), its type, and its compile-time values. Looked up lazily, because a function in
// one module may use another module's globals before that module is visited.
import { Node, SyntaxKind, type ClassDeclaration, type Expression, type NewExpression, type VariableDeclaration } from "ts-morph";
import { ARRAY_ELEM, F32, INT_RANGE, isF32, isInt, promote, type IntName, type SType } from "../types.js";
import type { Binding, CheckContext, GlobalRole } from "./context.js";
import { checkExpr, isFloatLiteralText } from "./expressions.js";
import { typeFromNode } from "./type-nodes.js";

const memo = new WeakMap<CheckContext, Map<object, Binding | null>>();
const classesDone = new WeakMap<CheckContext, Set<object>>();

export function globalBinding(cx: CheckContext, decl: VariableDeclaration): Binding | undefined {
  let m = memo.get(cx);
  if (!m) memo.set(cx, (m = new Map()));
  if (m.has(decl.compilerNode)) return m.get(decl.compilerNode) ?? undefined;
  m.set(decl.compilerNode, null); // a cycle through initializers resolves to "unknown"
  const b = classify(cx, decl);
  m.set(decl.compilerNode, b ?? null);
  return b;
}

function classify(cx: CheckContext, decl: VariableDeclaration): Binding | undefined {
  const module = cx.moduleOf(decl.getSourceFile())!;
  const isConst = decl.getVariableStatementOrThrow().getDeclarationKind() === "const";
  const init = decl.getInitializer();
  const typeNode = decl.getTypeNode();
  const annotated = typeNode ? typeFromNode(cx, typeNode) : undefined;
  if (typeNode && !annotated) return undefined;
  if (!init) {
    cx.error(decl, "PN1125", `\`${decl.getName()}\``);
    return undefined;
  }
  const bind = (type: SType, role: GlobalRole): Binding => {
    cx.declTypes.set(decl.compilerNode, type);
    return { kind: "global", decl, type, role, module };
  };
  if (Node.isNewExpression(init)) {
    const t = newExpressionType(cx, init, decl);
    if (!t) return undefined;
    if (annotated && !sameShape(annotated, t.type)) {
      cx.error(typeNode!, "PN1123", `declared ${typeNode!.getText()}, initialized with ${init.getExpression().getText()}`);
      return undefined;
    }
    if (t.type.kind !== "scalar" && !isConst) {
      cx.error(decl, "PN1128", "arrays and state instances are bound once: declare them with const");
      return undefined;
    }
    return bind(t.type, t.role);
  }
  // A scalar constant or static variable: its initializer must be known at compile time.
  const type = checkExpr(cx, init, annotated);
  if (!type) return undefined;
  if (type.kind !== "scalar") {
    cx.error(init, "PN1128", "module-level aliases of arrays or state");
    return undefined;
  }
  const t = annotated ?? type;
  const value = constValue(cx, init, t);
  if (value === undefined) {
    cx.error(init, "PN1133", "module-level initializers must be constant");
    return undefined;
  }
  cx.constValues.set(decl.compilerNode, value);
  return bind(t, isConst ? "const" : "let");
}

function sameShape(a: SType, b: SType): boolean {
  if (a.kind === "array" && b.kind === "array") return a.elem === b.elem;
  if (a.kind === "struct" && b.kind === "struct") return a.decl === b.decl;
  return false;
}

/** The type made by `new X(...)` in an init position (module const or class field). */
export function newExpressionType(cx: CheckContext, init: NewExpression, owner: Node): { type: SType; role: GlobalRole } | undefined {
  const ctor = init.getExpression();
  const args = init.getArguments() as Expression[];
  const name = ctor.getText();
  const elem = ARRAY_ELEM[name];
  if (elem) {
    const type: SType = { kind: "array", elem, ctor: name };
    if (args.length === 1 && Node.isArrayLiteralExpression(args[0])) {
      const values: number[] = [];
      for (const e of args[0].getElements()) {
        const v = literalNumber(e);
        if (v === undefined) {
          cx.error(e, "PN1130", `\`${e.getText()}\``);
          return undefined;
        }
        if (elem !== "f32" && (!Number.isInteger(v) || v < INT_RANGE[elem as IntName][0] || v > INT_RANGE[elem as IntName][1])) {
          cx.error(e, "PN1117", `${v} in a ${name}`);
          return undefined;
        }
        values.push(elem === "f32" ? Math.fround(v) : v);
      }
      if (!Node.isVariableDeclaration(owner) || owner.getVariableStatementOrThrow().getDeclarationKind() !== "const") {
        cx.error(init, "PN1104", "tables are module-level consts");
        return undefined;
      }
      cx.arrays.set(owner.compilerNode, { size: values.length, values, readonly: true });
      return { type, role: "table" };
    }
    if (args.length !== 1) {
      cx.error(init, "PN1133", `new ${name} takes one constant size`);
      return undefined;
    }
    const sizeType = checkExpr(cx, args[0], { kind: "scalar", name: "i32" });
    const size = sizeType && isInt(sizeType) ? constValue(cx, args[0], promote(sizeType)) : undefined;
    if (size === undefined || size <= 0) {
      cx.error(args[0], "PN1133", `\`${args[0].getText()}\``);
      return undefined;
    }
    cx.arrays.set(owner.compilerNode, { size, readonly: false });
    return { type, role: "array" };
  }
  const sym = ctor.getSymbol();
  const cdecl = (sym?.isAlias() ? sym.getAliasedSymbol() : sym)?.getDeclarations()[0];
  if (cdecl && Node.isClassDeclaration(cdecl) && cx.moduleOf(cdecl.getSourceFile())) {
    if (args.length > 0) {
      cx.error(init, "PN1121", "state classes take no constructor arguments");
      return undefined;
    }
    ensureClass(cx, cdecl);
    return { type: { kind: "struct", name: cdecl.getNameOrThrow(), decl: cdecl }, role: "instance" };
  }
  cx.error(init, "PN1104", `\`new ${name}\``);
  return undefined;
}

/** A numeric literal, possibly negated, as a number. */
export function literalNumber(e: Node): number | undefined {
  if (Node.isNumericLiteral(e)) return Number(e.getText().replace(/_/g, ""));
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.MinusToken) {
    const v = literalNumber(e.getOperand());
    return v === undefined ? undefined : -v;
  }
  if (Node.isParenthesizedExpression(e)) return literalNumber(e.getExpression());
  return undefined;
}

/** Evaluate a constant expression of type t with the subset's arithmetic; undefined if not constant. */
export function constValue(cx: CheckContext, e: Node, t: SType, exact = false): number | undefined {
  const wrap = (v: number): number => {
    if (isF32(t)) return Math.fround(v);
    if (exact) return v; // the mathematical value: compared with the wrapped one, it shows overflow
    if (t.kind === "scalar" && t.name === "u32") return v >>> 0;
    if (t.kind === "scalar" && t.name === "bool") return v;
    return v | 0;
  };
  if (Node.isNumericLiteral(e)) return isF32(t) ? Math.fround(Number(e.getText())) : Number(e.getText());
  if (e.getKind() === SyntaxKind.TrueKeyword) return 1;
  if (e.getKind() === SyntaxKind.FalseKeyword) return 0;
  if (Node.isParenthesizedExpression(e)) return constValue(cx, e.getExpression(), t, exact);
  if (Node.isPrefixUnaryExpression(e)) {
    const v = constValue(cx, e.getOperand(), t, exact);
    if (v === undefined) return undefined;
    if (e.getOperatorToken() === SyntaxKind.MinusToken) return isF32(t) ? -v : wrap(-v);
    if (e.getOperatorToken() === SyntaxKind.TildeToken && !isF32(t)) return wrap(~v);
    return undefined;
  }
  if (Node.isIdentifier(e)) {
    const b = cx.bindingOf(e);
    if (b?.kind === "global" && b.role === "const") return cx.constValues.get(b.decl.compilerNode);
    if (b?.kind === "builtinConst") return b.c.value;
    return undefined;
  }
  if (Node.isCallExpression(e)) {
    // A conversion of a constant is constant.
    const b = cx.bindingOf(e.getExpression());
    const arg = e.getArguments()[0];
    const argType = arg && cx.exprTypes.get(arg.compilerNode);
    if (b?.kind !== "builtin" || b.fn.c.kind !== "cast" || !argType || isF32(argType)) return undefined;
    const v = constValue(cx, arg, promote(argType));
    if (v === undefined) return undefined;
    switch (b.fn.name) {
      case "f32":
        return Math.fround(v);
      case "i32":
        return v | 0;
      case "u32":
        return v >>> 0;
      case "i16":
        return (v << 16) >> 16;
      case "u16":
        return v & 0xffff;
      case "i8":
        return (v << 24) >> 24;
      case "u8":
        return v & 0xff;
    }
    return undefined;
  }
  if (Node.isBinaryExpression(e)) {
    const l = constValue(cx, e.getLeft(), t, exact);
    const r = constValue(cx, e.getRight(), t, exact);
    if (l === undefined || r === undefined) return undefined;
    const f = isF32(t);
    switch (e.getOperatorToken().getKind()) {
      case SyntaxKind.PlusToken:
        return wrap(l + r);
      case SyntaxKind.MinusToken:
        return wrap(l - r);
      case SyntaxKind.AsteriskToken:
        return f || exact ? wrap(l * r) : wrap(Math.imul(l, r));
      case SyntaxKind.SlashToken:
        return f ? wrap(l / r) : r === 0 ? 0 : wrap(Math.trunc(l / r));
      case SyntaxKind.PercentToken:
        return f || r === 0 ? undefined : wrap(l % r);
      case SyntaxKind.LessThanLessThanToken:
        return f ? undefined : wrap(l << r);
      case SyntaxKind.GreaterThanGreaterThanToken:
        return f ? undefined : wrap(t.kind === "scalar" && t.name === "u32" ? l >>> r : l >> r);
      case SyntaxKind.AmpersandToken:
        return f ? undefined : wrap(l & r);
      case SyntaxKind.BarToken:
        return f ? undefined : wrap(l | r);
      case SyntaxKind.CaretToken:
        return f ? undefined : wrap(l ^ r);
    }
  }
  return undefined;
}

/** Check a state class once: fields only, each with a type and an initializer. */
export function ensureClass(cx: CheckContext, decl: ClassDeclaration): void {
  let done = classesDone.get(cx);
  if (!done) classesDone.set(cx, (done = new Set()));
  if (done.has(decl.compilerNode)) return;
  done.add(decl.compilerNode);
  if (decl.getHeritageClauses().length > 0) cx.error(decl.getHeritageClauses()[0], "PN1121", "heritage");
  if (decl.getTypeParameters().length > 0) cx.error(decl.getTypeParameters()[0], "PN1131", "generic class");
  for (const member of decl.getMembers()) {
    if (!Node.isPropertyDeclaration(member)) {
      cx.error(member, "PN1121", `${member.getKindName()} in ${decl.getName()}`);
      continue;
    }
    const mods = member.getModifiers();
    if (mods.length > 0) {
      cx.error(mods[0], "PN1121", `modifier \`${mods[0].getText()}\``);
      continue;
    }
    if (member.hasQuestionToken()) cx.error(member, "PN1131", "optional field");
    const init = member.getInitializer();
    const typeNode = member.getTypeNode();
    const annotated = typeNode ? typeFromNode(cx, typeNode) : undefined;
    if (typeNode && !annotated) continue;
    if (!init) {
      cx.error(member, "PN1125", `field \`${member.getName()}\``);
      continue;
    }
    if (Node.isNewExpression(init)) {
      const t = newExpressionType(cx, init, member);
      if (!t) continue;
      if (t.role === "table") continue;
      if (annotated && !sameShape(annotated, t.type)) {
        cx.error(typeNode!, "PN1123", `declared ${typeNode!.getText()}, initialized with ${init.getExpression().getText()}`);
        continue;
      }
      cx.declTypes.set(member.compilerNode, t.type);
      continue;
    }
    const t = checkExpr(cx, init, annotated);
    if (!t) continue;
    const type = annotated ?? t;
    if (type.kind !== "scalar") {
      cx.error(init, "PN1128", "fields of array or struct type are initialized with new");
      continue;
    }
    const v = constValue(cx, init, type);
    if (v === undefined) {
      cx.error(init, "PN1133", "field initializers must be constant");
      continue;
    }
    cx.constValues.set(member.compilerNode, v);
    cx.declTypes.set(member.compilerNode, type);
  }
}

export { F32, isFloatLiteralText };
