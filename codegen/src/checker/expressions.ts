// Typing of expressions: one visitor per syntax kind. A visitor returns the expression's subset
// type, or undefined after reporting why it has none (callers then stay quiet, so one mistake
// gives one diagnostic).
import {
  Node,
  SyntaxKind,
  type BinaryExpression,
  type CallExpression,
  type ConditionalExpression,
  type ElementAccessExpression,
  type Expression,
  type FunctionDeclaration,
  type Identifier,
  type NumericLiteral,
  type PrefixUnaryExpression,
  type PropertyAccessExpression,
} from "ts-morph";
import type { BuiltinFunction, BuiltinParam } from "../prelude.js";
import {
  BOOL,
  F32,
  I32,
  U32,
  INT_RANGE,
  assignable,
  isBool,
  isF32,
  isInt,
  isNumeric,
  promote,
  sameType,
  typeName,
  type IntName,
  type SType,
} from "../types.js";
import { resolveIdentifier } from "./resolve.js";
import type { CheckContext } from "./context.js";

type Visitor = (cx: CheckContext, node: any, expected?: SType) => SType | undefined;

/** Type an expression; `expected` is the context's type, which untyped literals adopt. */
export function checkExpr(cx: CheckContext, node: Expression, expected?: SType): SType | undefined {
  const visit = VISITORS[node.getKind()];
  let t: SType | undefined;
  if (visit) t = visit(cx, node, expected);
  else {
    const kind = node.getKind();
    if (kind === SyntaxKind.ArrowFunction || kind === SyntaxKind.FunctionExpression) cx.error(node, "PN1101");
    else if (kind === SyntaxKind.StringLiteral || kind === SyntaxKind.NoSubstitutionTemplateLiteral || kind === SyntaxKind.TemplateExpression)
      cx.error(node, "PN1004");
    else if (kind === SyntaxKind.NullKeyword || kind === SyntaxKind.UndefinedKeyword) cx.error(node, "PN1127", node.getText());
    else cx.error(node, "PN1112", `${node.getKindName()} \`${short(node)}\``);
  }
  if (t) cx.exprTypes.set(node.compilerNode, t);
  return t;
}

export function short(node: Node): string {
  const s = node.getText().replace(/\s+/g, " ");
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}

/**
 * An untyped literal expression: numeric literals combined by arithmetic, unary minus and
 * conditionals. It takes its type from the other operand or the context.
 */
export function isLiteralLike(node: Node): boolean {
  if (Node.isNumericLiteral(node)) return true;
  if (Node.isParenthesizedExpression(node)) return isLiteralLike(node.getExpression());
  if (Node.isPrefixUnaryExpression(node)) {
    const op = node.getOperatorToken();
    return (op === SyntaxKind.MinusToken || op === SyntaxKind.TildeToken) && isLiteralLike(node.getOperand());
  }
  if (Node.isBinaryExpression(node)) {
    const op = node.getOperatorToken().getKind();
    return (ARITH.has(op) || BITWISE.has(op)) && isLiteralLike(node.getLeft()) && isLiteralLike(node.getRight());
  }
  if (Node.isConditionalExpression(node)) return isLiteralLike(node.getWhenTrue()) && isLiteralLike(node.getWhenFalse());
  return false;
}

/** The type an untyped literal expression takes without context: f32 if it has a float literal. */
function literalDefault(node: Node): SType {
  const lits = Node.isNumericLiteral(node) ? [node] : node.getDescendantsOfKind(SyntaxKind.NumericLiteral);
  if (lits.some((l) => isFloatLiteralText(l.getText()))) return F32;
  const signed = (l: Node): number => {
    const p = l.getParent();
    const neg = p && Node.isPrefixUnaryExpression(p) && p.getOperatorToken() === SyntaxKind.MinusToken;
    return neg ? -Number(l.getText()) : Number(l.getText());
  };
  return lits.some((l) => signed(l) > INT_RANGE.i32[1]) ? U32 : I32;
}

export function isFloatLiteralText(text: string): boolean {
  return !/^0[xXbBoO]/.test(text) && /[.eE]/.test(text);
}

function literalValue(node: NumericLiteral): number {
  return Number(node.getText().replace(/_/g, ""));
}

/** Check a literal (possibly negated) against its type; the value is signed already. */
function typeLiteral(cx: CheckContext, node: Node, text: string, value: number, expected?: SType): SType | undefined {
  const isFloat = isFloatLiteralText(text);
  const target = expected && expected.kind === "scalar" && expected.name !== "bool" ? expected : undefined;
  if (isFloat) {
    if (target && target.name !== "f32") {
      cx.error(node, "PN1116", `\`${text}\` where ${target.name} is expected`);
      return undefined;
    }
    return F32;
  }
  if (target?.name === "f32") return F32;
  // Without context a literal is i32, or u32 when only u32 holds it (as C picks a wider type).
  const t = target ?? (value > INT_RANGE.i32[1] && value <= INT_RANGE.u32[1] ? U32 : I32);
  const [lo, hi] = INT_RANGE[(t as { name: IntName }).name];
  if (!Number.isInteger(value) || value < lo || value > hi) {
    cx.error(node, "PN1117", `${value} does not fit ${typeName(t)}`);
    return undefined;
  }
  return t;
}

function checkNumericLiteral(cx: CheckContext, node: NumericLiteral, expected?: SType): SType | undefined {
  return typeLiteral(cx, node, node.getText(), literalValue(node), expected);
}

function checkPrefixUnary(cx: CheckContext, node: PrefixUnaryExpression, expected?: SType): SType | undefined {
  const op = node.getOperatorToken();
  const operand = node.getOperand();
  switch (op) {
    case SyntaxKind.MinusToken: {
      // A negated literal is one literal, so that -2147483648 fits i32 and -0.5 is one f32.
      if (Node.isNumericLiteral(operand)) {
        const t = typeLiteral(cx, node, operand.getText(), -literalValue(operand), expected);
        if (t) cx.exprTypes.set(operand.compilerNode, t);
        return t;
      }
      const t = checkExpr(cx, operand, expected);
      if (!t) return undefined;
      if (!isNumeric(t)) {
        cx.error(node, "PN1119", `unary - on ${typeName(t)}`);
        return undefined;
      }
      return promote(t);
    }
    case SyntaxKind.ExclamationToken: {
      const t = checkExpr(cx, operand, BOOL);
      if (!t) return undefined;
      if (!isBool(t)) {
        cx.error(node, "PN1110", `\`!\` on ${typeName(t)}`);
        return undefined;
      }
      return BOOL;
    }
    case SyntaxKind.TildeToken: {
      const t = checkExpr(cx, operand, expected);
      if (!t) return undefined;
      if (!isInt(t)) {
        cx.error(node, "PN1119", `~ on ${typeName(t)}`);
        return undefined;
      }
      return promote(t);
    }
    case SyntaxKind.PlusPlusToken:
    case SyntaxKind.MinusMinusToken:
      cx.error(node, "PN1113");
      return undefined;
    default:
      cx.error(node, "PN1119", `unary ${node.getText()[0]} (it converts implicitly in JS)`);
      return undefined;
  }
}

const ARITH = new Set([SyntaxKind.PlusToken, SyntaxKind.MinusToken, SyntaxKind.AsteriskToken, SyntaxKind.SlashToken, SyntaxKind.PercentToken]);
const BITWISE = new Set([SyntaxKind.AmpersandToken, SyntaxKind.BarToken, SyntaxKind.CaretToken]);
const SHIFT = new Set([SyntaxKind.LessThanLessThanToken, SyntaxKind.GreaterThanGreaterThanToken, SyntaxKind.GreaterThanGreaterThanGreaterThanToken]);
const RELATIONAL = new Set([SyntaxKind.LessThanToken, SyntaxKind.GreaterThanToken, SyntaxKind.LessThanEqualsToken, SyntaxKind.GreaterThanEqualsToken]);
const EQUALITY = new Set([
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
]);
const LOGICAL = new Set([SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken]);
export const ASSIGNMENT_OPS = new Set([
  SyntaxKind.EqualsToken,
  SyntaxKind.PlusEqualsToken,
  SyntaxKind.MinusEqualsToken,
  SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.SlashEqualsToken,
  SyntaxKind.PercentEqualsToken,
  SyntaxKind.AmpersandEqualsToken,
  SyntaxKind.BarEqualsToken,
  SyntaxKind.CaretEqualsToken,
  SyntaxKind.LessThanLessThanEqualsToken,
  SyntaxKind.GreaterThanGreaterThanEqualsToken,
  SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
]);

/** Type both operands of a binary operator, letting an untyped literal side adopt the other's type. */
function checkOperands(cx: CheckContext, left: Expression, right: Expression, expected?: SType): [SType | undefined, SType | undefined] {
  const ll = isLiteralLike(left);
  const rl = isLiteralLike(right);
  if (ll && !rl) {
    const r = checkExpr(cx, right);
    return [checkExpr(cx, left, r && promote(r)), r];
  }
  if (rl && !ll) {
    const l = checkExpr(cx, left);
    return [l, checkExpr(cx, right, l && promote(l))];
  }
  if (ll && rl && !expected) {
    const dl = literalDefault(left);
    const dr = literalDefault(right);
    const both = isF32(dl) || isF32(dr) ? F32 : sameType(dl, U32) || sameType(dr, U32) ? U32 : I32;
    return [checkExpr(cx, left, both), checkExpr(cx, right, both)];
  }
  return [checkExpr(cx, left, expected), checkExpr(cx, right, expected)];
}

/** The common type of two numeric operands, or a diagnostic for implicit mixing. */
export function commonNumeric(cx: CheckContext, node: Node, l: SType, r: SType, opText: string): SType | undefined {
  const pl = promote(l);
  const pr = promote(r);
  if (!isNumeric(pl) || !isNumeric(pr)) {
    cx.error(node, "PN1119", `${typeName(l)} ${opText} ${typeName(r)}`);
    return undefined;
  }
  if (isF32(pl) !== isF32(pr)) {
    cx.error(node, "PN1107", `${typeName(l)} ${opText} ${typeName(r)}`);
    return undefined;
  }
  if (!sameType(pl, pr)) {
    cx.error(node, "PN1108", `${typeName(l)} ${opText} ${typeName(r)}`);
    return undefined;
  }
  return pl;
}

/** Result type of `l op r` (also used for compound assignments). */
export function binaryResult(cx: CheckContext, node: Node, op: SyntaxKind, l: SType, r: SType, opText: string): SType | undefined {
  if (ARITH.has(op)) {
    const t = commonNumeric(cx, node, l, r, opText);
    if (t && op === SyntaxKind.PercentToken && isF32(t)) {
      cx.error(node, "PN1119", "% on f32 (fmod is libm's)");
      return undefined;
    }
    return t;
  }
  if (BITWISE.has(op)) {
    if (!isInt(l) || !isInt(r)) {
      cx.error(node, "PN1119", `${typeName(l)} ${opText} ${typeName(r)}`);
      return undefined;
    }
    return commonNumeric(cx, node, l, r, opText);
  }
  if (SHIFT.has(op)) {
    if (!isInt(l) || !isInt(r)) {
      cx.error(node, "PN1119", `${typeName(l)} ${opText} ${typeName(r)}`);
      return undefined;
    }
    const pl = promote(l);
    const unsigned = pl.kind === "scalar" && pl.name === "u32";
    if (op === SyntaxKind.GreaterThanGreaterThanGreaterThanToken && !unsigned) {
      cx.error(node, "PN1119", `>>> on ${typeName(l)}: use u32(x) >> n for a logical shift`);
      return undefined;
    }
    return pl;
  }
  throw new Error(`internal: binaryResult(${SyntaxKind[op]})`);
}

function checkBinary(cx: CheckContext, node: BinaryExpression, expected?: SType): SType | undefined {
  const op = node.getOperatorToken().getKind();
  const opText = node.getOperatorToken().getText();
  const left = node.getLeft();
  const right = node.getRight();
  if (ASSIGNMENT_OPS.has(op)) {
    cx.error(node, "PN1113");
    return undefined;
  }
  if (LOGICAL.has(op)) {
    const l = checkExpr(cx, left, BOOL);
    const r = checkExpr(cx, right, BOOL);
    if (!l || !r) return undefined;
    if (!isBool(l) || !isBool(r)) {
      cx.error(node, "PN1110", `${typeName(l)} ${opText} ${typeName(r)}`);
      return undefined;
    }
    return BOOL;
  }
  if (RELATIONAL.has(op) || EQUALITY.has(op)) {
    const [l, r] = checkOperands(cx, left, right);
    if (!l || !r) return undefined;
    if (isConstantComparison(cx, l, right, op, false) || isConstantComparison(cx, r, left, op, true)) {
      cx.error(node, "PN1119", `\`${short(node)}\` is constant: the range of its type decides it`);
      return undefined;
    }
    if (EQUALITY.has(op) && isBool(l) && isBool(r)) return BOOL;
    return commonNumeric(cx, node, l, r, opText) && BOOL;
  }
  if (ARITH.has(op) || BITWISE.has(op)) {
    const [l, r] = checkOperands(cx, left, right, expected);
    if (!l || !r) return undefined;
    return binaryResult(cx, node, op, l, r, opText);
  }
  if (SHIFT.has(op)) {
    const l = checkExpr(cx, left, expected);
    const r = checkExpr(cx, right, I32);
    if (!l || !r) return undefined;
    return binaryResult(cx, node, op, l, r, opText);
  }
  cx.error(node, "PN1119", `\`${opText}\``);
  return undefined;
}

/**
 * A comparison that the operand's type range decides (`u >= 0` on a u32, `h <= 32767` on an i16).
 * gcc's -Wtype-limits rejects it, and it is a mistake in the spec too.
 */
function isConstantComparison(cx: CheckContext, t: SType, other: Expression, op: SyntaxKind, otherOnLeft: boolean): boolean {
  if (!isInt(t) || t.name === "i32" || !isLiteralLike(other)) return false;
  const c = literalValueOf(other);
  if (c === undefined) return false;
  const [lo, hi] = INT_RANGE[t.name];
  // Normalize to `x OP c`.
  const flip: Partial<Record<SyntaxKind, SyntaxKind>> = {
    [SyntaxKind.LessThanToken]: SyntaxKind.GreaterThanToken,
    [SyntaxKind.GreaterThanToken]: SyntaxKind.LessThanToken,
    [SyntaxKind.LessThanEqualsToken]: SyntaxKind.GreaterThanEqualsToken,
    [SyntaxKind.GreaterThanEqualsToken]: SyntaxKind.LessThanEqualsToken,
  };
  const o = otherOnLeft ? (flip[op] ?? op) : op;
  switch (o) {
    case SyntaxKind.LessThanToken:
      return c > hi || c <= lo;
    case SyntaxKind.LessThanEqualsToken:
      return c >= hi || c < lo;
    case SyntaxKind.GreaterThanToken:
      return c >= hi || c < lo;
    case SyntaxKind.GreaterThanEqualsToken:
      return c <= lo || c > hi;
    default:
      return c < lo || c > hi;
  }
  void cx;
}

/** The value of a literal or negated literal; undefined for anything else. */
function literalValueOf(e: Node): number | undefined {
  if (Node.isParenthesizedExpression(e)) return literalValueOf(e.getExpression());
  if (Node.isNumericLiteral(e)) return Number(e.getText());
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.MinusToken) {
    const v = literalValueOf(e.getOperand());
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

function checkConditional(cx: CheckContext, node: ConditionalExpression, expected?: SType): SType | undefined {
  const c = checkExpr(cx, node.getCondition(), BOOL);
  if (c && !isBool(c)) cx.error(node.getCondition(), "PN1110", typeName(c));
  const [a, b] = checkOperands(cx, node.getWhenTrue(), node.getWhenFalse(), expected);
  if (!a || !b || !c) return undefined;
  if (a.kind !== "scalar" || b.kind !== "scalar") {
    cx.error(node, "PN1128", "a conditional that chooses between arrays or structs");
    return undefined;
  }
  if (isBool(a) && isBool(b)) return BOOL;
  return commonNumeric(cx, node, a, b, "?:");
}

function checkParenthesized(cx: CheckContext, node: Node & { getExpression(): Expression }, expected?: SType): SType | undefined {
  return checkExpr(cx, node.getExpression(), expected);
}

function checkIdentifier(cx: CheckContext, node: Identifier): SType | undefined {
  const b = resolveIdentifier(cx, node);
  if (!b) return undefined;
  switch (b.kind) {
    case "local":
    case "param":
    case "global":
      return b.type;
    case "builtinConst":
      return b.c.type;
    default:
      cx.error(node, "PN1112", `\`${node.getText()}\` is not a value`);
      return undefined;
  }
}

function checkTrueFalse(): SType {
  return BOOL;
}

function checkElementAccess(cx: CheckContext, node: ElementAccessExpression): SType | undefined {
  const arr = checkExpr(cx, node.getExpression());
  const arg = node.getArgumentExpression();
  if (!arg) return undefined;
  const idx = checkExpr(cx, arg, I32);
  if (!arr || !idx) return undefined;
  if (arr.kind !== "array") {
    cx.error(node, "PN1112", `indexing a ${typeName(arr)}`);
    return undefined;
  }
  if (!isInt(idx)) {
    cx.error(arg, "PN1107", `index of type ${typeName(idx)}`);
    return undefined;
  }
  return { kind: "scalar", name: arr.elem };
}

/** Size of an array expression when known at compile time (module arrays, tables, class fields). */
export function arraySizeOf(cx: CheckContext, node: Expression): number | undefined {
  if (Node.isIdentifier(node)) {
    const b = cx.bindingOf(node);
    if (b?.kind === "global") return cx.arrays.get(b.decl.compilerNode)?.size;
    return undefined;
  }
  if (Node.isPropertyAccessExpression(node)) {
    const field = fieldDeclOf(cx, node);
    return field ? cx.arrays.get(field.compilerNode)?.size : undefined;
  }
  return undefined;
}

export function fieldDeclOf(cx: CheckContext, node: PropertyAccessExpression): Node | undefined {
  const objType = cx.exprTypes.get(node.getExpression().compilerNode);
  if (!objType || objType.kind !== "struct") return undefined;
  return objType.decl.getProperty(node.getName());
}

function checkPropertyAccess(cx: CheckContext, node: PropertyAccessExpression): SType | undefined {
  const obj = node.getExpression();
  if (Node.isIdentifier(obj) && obj.getText() === "Math") {
    cx.error(node, "PN1106", `\`${node.getText()}\``);
    return undefined;
  }
  const t = checkExpr(cx, obj);
  if (!t) return undefined;
  const name = node.getName();
  if (t.kind === "array") {
    if (name === "length") {
      if (arraySizeOf(cx, obj) === undefined) {
        cx.error(node, "PN1115", `\`${short(obj)}\``);
        return undefined;
      }
      return I32;
    }
    cx.error(node, "PN1112", `\`.${name}\` on a typed array`);
    return undefined;
  }
  if (t.kind === "struct") {
    const field = t.decl.getProperty(name);
    if (!field) {
      cx.error(node, "PN1112", `\`${name}\` is not a field of ${t.name}`);
      return undefined;
    }
    return cx.declTypes.get(field.compilerNode);
  }
  cx.error(node, "PN1112", `\`.${name}\` on ${typeName(t)}`);
  return undefined;
}

/** The spec function or builtin a call names, or a diagnostic. */
function calleeOf(cx: CheckContext, node: CallExpression): FunctionDeclaration | BuiltinFunction | undefined {
  const callee = node.getExpression();
  if (Node.isPropertyAccessExpression(callee)) {
    const obj = callee.getExpression();
    if (Node.isIdentifier(obj) && obj.getText() === "Math") cx.error(callee, "PN1106", `\`${callee.getText()}\``);
    else cx.error(callee, "PN1122", `\`${short(callee)}\``);
    return undefined;
  }
  if (!Node.isIdentifier(callee)) {
    cx.error(callee, "PN1122", `\`${short(callee)}\``);
    return undefined;
  }
  const b = resolveIdentifier(cx, callee);
  if (!b) return undefined;
  if (b.kind === "function") return b.decl;
  if (b.kind === "builtin") return b.fn;
  cx.error(callee, "PN1122", `\`${callee.getText()}\` is not a function`);
  return undefined;
}

function isBuiltin(f: FunctionDeclaration | BuiltinFunction): f is BuiltinFunction {
  return !(f instanceof Node);
}

/** The array parameter an argument names, if the argument is the caller's own parameter. */
function paramArrayOf(cx: CheckContext, arg: Expression): { index: number } | undefined {
  if (!Node.isIdentifier(arg)) return undefined;
  const b = cx.bindingOf(arg);
  return b?.kind === "param" && b.fn === cx.currentFunction ? { index: b.index } : undefined;
}

/** Whether an array expression is read-only (a table). */
export function isReadonlyArray(cx: CheckContext, arg: Expression): boolean {
  if (!Node.isIdentifier(arg)) return false;
  const b = cx.bindingOf(arg);
  return b?.kind === "global" && b.role === "table";
}

function checkCall(cx: CheckContext, node: CallExpression, expected?: SType): SType | undefined {
  const callee = calleeOf(cx, node);
  const args = node.getArguments() as Expression[];
  if (!callee) {
    for (const a of args) checkExpr(cx, a);
    return undefined;
  }
  const name = isBuiltin(callee) ? callee.name : callee.getNameOrThrow();
  const params: BuiltinParam[] = isBuiltin(callee)
    ? callee.params
    : callee.getParameters().map((p) => cx.declTypes.get(p.compilerNode) ?? "numeric");
  const ret: SType | undefined = isBuiltin(callee) ? callee.ret : cx.declTypes.get(callee.compilerNode);
  if (node.getTypeArguments().length > 0) cx.error(node, "PN1131", "type arguments");
  if (args.length !== params.length) {
    cx.error(node, "PN1123", `${name} takes ${params.length} arguments, not ${args.length}`);
    for (const a of args) checkExpr(cx, a);
    return undefined;
  }
  let ok = true;
  args.forEach((arg, i) => {
    const p = params[i];
    if (p === "numeric") {
      // A conversion: any number goes in, but f32 → integer must say how it rounds.
      const t = checkExpr(cx, arg);
      if (!t) return void (ok = false);
      if (!isNumeric(t)) {
        cx.error(arg, "PN1123", `${name}() takes a number, not ${typeName(t)}`);
        ok = false;
      } else if (isF32(t) && ret && !isF32(ret)) {
        cx.error(arg, "PN1107", `${name}(f32): use trunc_i32, round_i32 or floor_i32 to say how it rounds`);
        ok = false;
      }
      return;
    }
    const t = checkExpr(cx, arg, p);
    if (!t) return void (ok = false);
    if (!assignable(t, p)) {
      const code = isF32(t) !== isF32(p) && isNumeric(t) && isNumeric(p) ? "PN1107" : isInt(t) && isInt(p) ? "PN1109" : "PN1123";
      cx.error(arg, code, `argument ${i + 1} of ${name} is ${typeName(t)}, the parameter is ${typeName(p)}`);
      ok = false;
      return;
    }
    if (p.kind === "array") {
      const from = paramArrayOf(cx, arg);
      if (from && cx.currentFunction) cx.forwards.push({ from: cx.currentFunction, fromIndex: from.index, to: callee, toIndex: i });
      if (isReadonlyArray(cx, arg)) cx.readonlyPasses.push({ site: arg, to: callee, toIndex: i });
    }
  });
  if (!isBuiltin(callee) && cx.currentFunction) {
    const list = cx.calls.get(cx.currentFunction) ?? [];
    list.push({ callee, site: node });
    cx.calls.set(cx.currentFunction, list);
  }
  if (!ok || !ret) return undefined;
  return ret;
}

function checkNew(cx: CheckContext, node: Node): SType | undefined {
  cx.error(node, "PN1104", `\`${short(node)}\``);
  return undefined;
}

function checkThis(cx: CheckContext, node: Node): SType | undefined {
  cx.error(node, "PN1121", "`this`: classes have no methods");
  return undefined;
}

function checkPostfix(cx: CheckContext, node: Node): SType | undefined {
  cx.error(node, "PN1113");
  return undefined;
}

function checkThrowLike(cx: CheckContext, node: Node): SType | undefined {
  cx.error(node, "PN1112", `\`${short(node)}\``);
  return undefined;
}

function checkAs(cx: CheckContext, node: Node): SType | undefined {
  cx.error(node, "PN1112", `type assertion \`${short(node)}\`: convert with f32(x), i32(x), ...`);
  return undefined;
}

const VISITORS: Partial<Record<SyntaxKind, Visitor>> = {
  [SyntaxKind.NumericLiteral]: checkNumericLiteral,
  [SyntaxKind.PrefixUnaryExpression]: checkPrefixUnary,
  [SyntaxKind.PostfixUnaryExpression]: checkPostfix,
  [SyntaxKind.BinaryExpression]: checkBinary,
  [SyntaxKind.ConditionalExpression]: checkConditional,
  [SyntaxKind.ParenthesizedExpression]: checkParenthesized,
  [SyntaxKind.Identifier]: checkIdentifier,
  [SyntaxKind.TrueKeyword]: checkTrueFalse,
  [SyntaxKind.FalseKeyword]: checkTrueFalse,
  [SyntaxKind.ElementAccessExpression]: checkElementAccess,
  [SyntaxKind.PropertyAccessExpression]: checkPropertyAccess,
  [SyntaxKind.CallExpression]: checkCall,
  [SyntaxKind.NewExpression]: checkNew,
  [SyntaxKind.ThisKeyword]: checkThis,
  [SyntaxKind.AsExpression]: checkAs,
  [SyntaxKind.TypeAssertionExpression]: checkAs,
  [SyntaxKind.NonNullExpression]: checkAs,
  [SyntaxKind.TypeOfExpression]: checkThrowLike,
  [SyntaxKind.DeleteExpression]: checkThrowLike,
  [SyntaxKind.VoidExpression]: checkThrowLike,
  [SyntaxKind.AwaitExpression]: checkThrowLike,
  [SyntaxKind.ObjectLiteralExpression]: checkThrowLike,
  [SyntaxKind.ArrayLiteralExpression]: checkThrowLike,
  [SyntaxKind.SpreadElement]: checkThrowLike,
};

export { isBuiltin };
