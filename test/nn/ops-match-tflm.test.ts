// Each TFLM operator our layers are built from, alone, over every input value (int8 and int16
// activations) or every pair of int8 values (ADD, SUB, MUL), with random and extreme scales:
// spec/nn gives TFLM's exact output.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { nn } from "./exact.ts";
import { py, tmpDir } from "./helpers.ts";

// spec/nn compiled by the exact-JS backend.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let A: any, E: any;

interface Case { op: string; p: number[]; n: number; dtype: string; a: string; b?: string; y: string }

function read(dir: string, file: string, dtype: string): Int8Array | Int16Array {
  const b = fs.readFileSync(path.join(dir, file));
  return dtype === "int16" ? new Int16Array(b.buffer, b.byteOffset, b.length / 2) : new Int8Array(b.buffer, b.byteOffset, b.length);
}

function ours(c: Case, a: Int8Array | Int16Array, b: Int8Array | undefined): Int8Array | Int16Array {
  const p = Int32Array.from(c.p);
  const { logistic_s8, tanh_s8, logistic_s16, tanh_s16 } = A;
  const { add_s8, sub_s8, mul_s8 } = E;
  switch (c.op) {
    case "logistic_s8": { const o = new Int8Array(c.n); logistic_s8(a as Int8Array, 0, o, 0, c.n, p, 0); return o; }
    case "tanh_s8": { const o = new Int8Array(c.n); tanh_s8(a as Int8Array, 0, o, 0, c.n, p, 0); return o; }
    case "logistic_s16": { const o = new Int16Array(c.n); logistic_s16(a as Int16Array, 0, o, 0, c.n, p[0], p[1]); return o; }
    case "tanh_s16": { const o = new Int16Array(c.n); tanh_s16(a as Int16Array, 0, o, 0, c.n, p[0], p[1]); return o; }
    case "add_s8": { const o = new Int8Array(c.n); add_s8(a as Int8Array, 0, b!, 0, o, 0, c.n, p, 0); return o; }
    case "sub_s8": { const o = new Int8Array(c.n); sub_s8(a as Int8Array, 0, b!, 0, o, 0, c.n, p, 0); return o; }
    case "mul_s8": { const o = new Int8Array(c.n); mul_s8(a as Int8Array, 0, b!, 0, o, 0, c.n, p, 0); return o; }
  }
  throw new Error(c.op);
}

describe("nn: single operators equal TFLM on every input", function () {
  this.timeout(120_000);
  let dir = "";
  let cases: Case[] = [];
  before(async function () {
    A = await nn("activations");
    E = await nn("elementwise");
    dir = tmpDir("ops");
    py("opcheck", ["--seed", "20261126", "--cases", "8", "--out", dir]);
    cases = JSON.parse(fs.readFileSync(path.join(dir, "cases.json"), "utf8")) as Case[];
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const op of ["logistic_s8", "tanh_s8", "logistic_s16", "tanh_s16", "add_s8", "sub_s8", "mul_s8"]) {
    it(`${op}: all inputs, 8 random scale sets (incl. extreme), bit-exact`, function () {
      const mine = cases.filter((c) => c.op === op);
      assert.equal(mine.length, 8);
      let values = 0;
      const distinct = new Set<number>();
      for (const c of mine) {
        const a = read(dir, c.a, c.dtype);
        const b = c.b ? (read(dir, c.b, c.dtype) as Int8Array) : undefined;
        const y = read(dir, c.y, c.dtype);
        const o = ours(c, a, b);
        for (let k = 0; k < c.n; k++) {
          if (o[k] !== y[k]) {
            assert.fail(`${op} p=[${c.p}] input ${a[k]}${b ? `,${b[k]}` : ""}: ours ${o[k]}, TFLM ${y[k]}`);
          }
          distinct.add(y[k]);
        }
        values += c.n;
      }
      // The cases must exercise the function, not just its saturation.
      assert.ok(distinct.size > (op.endsWith("16") ? 1000 : 100), `${op}: only ${distinct.size} distinct outputs`);
      assert.ok(values >= 8 * 256);
    });
  }
});
