// The subset's types, as the checker sees them. TypeScript calls all numbers `number`; the subset
// tells them apart by the prelude's aliases (f32, i32, ...), so the checker types every
// expression itself.
import type { ClassDeclaration } from "ts-morph";

export type ScalarName = "f32" | "i32" | "u32" | "i16" | "u16" | "i8" | "u8" | "bool";
export type IntName = "i32" | "u32" | "i16" | "u16" | "i8" | "u8";

export type SType =
  | { kind: "scalar"; name: ScalarName }
  | { kind: "array"; elem: Exclude<ScalarName, "bool">; ctor: string }
  | { kind: "struct"; name: string; decl: ClassDeclaration }
  | { kind: "void" };

export const SCALARS: readonly ScalarName[] = ["f32", "i32", "u32", "i16", "u16", "i8", "u8", "bool"];

/** Typed-array constructor → element type. Float64Array and BigInt arrays are not in the subset. */
export const ARRAY_ELEM: Record<string, Exclude<ScalarName, "bool">> = {
  Float32Array: "f32",
  Int32Array: "i32",
  Uint32Array: "u32",
  Int16Array: "i16",
  Uint16Array: "u16",
  Int8Array: "i8",
  Uint8Array: "u8",
};

export const C_SCALAR: Record<ScalarName, string> = {
  f32: "float",
  i32: "int32_t",
  u32: "uint32_t",
  i16: "int16_t",
  u16: "uint16_t",
  i8: "int8_t",
  u8: "uint8_t",
  bool: "bool",
};

/** Value ranges of the integer types. */
export const INT_RANGE: Record<IntName, [number, number]> = {
  i32: [-2147483648, 2147483647],
  u32: [0, 4294967295],
  i16: [-32768, 32767],
  u16: [0, 65535],
  i8: [-128, 127],
  u8: [0, 255],
};

export const scalar = (name: ScalarName): SType => ({ kind: "scalar", name });
export const F32 = scalar("f32");
export const I32 = scalar("i32");
export const U32 = scalar("u32");
export const BOOL = scalar("bool");
export const VOID: SType = { kind: "void" };

export function isInt(t: SType): t is { kind: "scalar"; name: IntName } {
  return t.kind === "scalar" && t.name !== "f32" && t.name !== "bool";
}
export function isF32(t: SType): boolean {
  return t.kind === "scalar" && t.name === "f32";
}
export function isBool(t: SType): boolean {
  return t.kind === "scalar" && t.name === "bool";
}
export function isNumeric(t: SType): boolean {
  return t.kind === "scalar" && t.name !== "bool";
}

/** C's integer promotion, which the subset adopts: narrow integers compute as i32. */
export function promote(t: SType): SType {
  if (t.kind === "scalar" && (t.name === "i16" || t.name === "u16" || t.name === "i8" || t.name === "u8")) return I32;
  return t;
}

export function sameType(a: SType, b: SType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "scalar" && b.kind === "scalar") return a.name === b.name;
  if (a.kind === "array" && b.kind === "array") return a.elem === b.elem;
  if (a.kind === "struct" && b.kind === "struct") return a.decl === b.decl;
  return true;
}

/** Value-preserving widenings that may happen implicitly (C does them without loss, too). */
const WIDENS: Record<string, ScalarName[]> = {
  i8: ["i16", "i32"],
  u8: ["u16", "i16", "i32", "u32"],
  i16: ["i32"],
  u16: ["i32", "u32"],
};

export function assignable(from: SType, to: SType): boolean {
  if (sameType(from, to)) return true;
  if (from.kind === "scalar" && to.kind === "scalar") return (WIDENS[from.name] ?? []).includes(to.name);
  return false;
}

export function typeName(t: SType): string {
  switch (t.kind) {
    case "scalar":
      return t.name;
    case "array":
      return t.ctor;
    case "struct":
      return t.name;
    case "void":
      return "void";
  }
}
