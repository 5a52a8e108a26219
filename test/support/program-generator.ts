// Random subset programs for differential fuzzing. Every program is well-typed by construction
// and exercises the numeric corners where the two backends could disagree: f32 rounding,
// i32/u32 wrap-around, shifts, division, saturation, conversions, NaN and −0.
import { rng } from "./differential.ts";

type T = "f32" | "i32" | "u32" | "i16" | "bool";

const F_LITS = ["0", "-0.0", "1", "0.5", "-1.5", "3.4e38", "1e-40", "0.1", "65536", "-2", "1e-7", "16777217"];
const I_LITS = ["0", "1", "-1", "2", "31", "32", "-2147483648", "2147483647", "0x7fff", "-33", "1000", "65535"];
const U_LITS = ["0", "1", "4294967295", "0x80000000", "31", "3", "65536"];

export class ProgramGenerator {
  private r: () => number;
  private lines: string[] = [];
  private vars: Record<T, string[]> = { f32: [], i32: [], u32: [], i16: [], bool: [] };
  /** Loop counters: readable, never assigned, so every loop ends. */
  private counters = new Set<string>();
  private n = 0;

  constructor(readonly seed: number) {
    this.r = rng(seed);
  }

  private pick<X>(xs: readonly X[]): X {
    return xs[Math.floor(this.r() * xs.length)];
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  /** An i32 index in 0..63. */
  private index(depth: number): string {
    return this.chance(0.5) ? String(Math.floor(this.r() * 64)) : `(${this.expr("i32", depth + 1)}) & 63`;
  }

  /** A variable or array element of type t: never a literal. */
  private operand(t: Exclude<T, "bool">): string {
    if (this.vars[t].length && this.chance(0.7)) return this.pick(this.vars[t]);
    const k = Math.floor(this.r() * 64);
    return t === "f32" ? `xf[${k}]` : t === "i32" ? `xi[${k}]` : `${t}(xi[${k}])`;
  }

  expr(t: T, depth = 0): string {
    const leaf = depth >= 4 || this.chance(0.25);
    const vars = this.vars[t];
    if (leaf) {
      if (vars.length && this.chance(0.6)) return this.pick(vars);
      switch (t) {
        case "f32":
          return this.chance(0.5) ? `xf[${Math.floor(this.r() * 64)}]` : this.pick(F_LITS);
        case "i32":
          return this.chance(0.5) ? `xi[${Math.floor(this.r() * 64)}]` : this.pick(I_LITS);
        case "u32":
          return this.chance(0.5) ? `u32(xi[${Math.floor(this.r() * 64)}])` : this.pick(U_LITS);
        case "i16":
          return `i16(xi[${Math.floor(this.r() * 64)}])`;
        case "bool":
          // Not the literals true/false: gcc folds `false ? a : b` and then warns about what it folded.
          return `xi[${Math.floor(this.r() * 64)}] ${this.chance(0.5) ? "<" : ">="} ${Math.floor(this.r() * 200) - 100}`;
      }
    }
    const d = depth + 1;
    const e = (tt: T): string => this.expr(tt, d);
    switch (t) {
      case "f32":
        return this.pick([
          () => `(${e("f32")} ${this.pick(["+", "-", "*", "/"])} ${e("f32")})`,
          () => `-(${e("f32")})`,
          () => `f32(${e(this.pick(["i32", "u32", "i16"] as const))})`,
          () => `sqrt_f32(${e("f32")})`,
          () => `abs_f32(${e("f32")})`,
          () => `${this.pick(["min_f32", "max_f32"])}(${e("f32")}, ${e("f32")})`,
          () => `clamp_f32(${e("f32")}, -1, 1)`,
          () => `(${e("bool")} ? ${e("f32")} : ${e("f32")})`,
          () => `xf[${this.index(d)}]`,
          () => `f32_from_bits(${e("i32")})`,
          () => `(${e("f32")} * 0.25 + 1)`,
        ])();
      case "i32":
        return this.pick([
          () => `(${e("i32")} ${this.pick(["+", "-", "*", "/", "%", "&", "|", "^"])} ${e("i32")})`,
          () => `(${e("i32")} ${this.pick(["<<", ">>"])} ${e(this.pick(["i32", "i16"] as const))})`,
          () => `(${e("i16")} ${this.pick(["+", "*", "-"])} ${e("i16")})`,
          () => `-(${e("i32")})`,
          () => `~(${e("i32")})`,
          () => `${this.pick(["trunc_i32", "round_i32", "floor_i32"])}(${e("f32")})`,
          () => `i32(${e("u32")})`,
          () => `bits_f32(${e("f32")})`,
          () => `${this.pick(["min_i32", "max_i32"])}(${e("i32")}, ${e("i32")})`,
          () => `abs_i32(${e("i32")})`,
          () => `requantize(${e("i32")}, ${e("i32")}, ${Math.floor(this.r() * 63) - 31})`,
          () => `(${e("bool")} ? ${e("i32")} : ${e("i32")})`,
          () => `xi[${this.index(d)}]`,
        ])();
      case "u32":
        return this.pick([
          () => `(${e("u32")} ${this.pick(["+", "-", "*", "/", "%", "&", "|", "^"])} ${e("u32")})`,
          // A shift takes its type from its left operand alone, so that one must not be a bare literal.
          () => `(${this.vars.u32.length ? this.pick(this.vars.u32) : `u32(xi[${Math.floor(this.r() * 64)}])`} ${this.pick(["<<", ">>", ">>>"])} ${e("i32")})`,
          () => `~(${e("u32")})`,
          () => `u32(${e("i32")})`,
        ])();
      case "i16":
        return this.pick([() => `sat_i16(${e("i32")})`, () => `i16(${this.operand("i32")} ^ ${e("i32")})`, () => `i16(xi[${Math.floor(this.r() * 64)}] + ${e("i16")})`])();
      case "bool": {
        const ct = this.pick(["f32", "i32", "u32", "i16"] as const);
        return this.pick([
          // The left side is never a bare literal: TS rejects comparing two literal types.
          () => {
            const l = this.operand(ct);
            // Narrow and unsigned operands meet no literal: their range would decide the result,
            // which the checker rejects (PN1119) as gcc's -Wtype-limits does.
            const r = ct === "u32" || ct === "i16" ? this.operand(ct) : e(ct);
            // gcc rejects an integer compared with itself (-Wtautological-compare); compare with 0 then.
            // A u32 compared with 0 by < or >= is constant, which the checker rejects (PN1119).
            const op = this.pick(["<", "<=", ">", ">=", "===", "!=="]);
            const rr = r === l && ct !== "f32" ? "1" : r;
            return `${l} ${ct === "u32" && rr === "0" && (op === "<" || op === ">=") ? "<=" : op} ${rr}`;
          },
          () => `(${e("bool")} ${this.pick(["&&", "||"])} ${e("bool")})`,
          () => `!(${e("bool")})`,
        ])();
      }
    }
  }

  private declare(t: T, indent: string): void {
    const name = `${t}_${this.n++}`;
    const init = t === "i16" ? `sat_i16(${this.expr("i32", 2)})` : this.expr(t, 2);
    this.lines.push(`${indent}let ${name}: ${t} = ${init};`);
    this.vars[t].push(name);
  }

  private statement(indent: string, depth: number): void {
    const types: T[] = ["f32", "i32", "u32", "i16", "bool"];
    const k = this.r();
    if (k < 0.25) return this.declare(this.pick(types), indent);
    if (k < 0.55) {
      const t = this.pick(["f32", "i32", "u32"] as const);
      const targets = this.vars[t].filter((v) => !this.counters.has(v));
      if (!targets.length) return this.declare(t, indent);
      const v = this.pick(targets);
      const ops = t === "f32" ? ["=", "+=", "-=", "*=", "/="] : ["=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="];
      const op = this.pick(ops);
      const rhs = op === "<<=" || op === ">>=" ? this.expr("i32", 2) : this.expr(t, 1);
      this.lines.push(`${indent}${v} ${op} ${rhs};`);
      return;
    }
    if (k < 0.65) {
      this.lines.push(`${indent}of[${this.index(2)}] = ${this.expr("f32", 1)};`);
      return;
    }
    if (k < 0.72) {
      this.lines.push(`${indent}oi[${this.index(2)}] = ${this.expr("i32", 1)};`);
      return;
    }
    if (depth < 2 && k < 0.86) {
      this.lines.push(`${indent}if (${this.expr("bool", 1)}) {`);
      this.block(indent + "  ", depth + 1, 2);
      this.lines.push(`${indent}} else {`);
      this.block(indent + "  ", depth + 1, 2);
      this.lines.push(`${indent}}`);
      return;
    }
    if (depth < 2) {
      const i = `k${this.n++}`;
      this.lines.push(`${indent}for (let ${i}: i32 = 0; ${i} < ${2 + Math.floor(this.r() * 5)}; ${i}++) {`);
      this.vars.i32.push(i);
      this.counters.add(i);
      this.block(indent + "  ", depth + 1, 3);
      this.vars.i32 = this.vars.i32.filter((v) => v !== i);
      this.lines.push(`${indent}}`);
      return;
    }
    this.lines.push(`${indent}of[${this.index(2)}] = ${this.expr("f32", 1)};`);
  }

  private block(indent: string, depth: number, count: number): void {
    const saved = { f32: [...this.vars.f32], i32: [...this.vars.i32], u32: [...this.vars.u32], i16: [...this.vars.i16], bool: [...this.vars.bool] };
    for (let s = 0; s < count; s++) this.statement(indent, depth);
    this.vars = saved; // block-scoped lets end here
  }

  /** The whole module: one exported entry `entry`. */
  program(entry: string, preludePath: string): string {
    this.lines = [];
    this.vars = { f32: [], i32: [], u32: [], i16: [], bool: [] };
    const count = 6 + Math.floor(this.r() * 6);
    for (let s = 0; s < count; s++) this.statement("  ", 0);
    // Every top-level variable lands in the outputs too.
    let slot = 0;
    for (const v of this.vars.f32) this.lines.push(`  of[${slot++ % 64}] = ${v};`);
    for (const v of this.vars.i32) this.lines.push(`  oi[${slot++ % 64}] = ${v};`);
    for (const v of this.vars.u32) this.lines.push(`  oi[${slot++ % 64}] = i32(${v});`);
    for (const v of this.vars.i16) this.lines.push(`  oi[${slot++ % 64}] = ${v};`);
    for (const v of this.vars.bool) this.lines.push(`  oi[${slot++ % 64}] = ${v} ? 1 : 0;`);
    const body = this.lines;
    const header = [
      `// Generated by the differential fuzzer, seed ${this.seed}.`,
      `import { f32, i32, u32, i16, bool, sat_i16, trunc_i32, round_i32, floor_i32, bits_f32, f32_from_bits, sqrt_f32, abs_f32, min_f32, max_f32, clamp_f32, min_i32, max_i32, abs_i32, requantize } from "${preludePath}";`,
      "",
      `export function ${entry}(xf: Float32Array, xi: Int32Array, of: Float32Array, oi: Int32Array): void {`,
    ];
    return [...header, ...body, "}", ""].join("\n");
  }
}
