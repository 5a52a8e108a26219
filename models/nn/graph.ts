// Operator-level runner: executes a .tflite's int8 graph (dumped by models/nn/graph.py) with
// spec/nn's functions, one TFLM operator at a time, frame by frame with state feedback. This is
// how a model that a user brings is checked, whatever its layer structure.
import * as fs from "node:fs";
import * as path from "node:path";

interface ArrayRef { offset: number; dtype: string; shape: number[] }
interface Op {
  op: string;
  inputs: string[];
  output: string;
  p?: number[];
  rows?: number; cols?: number; w?: ArrayRef; b?: ArrayRef; mult?: number[]; shift?: number[];
  start?: number; n?: number;
}
export interface Graph {
  format: string;
  tensors: Record<string, { size: number; dtype: string; scale: number; zero_point: number }>;
  ops: Op[];
  inputs: string[];
  outputs: string[];
  output_names: string[];
  input_names: string[];
  states: Record<string, string>;
}

/** The compiled spec/nn modules the runner calls. */
export interface Kernels {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  layers: any; activations: any; elementwise: any;
}

export function loadGraph(dir: string): { g: Graph; blob: Buffer } {
  const g = JSON.parse(fs.readFileSync(path.join(dir, "graph.json"), "utf8")) as Graph;
  if (g.format !== "percepnet-nn-graph/1") throw new Error(`unknown format ${g.format}`);
  return { g, blob: fs.readFileSync(path.join(dir, "graph.bin")) };
}

export class GraphNet {
  private readonly t = new Map<string, Int8Array | Int16Array>();
  private readonly prepared: (() => void)[] = [];

  constructor(readonly g: Graph, blob: Buffer, K: Kernels) {
    for (const [n, d] of Object.entries(g.tensors)) this.t.set(n, d.dtype === "int16" ? new Int16Array(d.size) : new Int8Array(d.size));
    const T = (n: string) => this.t.get(n)!;
    const view = (r: ArrayRef) => {
      const len = r.shape.reduce((a, b) => a * b, 1) * (r.dtype === "int8" ? 1 : 4);
      const ab = blob.buffer.slice(blob.byteOffset + r.offset, blob.byteOffset + r.offset + len);
      return r.dtype === "int8" ? new Int8Array(ab) : new Int32Array(ab);
    };
    for (const o of g.ops) {
      const p = Int32Array.from(o.p ?? []);
      const out = T(o.output);
      const a = T(o.inputs[0]);
      switch (o.op) {
        case "fc": {
          const w = view(o.w!), b = view(o.b!), m = Int32Array.from(o.mult!), s = Int32Array.from(o.shift!);
          this.prepared.push(() => K.layers.fc_block(a, 0, w, b, m, s, o.rows!, o.cols!, out, 0, p, 0));
          break;
        }
        case "concat": {
          const ins = o.inputs.map(T);
          this.prepared.push(() => {
            let off = 0;
            for (const x of ins) { K.elementwise.copy_s8(x, 0, out, off, x.length); off += x.length; }
          });
          break;
        }
        case "slice":
          this.prepared.push(() => K.elementwise.copy_s8(a, o.start!, out, 0, o.n!));
          break;
        case "logistic_s8": case "tanh_s8":
          this.prepared.push(() => K.activations[o.op](a, 0, out, 0, out.length, p, 0));
          break;
        case "logistic_s16": case "tanh_s16":
          this.prepared.push(() => K.activations[o.op](a, 0, out, 0, out.length, p[0], p[1]));
          break;
        case "add_s8": case "sub_s8": case "mul_s8": {
          const b = T(o.inputs[1]);
          this.prepared.push(() => K.elementwise[o.op](a, 0, b, 0, out, 0, out.length, p, 0));
          break;
        }
        default:
          throw new Error(`operator ${o.op} not supported`);
      }
    }
  }

  /** Runs F frames; returns every graph output by its io name, [F × size]. */
  run(features: Int8Array, frames: number): Map<string, Int8Array> {
    const g = this.g;
    const x0 = this.t.get(g.inputs[0])!;
    const res = new Map<string, Int8Array>();
    g.output_names.forEach((n, k) => res.set(n, new Int8Array(frames * this.t.get(g.outputs[k])!.length)));
    for (let f = 0; f < frames; f++) {
      x0.set(features.subarray(f * x0.length, (f + 1) * x0.length));
      for (const step of this.prepared) step();
      g.output_names.forEach((n, k) => {
        const v = this.t.get(g.outputs[k])! as Int8Array;
        res.get(n)!.set(v, f * v.length);
      });
      // Feed every state's next value back (after reading all outputs: a state may be an output).
      g.input_names.forEach((n, i) => {
        const nxt = g.states[n];
        if (nxt === undefined) return;
        const k = g.output_names.indexOf(nxt);
        this.t.get(g.inputs[i])!.set(this.t.get(g.outputs[k])!);
      });
    }
    return res;
  }
}
