// The nesting limit: TypeScript's parser and checker, our checker and the emitters all recurse on
// the syntax tree, so a deeply nested program (1,000 parentheses, unary minus or `if`, a 5,000-term
// `+` chain) would overflow the JS stack. Depth is measured here without recursion: on the tokens
// before TypeScript parses the file (brackets and runs of prefix operators), then on the tree.
import * as fs from "node:fs";
import { ts, type SourceFile } from "ts-morph";

/** Nesting allowed: eight times the deepest spec module (25 tree levels), far below an overflow. */
export const MAX_NESTING = 200;

export interface TooDeep {
  /** 1-based, as ts-morph reports positions. */
  line: number;
  col: number;
}

function lineCol(text: string, pos: number): TooDeep {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) (line++, (start = i + 1));
  return { line, col: pos - start + 1 };
}

const PREFIX = new Set([ts.SyntaxKind.MinusToken, ts.SyntaxKind.PlusToken, ts.SyntaxKind.ExclamationToken, ts.SyntaxKind.TildeToken, ts.SyntaxKind.MinusMinusToken, ts.SyntaxKind.PlusPlusToken]);
const OPEN = new Set([ts.SyntaxKind.OpenParenToken, ts.SyntaxKind.OpenBracketToken, ts.SyntaxKind.OpenBraceToken]);
const CLOSE = new Set([ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.CloseBraceToken]);

/** Where a file's source nests brackets and prefix operators deeper than MAX_NESTING, or null. */
export function tooDeepSource(file: string): TooDeep | null {
  const text = fs.readFileSync(file, "utf8");
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, text);
  let depth = 0;
  let prefixRun = 0;
  let prev = ts.SyntaxKind.Unknown;
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (OPEN.has(k)) depth++;
    else if (CLOSE.has(k)) depth = Math.max(0, depth - 1);
    // A prefix operator follows an operator or an opening bracket, not a value.
    const afterValue = prev === ts.SyntaxKind.Identifier || prev === ts.SyntaxKind.NumericLiteral || CLOSE.has(prev);
    prefixRun = PREFIX.has(k) && !afterValue ? prefixRun + 1 : PREFIX.has(k) ? prefixRun : OPEN.has(k) ? prefixRun : 0;
    if (depth + prefixRun > MAX_NESTING) return lineCol(text, scanner.getTokenStart());
    prev = k;
  }
  return null;
}

/** The first node (in source order) deeper than MAX_NESTING tree levels (an operator chain), or null. */
export function tooDeepTree(sf: SourceFile): TooDeep | null {
  const stack: [ts.Node, number][] = [[sf.compilerNode, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) {
      const { line, column } = sf.getLineAndColumnAtPos(node.getStart(sf.compilerNode));
      return { line, col: column };
    }
    // Children pushed last-first, so nodes are met in source order: the leftmost too-deep node is reported.
    const children: ts.Node[] = [];
    node.forEachChild((c) => {
      children.push(c);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }
  return null;
}
