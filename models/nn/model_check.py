"""Why a .tflite that came without our description cannot become the product's network, in one
line (sim/engines/model.ts prints it after the file's name):

  python -m models.nn.model_check MODEL.tflite

The product compiles the network from its percepnet-nn/1 description (model.json + model.bin,
written beside the .tflite by models/train/export_model.py), not from the .tflite. A file from
another tool is told apart by what in it our layers do not compute (models/nn/graph.py names the
first operator, tensor type or fused activation it does not support); a file our exporter wrote
(percepnet_io metadata) by its missing description. Exit status 0: the line was printed.
"""
import sys

from tflite_micro.tensorflow.lite.micro.compression import model_editor as me
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as tfl

from .graph import OPNAMES, Unsupported, dump

OP = tfl.BuiltinOperator
AF = tfl.ActivationFunctionType
AFNAMES = {v: k for k, v in vars(AF).items() if not k.startswith("_")}

LAYERS = ("the product runs int8 FULLY_CONNECTED (per-channel), CONCATENATION, STRIDED_SLICE, LOGISTIC, TANH, "
          "ADD, SUB and MUL arranged as the percepnet-nn/1 network (dense, conv1, conv2, gru1-3, gain and strength GRUs)")


def product_gaps(m) -> list[str]:
    """What the operator runner takes but the product's layers (spec/nn) do not: per-tensor FC
    weights, fused activations, int16 activations, a first input other than the 70 features."""
    gaps = []
    sg = m.subgraphs[0]
    for o in sg.operators:
        name = OPNAMES.get(o.opcode, str(o.opcode))
        fb = o._fb.builtinOptions
        fused = getattr(fb, "fusedActivationFunction", AF.NONE) if fb is not None else AF.NONE
        if fused != AF.NONE:
            gaps.append(f"fused {AFNAMES.get(fused, fused)} on {name} ({o.outputs[0].name})")
        if o.opcode == OP.FULLY_CONNECTED and len(o.inputs[1].quantization.scales) == 1 and o.inputs[1].shape[0] > 1:
            gaps.append(f"per-tensor weights on FULLY_CONNECTED ({o.outputs[0].name})")
        if o.opcode in (OP.LOGISTIC, OP.TANH) and o.inputs[0].dtype != tfl.TensorType.INT8:
            gaps.append(f"int16 {name} ({o.outputs[0].name})")
    first = sg.inputs[0]
    if list(first.shape)[-1] != 70:
        gaps.append(f"first input {first.name} of {list(first.shape)[-1]} values (the features are 70)")
    return gaps


def reason(model_bytes: bytes) -> str:
    try:
        m = me.read(model_bytes)
    except Exception as e:  # not a flatbuffer the schema reads
        return f"not a TFLite flatbuffer ({type(e).__name__})"
    if "percepnet_io" in m.metadata:
        return ("written by the percepnet exporter, but the folder lacks its description (model.json + model.bin): "
                "export the model folder again (python -m models.train.export_model)")
    try:
        dump(model_bytes)
    except Unsupported as e:
        return f"not written by the percepnet exporter: unsupported {e}; {LAYERS}"
    gaps = product_gaps(m)
    if gaps:
        return f"not written by the percepnet exporter: unsupported {', '.join(gaps[:3])}{' and more' if len(gaps) > 3 else ''}; {LAYERS}"
    return ("not written by the percepnet exporter (no percepnet_io metadata, no model.json description): its operators "
            f"are ones our layers run (percepnet nn verify --tflite compares it with TFLM), but {LAYERS}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    print(reason(open(argv[0], "rb").read()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
