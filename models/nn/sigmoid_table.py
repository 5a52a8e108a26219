"""Read TFLM's 256-entry sigmoid_table_uint16 (used by int16 LOGISTIC and TANH) out of TFLM itself.

The table is a tuned constant (not round(65536·σ(i/24)) everywhere), shared by TFLM and CMSIS-NN.
We take it from the oracle instead of copying it from a source file: an int16 TANH whose input
scale is just above 1/6144 makes TFLM's Prepare pick multiplier 16384 with shift 13, so the
lookup index is exactly 2x; at x = 128·i the output is table[i] − 32768 with no interpolation.
table[255] only serves interpolation towards saturation; it comes from x = 128·254 + 127.

  python -m models.nn.sigmoid_table            prints the table as a TypeScript constant
"""
import numpy as np

from tflite_micro.python.tflite_micro import runtime
from tflite_micro.tensorflow.lite.micro.compression import model_editor as me
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as tfl

from . import quant


def unary16_model(code, in_scale, n):
    T = tfl.TensorType
    x = me.Tensor(shape=(1, n), dtype=T.INT16, name="x", quantization=me.Quantization(in_scale, 0))
    y = me.Tensor(shape=(1, n), dtype=T.INT16, name="y", quantization=me.Quantization(1.0 / 32768, 0))
    sg = me.Subgraph(tensors=[x, y], operators=[me.Operator(opcode=code, inputs=[x], outputs=[y])], inputs=[x], outputs=[y])
    return bytes(me.Model(subgraphs=[sg]).build())


def run_unary16(code, in_scale, xs):
    xs = np.asarray(xs, np.int16)
    it = runtime.Interpreter.from_bytes(unary16_model(code, in_scale, xs.size))
    it.set_input(xs.reshape(1, -1), 0)
    it.invoke()
    return np.array(it.get_output(0)).reshape(-1)


def extract():
    scale = float(np.nextafter(np.float32(1.0 / 6144), np.float32(1.0)))
    assert quant.act16_params(scale, "tanh") == [16384, 13]
    xs = [128 * i for i in range(255)] + [128 * 254 + 127]
    out = run_unary16(tfl.BuiltinOperator.TANH, scale, xs).astype(np.int64)
    table = [int(v) + 32768 for v in out[:255]]
    # x = 128·254 + 127: index 254, fraction 254/256: out = table[254] − 32768 + floor((254·D + 128) / 256)
    step = int(out[255]) - (table[254] - 32768)
    d = next(d for d in range(0, 65) if (254 * d + 128) // 256 == step)
    table.append(table[254] + d)
    return table


def main():
    t = extract()
    rows = [", ".join(str(v) for v in t[i:i + 12]) for i in range(0, 256, 12)]
    print("export const SIGMOID_TABLE: Uint16Array = new Uint16Array([\n  " + ",\n  ".join(rows) + ",\n]);")


if __name__ == "__main__":
    main()
