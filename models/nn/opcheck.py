"""Single-operator oracle cases: TFLM's int8/int16 LOGISTIC and TANH over every input value, and
int8 ADD, SUB and MUL over every pair of values, each with random (including extreme) scales.

  python -m models.nn.opcheck --seed N --cases K --out DIR

DIR/cases.json lists the cases: op, the integer parameter block our kernels take (models/nn/quant.py),
and raw little-endian files of the inputs and TFLM's outputs.
"""
import argparse
import json
import math
import os

import numpy as np

from tflite_micro.python.tflite_micro import runtime
from tflite_micro.tensorflow.lite.micro.compression import model_editor as me
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as tfl

from . import quant

T = tfl.TensorType
OP = tfl.BuiltinOperator


def run_graph(op, opt_type, opt, ins, in_q, out_q, dtype):
    ts = [me.Tensor(shape=(1, a.size), dtype=dtype, name=f"in{i}", quantization=me.Quantization(*q)) for i, (a, q) in enumerate(zip(ins, in_q))]
    y = me.Tensor(shape=(1, ins[0].size), dtype=dtype, name="y", quantization=me.Quantization(*out_q))
    o = me.Operator(opcode=op, inputs=ts, outputs=[y])
    if opt is not None:
        o._fb.builtinOptionsType = opt_type
        o._fb.builtinOptions = opt
    sg = me.Subgraph(tensors=ts + [y], operators=[o], inputs=ts, outputs=[y])
    it = runtime.Interpreter.from_bytes(bytes(me.Model(subgraphs=[sg]).build()), arena_size=1 << 22)
    for i, a in enumerate(ins):
        it.set_input(a.reshape(1, -1), i)
    it.invoke()
    return np.array(it.get_output(0)).reshape(-1)


def logu(rng, lo, hi):
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def in_scale8(rng, k):
    # Realistic pre-activation scales, then extremes: tiny (everything near 0) and huge (all saturated).
    if k % 4 == 0:
        return logu(rng, 1e-6, 1e-3)
    if k % 4 == 1:
        return logu(rng, 0.3, 50.0)
    if k % 4 == 3:
        return 2.0 ** -int(rng.integers(2, 9))
    return logu(rng, 0.005, 0.2)


def cases(seed, n):
    rng = np.random.default_rng(seed)
    all8 = np.arange(-128, 128, dtype=np.int8)
    all16 = np.arange(-32768, 32768, dtype=np.int16)
    pa = np.repeat(all8, 256)
    pb = np.tile(all8, 256)
    out = []
    for k in range(n):
        # int8 activations: every input value.
        s, zp = in_scale8(rng, k), int(rng.integers(-128, 128))
        y = run_graph(OP.LOGISTIC, None, None, [all8], [(s, zp)], (1 / 256, -128), T.INT8)
        out.append(dict(op="logistic_s8", p=quant.act8_params(s, zp), a=all8, y=y))
        s, zp = in_scale8(rng, k + 1), int(rng.integers(-128, 128))
        y = run_graph(OP.TANH, None, None, [all8], [(s, zp)], (1 / 128, 0), T.INT8)
        out.append(dict(op="tanh_s8", p=quant.act8_params(s, zp), a=all8, y=y))
        # int16 activations: every input value; power-of-two scales on even cases.
        for name, code in (("logistic_s16", OP.LOGISTIC), ("tanh_s16", OP.TANH)):
            if k % 2 == 0:
                s = 2.0 ** -int(rng.integers(11, 13)) if name == "tanh_s16" else 2.0 ** -12
            else:
                s = logu(rng, 1e-5, 2e-3)
            y = run_graph(code, None, None, [all16], [(s, 0)], (1 / 32768, 0), T.INT16)
            out.append(dict(op=name, p=quant.act16_params(s, name.split("_")[0]), a=all16, y=y))
        # int8 ADD / SUB / MUL: every pair of values.
        q = [(logu(rng, 1e-3, 1.0), int(rng.integers(-128, 128))) for _ in range(3)]
        if k % 3 == 0:  # very different operand scales
            q[1] = (q[0][0] * logu(rng, 1e-4, 1e-2), q[1][1])
        pot = k % 4 == 3  # power-of-two scales: multipliers of exactly 2^30, rounding ties
        if pot:
            q = [(2.0 ** round(math.log2(s)), z) for s, z in q]
        for name, code, ot, opt in (
            ("add_s8", OP.ADD, tfl.BuiltinOptions.AddOptions, tfl.AddOptionsT()),
            ("sub_s8", OP.SUB, tfl.BuiltinOptions.SubOptions, tfl.SubOptionsT()),
            ("mul_s8", OP.MUL, tfl.BuiltinOptions.MulOptions, tfl.MulOptionsT()),
        ):
            qo = q[2]
            if name == "mul_s8":
                qo = (q[0][0] * q[1][0] * (2.0 ** int(rng.integers(4, 13)) if pot else logu(rng, 20, 5000)), q[2][1])
            y = run_graph(code, ot, opt, [pa, pb], q[:2], qo, T.INT8)
            p = quant.mul_params(*q[0], *q[1], *qo) if name == "mul_s8" else quant.add_params(*q[0], *q[1], *qo)
            out.append(dict(op=name, p=p, a=pa, b=pb, y=y))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=4)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    index = []
    for i, c in enumerate(cases(a.seed, a.cases)):
        e = dict(op=c["op"], p=[int(v) for v in c["p"]], n=int(c["a"].size), dtype=str(c["a"].dtype))
        for key in ("a", "b", "y"):
            if key in c:
                fn = f"c{i:03d}.{key}"
                c[key].astype(c[key].dtype.newbyteorder("<")).tofile(os.path.join(a.out, fn))
                e[key] = fn
        index.append(e)
    with open(os.path.join(a.out, "cases.json"), "w") as f:
        json.dump(index, f, indent=1)
    print(json.dumps(dict(cases=len(index))))


if __name__ == "__main__":
    main()
