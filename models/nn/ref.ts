// The reference side of the exactness test: runs a network description (models/nn/arch.py)
// frame by frame through the subset layers of spec/nn, and compares with TFLM's outputs
// (models/nn/tflm_run.py). Plain TypeScript (host tooling), not subset code.
import * as fs from "node:fs";
import * as path from "node:path";
import * as specLayers from "../../spec/nn/layers.ts";
import { readDescription, type ArrayRef, type Description, type Fc } from "./description.ts";
import { harnessHeader } from "../../sim/engines/harness.ts";

/** The layer functions used; by default spec/nn run directly, or the exact-JS backend's output. */
export type Layers = Pick<typeof specLayers, "dense_s8" | "conv1d_s8" | "gru_s8" | "gru_scratch_size" | "layer_init_lut" | "gru_init_luts">;

/** Activation codes of spec/nn/activations.ts (ACT_TANH, ACT_LOGISTIC). */
const ACT: Record<string, number> = { tanh: 1, sigmoid: 2 };

interface FcArrays { w: Int8Array; b: Int32Array; m: Int32Array; s: Int32Array; rows: number; cols: number }

function arrayOf(blob: Buffer, r: ArrayRef): Int8Array | Int32Array {
  const n = r.shape.reduce((a, b) => a * b, 1);
  const ab = blob.buffer.slice(blob.byteOffset + r.offset, blob.byteOffset + r.offset + n * (r.dtype === "int8" ? 1 : 4));
  if (r.dtype === "int8") return new Int8Array(ab);
  if (r.dtype === "int32") return new Int32Array(ab);
  throw new Error(`dtype ${r.dtype}`);
}

/** DIR/model.json (checked against the schema: DescriptionError) and DIR/model.bin. */
export function loadDescription(dir: string): { desc: Description; blob: Buffer } {
  return { desc: readDescription(path.join(dir, "model.json")), blob: fs.readFileSync(path.join(dir, "model.bin")) };
}

/** A network instance: weights, states and per-tensor buffers. */
export class RefNet {
  readonly t = new Map<string, Int8Array>();
  private readonly fcs = new Map<string, FcArrays>();
  private readonly scratch = new Map<string, Int8Array>();
  private readonly params = new Map<string, Int32Array>();
  private readonly luts = new Map<string, Int8Array>();
  /** Graph outputs in TFLM's naming: the description's outputs, layer outputs, "<state>.next". */
  readonly outputNames: string[] = [];

  constructor(readonly desc: Description, blob: Buffer, readonly L: Layers = specLayers) {
    for (const [name, td] of Object.entries(desc.tensors)) this.t.set(name, new Int8Array(td.size));
    const fc = (f: Fc): FcArrays => ({
      w: arrayOf(blob, f.w) as Int8Array, b: arrayOf(blob, f.b) as Int32Array,
      m: Int32Array.from(f.mult), s: Int32Array.from(f.shift), rows: f.rows, cols: f.cols,
    });
    for (const l of desc.layers) {
      this.params.set(l.name, Int32Array.from(l.p));
      if (l.kind === "gru") {
        for (const k of ["fz", "fr", "fnx", "fnh"] as const) this.fcs.set(`${l.name}.${k}`, fc(l[k]));
        this.scratch.set(l.name, new Int8Array(L.gru_scratch_size(l.input_size, l.hidden)));
        const luts = new Int8Array(768);
        L.gru_init_luts(this.params.get(l.name)!, 0, luts, 0);
        this.luts.set(l.name, luts);
      } else {
        this.fcs.set(l.name, fc(l.fc));
        const lut = new Int8Array(256);
        L.layer_init_lut(ACT[l.act], this.params.get(l.name)!, 0, lut, 0);
        this.luts.set(l.name, lut);
        this.scratch.set(l.name + ".pre", new Int8Array(l.fc.rows));
        if (l.kind === "conv1d") this.scratch.set(l.name + ".cat", new Int8Array(l.kernel * l.channels));
      }
    }
    this.outputNames.push(...desc.outputs);
    for (const l of desc.layers) if (!desc.outputs.includes(l.output)) this.outputNames.push(l.output);
    for (const l of desc.layers) if (l.kind !== "dense") this.outputNames.push(l.state + ".next");
  }

  /** The current value of a graph output (a state's next value is the state after the step). */
  get(name: string): Int8Array {
    const t = this.t.get(name.endsWith(".next") ? name.slice(0, -5) : name);
    if (!t) throw new Error(`no tensor ${name}`);
    return t;
  }

  step(features: Int8Array, fo: number): void {
    const L = this.L;
    this.t.get(this.desc.inputs[0])!.set(features.subarray(fo, fo + this.desc.tensors[this.desc.inputs[0]].size));
    for (const l of this.desc.layers) {
      const p = this.params.get(l.name)!;
      const out = this.t.get(l.output)!;
      const lut = this.luts.get(l.name)!;
      if (l.kind === "dense") {
        const f = this.fcs.get(l.name)!;
        L.dense_s8(this.t.get(l.input)!, 0, f.w, f.b, f.m, f.s, f.rows, f.cols, this.scratch.get(l.name + ".pre")!, out, 0, p, 0, lut, 0);
      } else if (l.kind === "conv1d") {
        const f = this.fcs.get(l.name)!;
        L.conv1d_s8(this.t.get(l.input)!, 0, this.t.get(l.state)!, l.channels, l.kernel, f.w, f.b, f.m, f.s, f.rows,
          this.scratch.get(l.name + ".cat")!, this.scratch.get(l.name + ".pre")!, out, 0, p, 0, lut, 0);
      } else {
        // Inputs concatenated in order; the state is updated in place and is the output.
        const x = new Int8Array(l.input_size);
        let o = 0;
        for (const i of l.inputs) { const v = this.t.get(i)!; x.set(v, o); o += v.length; }
        const h = this.t.get(l.state)!;
        const g = (k: string) => this.fcs.get(`${l.name}.${k}`)!;
        const [z, r, nx, nh] = [g("fz"), g("fr"), g("fnx"), g("fnh")];
        L.gru_s8(x, 0, l.input_size, h, l.hidden, z.w, z.b, z.m, z.s, r.w, r.b, r.m, r.s, nx.w, nx.b, nx.m, nx.s,
          nh.w, nh.b, nh.m, nh.s, p, 0, this.scratch.get(l.name)!, lut, 0);
        out.set(h);
      }
    }
  }

  /** Runs F frames; returns every graph output, [F × size] per name. */
  run(features: Int8Array, frames: number): Map<string, Int8Array> {
    const n = this.desc.tensors[this.desc.inputs[0]].size;
    const res = new Map<string, Int8Array>();
    for (const name of this.outputNames) res.set(name, new Int8Array(frames * this.get(name).length));
    for (let f = 0; f < frames; f++) {
      this.step(features, f * n);
      for (const name of this.outputNames) {
        const v = this.get(name);
        res.get(name)!.set(v, f * v.length);
      }
    }
    return res;
  }
}

export interface TflmOutput { name: string; frames: number; size: number; data: Int8Array }

export function loadTflm(dir: string): TflmOutput[] {
  const m = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as {
    outputs: { name: string; file: string; dtype: string; shape: number[] }[];
  };
  return m.outputs.map((o) => {
    if (o.dtype !== "int8") throw new Error(`${o.name}: dtype ${o.dtype}`);
    const b = fs.readFileSync(path.join(dir, o.file));
    return { name: o.name, frames: o.shape[0], size: o.shape[1], data: new Int8Array(b.buffer, b.byteOffset, b.length) };
  });
}

export interface Agreement {
  name: string;
  agree: number;
  total: number;
  /** First mismatch: frame, index, ours, TFLM's. */
  first?: { frame: number; index: number; ours: number; tflm: number };
}

export function compare(ours: Map<string, Int8Array>, tflm: TflmOutput[]): Agreement[] {
  return tflm.map((o) => {
    const a = ours.get(o.name);
    if (!a) return { name: o.name, agree: 0, total: o.data.length, first: { frame: 0, index: 0, ours: NaN, tflm: o.data[0] } };
    let agree = 0;
    let first: Agreement["first"];
    const total = o.data.length;
    for (let k = 0; k < total; k++) {
      if (a[k] === o.data[k]) agree++;
      else if (!first) first = { frame: Math.floor(k / o.size), index: k % o.size, ours: a[k], tflm: o.data[k] };
    }
    if (a.length !== total && !first) first = { frame: 0, index: 0, ours: a.length, tflm: total };
    return { name: o.name, agree: a.length === total ? agree : 0, total, first };
  });
}

export function readFeatures(dir: string): Int8Array {
  const b = fs.readFileSync(path.join(dir, "features.i8"));
  return new Int8Array(b.buffer, b.byteOffset, b.length);
}

/**
 * The network and the wanted outputs as one binary for the host harness's `nn` command
 * (firmware/host/pn_harness.c): little-endian int32 fields, int8 arrays padded to 4 bytes.
 * Tensor 0 is the features; outputs are `outputNames` (a state's ".next" is the state itself).
 */
export function packNetworkForC(desc: Description, blob: Buffer, outputNames: string[]): Buffer {
  const parts: Buffer[] = [];
  const i32 = (...v: number[]) => parts.push(Buffer.from(Int32Array.from(v).buffer));
  const i32s = (a: ArrayLike<number>) => parts.push(Buffer.from(Int32Array.from(a as number[]).buffer));
  const i8s = (a: Int8Array) => {
    const b = Buffer.alloc((a.length + 3) & ~3);
    Buffer.from(a.buffer, a.byteOffset, a.length).copy(b);
    parts.push(b);
  };
  const names = [desc.inputs[0], ...Object.keys(desc.tensors).filter((n) => n !== desc.inputs[0])];
  const id = (n: string) => {
    const k = names.indexOf(n);
    if (k < 0) throw new Error(`no tensor ${n}`);
    return k;
  };
  const fc = (f: Fc) => {
    i32(f.rows, f.cols);
    i8s(arrayOf(blob, f.w) as Int8Array);
    i32s(arrayOf(blob, f.b) as Int32Array);
    i32s(f.mult);
    i32s(f.shift);
  };
  i32(0x314e4e50, names.length, ...names.map((n) => desc.tensors[n].size));
  i32(desc.layers.length);
  for (const l of desc.layers) {
    if (l.kind === "dense") {
      i32(0, id(l.input), id(l.output), ACT[l.act], l.p.length, ...l.p);
      fc(l.fc);
    } else if (l.kind === "conv1d") {
      i32(1, id(l.input), id(l.output), id(l.state), l.channels, l.kernel, ACT[l.act], l.p.length, ...l.p);
      fc(l.fc);
    } else {
      i32(2, l.inputs.length, ...l.inputs.map(id), id(l.state), id(l.output), l.input_size, l.hidden, l.p.length, ...l.p);
      for (const k of ["fz", "fr", "fnx", "fnh"] as const) fc(l[k]);
    }
  }
  i32(outputNames.length, ...outputNames.map((n) => id(n.endsWith(".next") ? n.slice(0, -5) : n)));
  return Buffer.concat(parts);
}

/**
 * The whole input of the harness's `nn` command: its header (frames, feature bytes per frame,
 * network bytes), the network (packNetworkForC), then each frame's features.
 */
export function nnHarnessInput(desc: Description, blob: Buffer, features: Int8Array, frames: number, outputNames: string[]): Buffer {
  const network = packNetworkForC(desc, blob, outputNames);
  const nf = desc.tensors[desc.inputs[0]].size;
  const feats = features.subarray(0, frames * nf);
  return Buffer.concat([harnessHeader(frames, [nf, network.length]), network, Buffer.from(feats.buffer, feats.byteOffset, feats.length)]);
}

/** Splits the C harness's output (frames × outputs, in outputNames order) into [F × size] per name. */
export function unpackC(raw: Buffer, desc: Description, frames: number, outputNames: string[]): Map<string, Int8Array> {
  const size = (n: string) => desc.tensors[n.endsWith(".next") ? n.slice(0, -5) : n].size;
  const per = outputNames.reduce((a, n) => a + size(n), 0);
  if (raw.length !== per * frames) throw new Error(`C output: ${raw.length} bytes, expected ${per * frames}`);
  const res = new Map<string, Int8Array>();
  for (const n of outputNames) res.set(n, new Int8Array(frames * size(n)));
  let o = 0;
  for (let f = 0; f < frames; f++) {
    for (const n of outputNames) {
      const s = size(n);
      res.get(n)!.set(new Int8Array(raw.buffer, raw.byteOffset + o, s), f * s);
      o += s;
    }
  }
  return res;
}
