// Type annotations → subset types. Anything that has no C meaning gets its diagnostic here.
import { Node, SyntaxKind } from "ts-morph";
import { ARRAY_ELEM, SCALARS, type ScalarName, type SType, VOID } from "../types.js";
import type { CheckContext } from "./context.js";

/** Scan every type node of a file for `any`, `unknown`, unions and strings, wherever they stand. */
export function checkTypeNodesAnywhere(cx: CheckContext, root: Node): void {
  root.forEachDescendant((n) => {
    switch (n.getKind()) {
      case SyntaxKind.AnyKeyword:
      case SyntaxKind.UnknownKeyword:
        cx.error(n, "PN1001");
        break;
      case SyntaxKind.UnionType:
      case SyntaxKind.IntersectionType:
        cx.error(n, "PN1003");
        break;
      case SyntaxKind.StringKeyword:
        cx.error(n, "PN1004", "type `string`");
        break;
    }
  });
}

/** The subset type an annotation names; undefined (with a diagnostic) if it names none. */
export function typeFromNode(cx: CheckContext, node: Node, allowVoid = false): SType | undefined {
  switch (node.getKind()) {
    case SyntaxKind.NumberKeyword:
      cx.error(node, "PN1002");
      return undefined;
    case SyntaxKind.BooleanKeyword:
      return { kind: "scalar", name: "bool" };
    case SyntaxKind.VoidKeyword:
      if (allowVoid) return VOID;
      cx.error(node, "PN1005", "`void` here");
      return undefined;
    case SyntaxKind.AnyKeyword:
    case SyntaxKind.UnknownKeyword:
    case SyntaxKind.UnionType:
    case SyntaxKind.IntersectionType:
    case SyntaxKind.StringKeyword:
      return undefined; // reported by checkTypeNodesAnywhere
    case SyntaxKind.TypeReference: {
      const ref = node.asKindOrThrow(SyntaxKind.TypeReference);
      if (ref.getTypeArguments().length > 0) {
        cx.error(node, "PN1005", `\`${node.getText()}\``);
        return undefined;
      }
      const name = ref.getTypeName().getText();
      if ((SCALARS as readonly string[]).includes(name)) return { kind: "scalar", name: name as ScalarName };
      const elem = ARRAY_ELEM[name];
      if (elem) return { kind: "array", elem, ctor: name };
      const decl = ref.getTypeName().getSymbol()?.getAliasedSymbol()?.getDeclarations()[0] ?? ref.getTypeName().getSymbol()?.getDeclarations()[0];
      if (decl && Node.isClassDeclaration(decl)) return { kind: "struct", name: decl.getNameOrThrow(), decl };
      cx.error(node, "PN1005", `\`${name}\``);
      return undefined;
    }
    default:
      cx.error(node, "PN1005", `\`${node.getText()}\``);
      return undefined;
  }
}
