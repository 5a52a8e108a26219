// Statements inside functions: one visitor per syntax kind.
import {
  Node,
  SyntaxKind,
  type BinaryExpression,
  type Block,
  type DoStatement,
  type Expression,
  type ExpressionStatement,
  type ForStatement,
  type IfStatement,
  type ReturnStatement,
  type Statement,
  type VariableDeclarationList,
  type VariableStatement,
  type WhileStatement,
} from "ts-morph";
import { BOOL, I32, assignable, isBool, isF32, isInt, isNumeric, promote, typeName, type SType } from "../types.js";
import type { CheckContext } from "./context.js";
import { ASSIGNMENT_OPS, binaryResult, checkExpr, fieldDeclOf, isReadonlyArray, short } from "./expressions.js";
import { typeFromNode } from "./type-nodes.js";

type Visitor = (cx: CheckContext, node: any) => void;

export function checkStatement(cx: CheckContext, node: Statement): void {
  const visit = VISITORS[node.getKind()];
  if (visit) return visit(cx, node);
  switch (node.getKind()) {
    case SyntaxKind.ThrowStatement:
    case SyntaxKind.TryStatement:
      return cx.error(node, "PN1103");
    case SyntaxKind.FunctionDeclaration:
      return cx.error(node, "PN1102");
    default:
      return cx.error(node, "PN1111", node.getKindName());
  }
}

function checkBlock(cx: CheckContext, node: Block): void {
  for (const s of node.getStatements()) checkStatement(cx, s as Statement);
}

function checkCondition(cx: CheckContext, cond: Expression | undefined): void {
  if (!cond) return;
  const t = checkExpr(cx, cond, BOOL);
  if (t && !isBool(t)) cx.error(cond, "PN1110", `\`${short(cond)}\` is ${typeName(t)}`);
}

function checkIf(cx: CheckContext, node: IfStatement): void {
  checkCondition(cx, node.getExpression());
  checkStatement(cx, node.getThenStatement());
  const e = node.getElseStatement();
  if (e) checkStatement(cx, e);
}

function checkWhile(cx: CheckContext, node: WhileStatement | DoStatement): void {
  checkCondition(cx, node.getExpression());
  checkStatement(cx, node.getStatement());
}

function checkFor(cx: CheckContext, node: ForStatement): void {
  const init = node.getInitializer();
  if (init) {
    if (Node.isVariableDeclarationList(init)) checkDeclarationList(cx, init);
    else checkEffect(cx, init);
  }
  checkCondition(cx, node.getCondition());
  const inc = node.getIncrementor();
  if (inc) checkEffect(cx, inc);
  checkStatement(cx, node.getStatement());
}

function checkVariableStatement(cx: CheckContext, node: VariableStatement): void {
  checkDeclarationList(cx, node.getDeclarationList());
}

function checkDeclarationList(cx: CheckContext, list: VariableDeclarationList): void {
  if (list.getDeclarationKind() === "var") {
    cx.error(list, "PN1126");
    return;
  }
  for (const d of list.getDeclarations()) {
    const init = d.getInitializer();
    if (!Node.isIdentifier(d.getNameNode())) {
      cx.error(d, "PN1112", "destructuring");
      continue;
    }
    const typeNode = d.getTypeNode();
    const annotated = typeNode ? typeFromNode(cx, typeNode) : undefined;
    if (!init) {
      cx.error(d, "PN1125", `\`${d.getName()}\``);
      continue;
    }
    if (Node.isNewExpression(init)) {
      cx.error(init, "PN1104", `\`${short(init)}\` inside a function`);
      continue;
    }
    if (typeNode && !annotated) continue;
    const t = checkExpr(cx, init, annotated);
    if (!t) continue;
    if (t.kind !== "scalar") {
      cx.error(d, "PN1128", `local alias \`${d.getName()}\` of a ${typeName(t)}: use the array or field directly`);
      continue;
    }
    if (annotated && !assignable(t, annotated)) {
      reportMismatch(cx, init, t, annotated);
      continue;
    }
    cx.declTypes.set(d.compilerNode, annotated ?? t);
  }
}

function reportMismatch(cx: CheckContext, at: Node, from: SType, to: SType): void {
  if (isNumeric(from) && isNumeric(to) && isF32(from) !== isF32(to)) cx.error(at, "PN1107", `${typeName(from)} to ${typeName(to)}`);
  else if (isInt(from) && isInt(to)) cx.error(at, "PN1109", `${typeName(from)} to ${typeName(to)}`);
  else cx.error(at, "PN1123", `${typeName(from)} where ${typeName(to)} is expected`);
}

function checkExpressionStatement(cx: CheckContext, node: ExpressionStatement): void {
  checkEffect(cx, node.getExpression());
}

/** An expression in statement position must have an effect: a call, an assignment, ++ or --. */
function checkEffect(cx: CheckContext, e: Expression): void {
  if (Node.isCallExpression(e)) {
    checkExpr(cx, e);
    return;
  }
  if (Node.isBinaryExpression(e) && ASSIGNMENT_OPS.has(e.getOperatorToken().getKind())) {
    checkAssignment(cx, e);
    return;
  }
  if (Node.isPostfixUnaryExpression(e) || (Node.isPrefixUnaryExpression(e) && (e.getOperatorToken() === SyntaxKind.PlusPlusToken || e.getOperatorToken() === SyntaxKind.MinusMinusToken))) {
    const target = e.getOperand();
    const t = checkTarget(cx, target);
    if (!t) return;
    if (!isNumeric(t)) cx.error(e, "PN1119", `++/-- on ${typeName(t)}`);
    else if (promote(t) !== t) cx.error(e, "PN1129", `${typeName(t)}`);
    return;
  }
  if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.CommaToken) {
    cx.error(e, "PN1112", "the comma operator");
    return;
  }
  cx.error(e, "PN1112", `\`${short(e)}\` has no effect`);
}

/** Check an assignment target; its type, or undefined after a diagnostic. */
function checkTarget(cx: CheckContext, target: Expression): SType | undefined {
  if (Node.isParenthesizedExpression(target)) return checkTarget(cx, target.getExpression());
  if (cx.currentFunction && !(Node.isIdentifier(target) && cx.bindingOf(target)?.kind !== "global" && isLocalName(cx, target)))
    cx.directImpure.add(cx.currentFunction);
  if (Node.isIdentifier(target)) {
    const t = checkExpr(cx, target);
    if (!t) return undefined;
    const b = cx.bindingOf(target);
    if (b?.kind === "global" && b.role !== "let") {
      cx.error(target, b.role === "const" ? "PN1114" : "PN1128", `\`${target.getText()}\``);
      return undefined;
    }
    if (t.kind !== "scalar") {
      cx.error(target, "PN1128", `\`${target.getText()}\``);
      return undefined;
    }
    return t;
  }
  if (Node.isElementAccessExpression(target)) {
    const t = checkExpr(cx, target);
    if (!t) return undefined;
    const arr = target.getExpression();
    if (isReadonlyArray(cx, arr)) {
      cx.error(target, "PN1114", `table \`${arr.getText()}\``);
      return undefined;
    }
    if (Node.isIdentifier(arr)) {
      const b = cx.bindingOf(arr);
      if (b?.kind === "param" && cx.currentFunction) {
        const w = cx.directWrites.get(cx.currentFunction) ?? new Set<number>();
        w.add(b.index);
        cx.directWrites.set(cx.currentFunction, w);
      }
    }
    return t;
  }
  if (Node.isPropertyAccessExpression(target)) {
    const t = checkExpr(cx, target);
    if (!t) return undefined;
    if (t.kind !== "scalar" || !fieldDeclOf(cx, target)) {
      cx.error(target, "PN1128", `\`${short(target)}\``);
      return undefined;
    }
    return t;
  }
  cx.error(target, "PN1112", `assignment to \`${short(target)}\``);
  return undefined;
}

/** A local or parameter (not a module-level variable): writing it has no effect outside. */
function isLocalName(cx: CheckContext, id: Expression): boolean {
  const sym = id.getSymbol();
  const decl = sym?.getDeclarations()[0];
  if (!decl) return false;
  if (Node.isParameterDeclaration(decl)) return true;
  return Node.isVariableDeclaration(decl) && !Node.isSourceFile(decl.getVariableStatement()?.getParent());
}

function hasCall(e: Node): boolean {
  return Node.isCallExpression(e) || e.getDescendantsOfKind(SyntaxKind.CallExpression).length > 0;
}

const COMPOUND_TO_BINARY: Partial<Record<SyntaxKind, SyntaxKind>> = {
  [SyntaxKind.PlusEqualsToken]: SyntaxKind.PlusToken,
  [SyntaxKind.MinusEqualsToken]: SyntaxKind.MinusToken,
  [SyntaxKind.AsteriskEqualsToken]: SyntaxKind.AsteriskToken,
  [SyntaxKind.SlashEqualsToken]: SyntaxKind.SlashToken,
  [SyntaxKind.PercentEqualsToken]: SyntaxKind.PercentToken,
  [SyntaxKind.AmpersandEqualsToken]: SyntaxKind.AmpersandToken,
  [SyntaxKind.BarEqualsToken]: SyntaxKind.BarToken,
  [SyntaxKind.CaretEqualsToken]: SyntaxKind.CaretToken,
  [SyntaxKind.LessThanLessThanEqualsToken]: SyntaxKind.LessThanLessThanToken,
  [SyntaxKind.GreaterThanGreaterThanEqualsToken]: SyntaxKind.GreaterThanGreaterThanToken,
  [SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken]: SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
};
export { COMPOUND_TO_BINARY };

function checkAssignment(cx: CheckContext, node: BinaryExpression): void {
  const op = node.getOperatorToken().getKind();
  const target = node.getLeft();
  const tt = checkTarget(cx, target);
  if (op === SyntaxKind.EqualsToken) {
    const vt = checkExpr(cx, node.getRight(), tt);
    if (!tt || !vt) return;
    if (!assignable(vt, tt)) reportMismatch(cx, node.getRight(), vt, tt);
    return;
  }
  if (Node.isElementAccessExpression(target) && hasCall(target.getArgumentExpressionOrThrow())) {
    // `a[f()] += x` would evaluate f twice in its expanded form `a[f()] = a[f()] + x`.
    cx.error(target, "PN1112", "a call inside a compound-assigned index: hoist the index into a local");
    return;
  }
  const binOp = COMPOUND_TO_BINARY[op]!;
  const isShift = binOp === SyntaxKind.LessThanLessThanToken || binOp === SyntaxKind.GreaterThanGreaterThanToken || binOp === SyntaxKind.GreaterThanGreaterThanGreaterThanToken;
  const vt = checkExpr(cx, node.getRight(), isShift ? I32 : tt && promote(tt));
  if (!tt || !vt) return;
  if (promote(tt) !== tt) {
    cx.error(node, "PN1129", `\`${short(node)}\` on ${typeName(tt)}`);
    return;
  }
  const opText = node.getOperatorToken().getText().slice(0, -1);
  const rt = binaryResult(cx, node, binOp, tt, vt, opText);
  if (rt && !assignable(rt, tt)) reportMismatch(cx, node, rt, tt);
}

function checkReturn(cx: CheckContext, node: ReturnStatement): void {
  const e = node.getExpression();
  const want = cx.currentReturn;
  if (!want) return;
  if (!e) {
    if (want.kind !== "void") cx.error(node, "PN1123", `return without a value in a function returning ${typeName(want)}`);
    return;
  }
  const t = checkExpr(cx, e, want);
  if (!t) return;
  if (want.kind === "void") {
    cx.error(e, "PN1123", "a value returned from a void function");
    return;
  }
  if (t.kind !== "scalar") {
    cx.error(e, "PN1128", "functions return scalars; write arrays through a parameter");
    return;
  }
  if (!assignable(t, want)) reportMismatch(cx, e, t, want);
}

function checkBreakContinue(cx: CheckContext, node: Node & { getLabel(): Node | undefined }): void {
  const label = node.getLabel();
  if (label) cx.error(label, "PN1111", "labels");
}

function checkEmpty(): void {}

const VISITORS: Partial<Record<SyntaxKind, Visitor>> = {
  [SyntaxKind.Block]: checkBlock,
  [SyntaxKind.IfStatement]: checkIf,
  [SyntaxKind.WhileStatement]: checkWhile,
  [SyntaxKind.DoStatement]: checkWhile,
  [SyntaxKind.ForStatement]: checkFor,
  [SyntaxKind.VariableStatement]: checkVariableStatement,
  [SyntaxKind.ExpressionStatement]: checkExpressionStatement,
  [SyntaxKind.ReturnStatement]: checkReturn,
  [SyntaxKind.BreakStatement]: checkBreakContinue,
  [SyntaxKind.ContinueStatement]: checkBreakContinue,
  [SyntaxKind.EmptyStatement]: checkEmpty,
};

export { BOOL };
