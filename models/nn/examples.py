"""A small int8 recurrent model written independently of the PercepNet exporter, to exercise the
`--tflite` path (a model a user brings): per-tensor FC weights, fused RELU / RELU6, ADD, MUL,
TANH, LOGISTIC, CONCATENATION, and a state paired by name only (no percepnet_io metadata).

  python -m models.nn.examples --seed N --out FILE.tflite

  a  = FC(x; per-tensor weights, fused RELU)              x: 16, a: 24
  h' = TANH(FC([a, h]; per-channel weights))              state "h", next "h.next"
  y  = LOGISTIC(ADD(h', MUL(a, h'); fused RELU6))
"""
import argparse
import math

import numpy as np

from tflite_micro.tensorflow.lite.micro.compression import model_editor as me
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as tfl

T = tfl.TensorType
OP = tfl.BuiltinOperator
AF = tfl.ActivationFunctionType


def build(seed):
    rng = np.random.default_rng(seed)

    def lu(lo, hi):
        return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))

    def act(name, n, scale, zp):
        return me.Tensor(shape=(1, n), dtype=T.INT8, name=name, quantization=me.Quantization(scale, zp))

    ops = []

    def op(code, ins, outs, ty=None, o=None):
        x = me.Operator(opcode=code, inputs=ins, outputs=outs)
        if o is not None:
            x._fb.builtinOptionsType, x._fb.builtinOptions = ty, o
        ops.append(x)

    def fc_opt(fa):
        o = tfl.FullyConnectedOptionsT()
        o.fusedActivationFunction = fa
        return tfl.BuiltinOptions.FullyConnectedOptions, o

    x = act("x", 16, lu(0.01, 0.1), int(rng.integers(-30, 30)))
    h = act("h", 24, 1 / 128, 0)
    a = act("a", 24, lu(0.01, 0.2), -128 + int(rng.integers(0, 20)))
    ws = lu(1e-3, 1e-2)
    w1 = me.Tensor(shape=(24, 16), dtype=T.INT8, name="w1", data=rng.integers(-127, 128, (24, 16)).astype(np.int8),
                   quantization=me.Quantization([ws], [0]))
    b1 = me.Tensor(shape=(24,), dtype=T.INT32, name="b1", data=rng.integers(-2000, 2000, 24).astype(np.int32),
                   quantization=me.Quantization([float(np.float32(x.quantization.scales) * np.float32(ws))], [0]))
    op(OP.FULLY_CONNECTED, [x, w1, b1], [a], *fc_opt(AF.RELU))
    cat = act("cat", 48, 1 / 128, 0)
    # CONCATENATION needs one quantization: requantize a to 1/128 first with a no-op ADD? Use MUL
    # by a constant-free path instead: concatenate h with itself-scaled a via FC below.
    a2 = act("a2", 24, 1 / 128, 0)
    w2 = me.Tensor(shape=(24, 24), dtype=T.INT8, name="w2", data=rng.integers(-127, 128, (24, 24)).astype(np.int8),
                   quantization=me.Quantization([lu(1e-3, 1e-2) for _ in range(24)], [0] * 24, axis=0))
    op(OP.FULLY_CONNECTED, [a, w2, None], [a2], *fc_opt(AF.NONE))
    ocat = tfl.ConcatenationOptionsT()
    ocat.axis = 1
    op(OP.CONCATENATION, [a2, h], [cat], tfl.BuiltinOptions.ConcatenationOptions, ocat)
    pre = act("pre", 24, lu(0.02, 0.1), int(rng.integers(-10, 10)))
    w3s = [lu(1e-3, 1e-2) for _ in range(24)]
    w3 = me.Tensor(shape=(24, 48), dtype=T.INT8, name="w3", data=rng.integers(-127, 128, (24, 48)).astype(np.int8),
                   quantization=me.Quantization(w3s, [0] * 24, axis=0))
    b3 = me.Tensor(shape=(24,), dtype=T.INT32, name="b3", data=rng.integers(-500, 500, 24).astype(np.int32),
                   quantization=me.Quantization([float(np.float32(1 / 128) * np.float32(s)) for s in w3s], [0] * 24, axis=0))
    op(OP.FULLY_CONNECTED, [cat, w3, b3], [pre], *fc_opt(AF.NONE))
    hn = act("h.next", 24, 1 / 128, 0)
    op(OP.TANH, [pre], [hn])
    m = act("m", 24, lu(0.005, 0.05), int(rng.integers(-5, 5)))
    om = tfl.MulOptionsT()
    op(OP.MUL, [a, hn], [m], tfl.BuiltinOptions.MulOptions, om)
    s = act("s", 24, lu(0.01, 0.05), int(rng.integers(-20, 20)))
    oa = tfl.AddOptionsT()
    oa.fusedActivationFunction = AF.RELU6
    op(OP.ADD, [hn, m], [s], tfl.BuiltinOptions.AddOptions, oa)
    y = act("y", 24, 1 / 256, -128)
    op(OP.LOGISTIC, [s], [y])
    tensors = []
    for o in ops:
        for t in o.inputs + o.outputs:
            if t is not None and all(t is not u for u in tensors):
                tensors.append(t)
    sg = me.Subgraph(tensors=tensors, operators=ops, inputs=[x, h], outputs=[y, hn])
    return bytes(me.Model(subgraphs=[sg]).build())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    with open(a.out, "wb") as f:
        f.write(build(a.seed))


if __name__ == "__main__":
    main()
