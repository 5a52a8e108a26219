"""Dump a .tflite's int8 graph as an operator list with TFLM's integer parameters, for the
reference's operator-level runner (models/nn/graph.ts) — the `--tflite FILE` check of a model a
user brings.

  python -m models.nn.graph MODEL.tflite --frames F --seed N --out DIR
      DIR/graph.json, DIR/graph.bin, DIR/features.npy/.i8 (random int8 frames for input 0),
      DIR/tflm/ (TFLM's outputs frame by frame, as tflm_run writes them)

Supported operators (int8 unless noted): FULLY_CONNECTED (per-channel or per-tensor weights,
fused NONE/RELU/RELU6/RELU_N1_TO_1), CONCATENATION on the last axis with shared quantization,
STRIDED_SLICE of a contiguous range on the last axis, LOGISTIC and TANH (int8, int16),
ADD, SUB, MUL (same shapes, no fused activation). Anything else is reported as unsupported.
"""
import argparse
import json
import os
import sys

import numpy as np

from tflite_micro.tensorflow.lite.micro.compression import model_editor as me
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as tfl

from . import quant, tflm_run

OP = tfl.BuiltinOperator
AF = tfl.ActivationFunctionType
T = tfl.TensorType
OPNAMES = {v: k for k, v in vars(OP).items() if not k.startswith("_")}


class Unsupported(Exception):
    pass


def act_range(activation, scale, zp, qmin=-128, qmax=127):
    def q(f):
        return zp + int(quant.tflite_round(float(np.float32(f) / np.float32(scale))))
    if activation == AF.RELU:
        return max(qmin, q(0.0)), qmax
    if activation == AF.RELU6:
        return max(qmin, q(0.0)), min(qmax, q(6.0))
    if activation == AF.RELU_N1_TO_1:
        return max(qmin, q(-1.0)), min(qmax, q(1.0))
    if activation == AF.NONE:
        return qmin, qmax
    raise Unsupported(f"fused activation {activation}")


def dump(model_bytes):
    m = me.read(model_bytes)
    if len(m.subgraphs) != 1:
        raise Unsupported("more than one subgraph")
    sg = m.subgraphs[0]
    blob = bytearray()
    tensors = {}
    names = {}

    def tname(t):
        if id(t) not in names:
            n = t.name or f"t{t.index}"
            while n in tensors:
                n += "_"
            names[id(t)] = n
            ty = {T.INT8: "int8", T.INT16: "int16"}.get(t.dtype)
            if ty is None:
                raise Unsupported(f"tensor {n}: type {t.dtype}")
            q = t.quantization
            size = int(np.prod(t.shape))
            tensors[n] = dict(size=size, dtype=ty, scale=float(q.scales[0]) if q else 1.0,
                              zero_point=int(q.zero_points[0]) if q else 0)
        return names[id(t)]

    def arr(a):
        while len(blob) % 16:
            blob.append(0)
        off = len(blob)
        blob.extend(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes())
        return dict(offset=off, dtype=str(a.dtype), shape=list(a.shape))

    def opt(o):
        return o._fb.builtinOptions

    ops = []
    for o in sg.operators:
        code = o.opcode
        name = OPNAMES.get(code, str(code))
        ins = o.inputs
        out = o.outputs[0]
        if code == OP.FULLY_CONNECTED:
            x, w, b = ins[0], ins[1], ins[2] if len(ins) > 2 else None
            if w.dtype != T.INT8 or x.dtype != T.INT8 or out.dtype != T.INT8:
                raise Unsupported("FULLY_CONNECTED: only int8 in/weights/out")
            W = w.array.reshape(w.shape[0], -1)
            rows, cols = W.shape
            B = b.array.astype(np.int32) if b is not None and b.buffer is not None else np.zeros(rows, np.int32)
            xs, os_ = x.quantization.scales[0], out.quantization.scales[0]
            ws = list(w.quantization.scales)
            if len(ws) > 1:
                mult, shift = quant.fc_per_channel(xs, ws, os_)
            else:
                prod = float(np.float32(xs) * np.float32(ws[0]))
                m1, s1 = quant.quantize_multiplier(prod / quant.f32(os_))
                mult, shift = [m1] * rows, [s1] * rows
            fa = opt(o).fusedActivationFunction if opt(o) is not None else AF.NONE
            lo, hi = act_range(fa, os_, out.quantization.zero_points[0])
            ops.append(dict(op="fc", inputs=[tname(x)], output=tname(out), rows=int(rows), cols=int(cols),
                            w=arr(W.astype(np.int8)), b=arr(B), mult=mult, shift=shift,
                            p=[-x.quantization.zero_points[0], out.quantization.zero_points[0], lo, hi]))
        elif code == OP.CONCATENATION:
            a = opt(o).axis
            if a not in (-1, len(out.shape) - 1) or any(s != 1 for s in out.shape[:-1]):
                raise Unsupported("CONCATENATION: only on the last axis of [1, n] tensors")
            q0 = (out.quantization.scales[0], out.quantization.zero_points[0])
            for t in ins:
                if (t.quantization.scales[0], t.quantization.zero_points[0]) != q0:
                    raise Unsupported("CONCATENATION: inputs must share the output's quantization")
            ops.append(dict(op="concat", inputs=[tname(t) for t in ins], output=tname(out)))
        elif code == OP.STRIDED_SLICE:
            src, beg, end, st = ins
            bg, en, sd = beg.array, end.array, st.array
            so = opt(o)
            if any(s != 1 for s in src.shape[:-1]) or any(int(v) != 1 for v in sd) or so.beginMask or so.endMask \
                    or so.shrinkAxisMask or so.ellipsisMask or so.newAxisMask:
                raise Unsupported("STRIDED_SLICE: only a contiguous range of the last axis of [1, n]")
            ops.append(dict(op="slice", inputs=[tname(src)], output=tname(out), start=int(bg[-1]),
                            n=int(en[-1]) - int(bg[-1])))
        elif code in (OP.LOGISTIC, OP.TANH):
            x = ins[0]
            kind = "logistic" if code == OP.LOGISTIC else "tanh"
            if x.dtype == T.INT8:
                p = quant.act8_params(x.quantization.scales[0], x.quantization.zero_points[0])
                ops.append(dict(op=kind + "_s8", inputs=[tname(x)], output=tname(out), p=p))
            else:
                p = quant.act16_params(x.quantization.scales[0], kind)
                ops.append(dict(op=kind + "_s16", inputs=[tname(x)], output=tname(out), p=p))
        elif code in (OP.ADD, OP.SUB, OP.MUL):
            a, b = ins
            if a.shape != b.shape or a.dtype != T.INT8:
                raise Unsupported(f"{name}: only int8 without broadcasting")
            fa = opt(o).fusedActivationFunction if opt(o) is not None else AF.NONE
            qa = (a.quantization.scales[0], a.quantization.zero_points[0])
            qb = (b.quantization.scales[0], b.quantization.zero_points[0])
            qo = (out.quantization.scales[0], out.quantization.zero_points[0])
            lo, hi = act_range(fa, *qo)
            if code == OP.MUL:
                p = quant.mul_params(*qa, *qb, *qo)
                p[5], p[6] = lo, hi
            else:
                p = quant.add_params(*qa, *qb, *qo)
                p[10], p[11] = lo, hi
            ops.append(dict(op={OP.ADD: "add", OP.SUB: "sub", OP.MUL: "mul"}[code] + "_s8",
                            inputs=[tname(a), tname(b)], output=tname(out), p=p))
        else:
            raise Unsupported(f"operator {name}")
    io = tflm_run.io_map(model_bytes)
    g = dict(format="percepnet-nn-graph/1", tensors=tensors, ops=ops,
             inputs=[tname(t) for t in sg.inputs], outputs=[tname(t) for t in sg.outputs],
             output_names=io["outputs"], input_names=io["inputs"], states=io["states"])
    return g, bytes(blob)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--frames", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    with open(a.model, "rb") as f:
        mb = f.read()
    try:
        g, blob = dump(mb)
    except Unsupported as e:
        print(f"unsupported: {e}", file=sys.stderr)
        return 3
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "graph.json"), "w") as f:
        json.dump(g, f, indent=1, default=lambda v: int(v) if isinstance(v, np.integer) else float(v))
    with open(os.path.join(a.out, "graph.bin"), "wb") as f:
        f.write(blob)
    n = g["tensors"][g["inputs"][0]]["size"]
    desc = dict(inputs=[g["inputs"][0]], tensors={g["inputs"][0]: dict(size=n)})
    from . import arch
    x = arch.random_inputs(desc, a.frames, a.seed)
    np.save(os.path.join(a.out, "features.npy"), x)
    x.tofile(os.path.join(a.out, "features.i8"))
    io, res = tflm_run.run(mb, x)
    tflm_run.write(os.path.join(a.out, "tflm"), io, res)
    print(json.dumps(dict(ops=len(g["ops"]), tensors=len(g["tensors"]), frames=a.frames)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
