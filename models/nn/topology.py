"""The network's topology, written once: the layers in order, what each one reads and how wide it is.

The random-weight generator (arch.build_model), training (models/train/train.py Net, float and QAT
paths) and the exporter of a trained run (models/train/export_model.py) all build from LAYERS; the
description they write (model.json, docs/nn.md) lists the same layers, and everything after it
(the .tflite exporter, the reference, the generated network module, the C) reads that list, so a
new architecture is a change here and nowhere else.

A layer reads the outputs of earlier layers ("features" is the network input), concatenated in the
order given; its width is a key of the size's widths (SIZES) or a fixed number of outputs.
"""
from dataclasses import dataclass

N_FEATURES = 70
N_BANDS = 34
INPUT = "features"


@dataclass(frozen=True)
class LayerSpec:
    kind: str  # "dense" (FC + activation), "conv1d" (causal over frames, tanh) or "gru"
    name: str
    inputs: tuple  # layer names (or INPUT), concatenated in this order
    width: object  # a key of the widths (str) or a fixed number of outputs (int)
    act: str = "tanh"  # dense only: "tanh" or "sigmoid"
    kernel: int = 1  # conv1d only: frames the convolution sees (the current one and kernel-1 past)
    dropout: bool = True  # float training: dropout on this layer's output (the trunk, not the heads)


LAYERS = (
    LayerSpec("dense", "dense", (INPUT,), "dense"),
    LayerSpec("conv1d", "conv1", ("dense",), "conv1", kernel=5),
    LayerSpec("conv1d", "conv2", ("conv1",), "conv2", kernel=3),
    LayerSpec("gru", "gru1", ("conv2",), "gru"),
    LayerSpec("gru", "gru2", ("gru1",), "gru"),
    LayerSpec("gru", "gru3", ("gru2",), "gru"),
    LayerSpec("gru", "gain_gru", ("conv2", "gru1", "gru2", "gru3"), "gain_gru", dropout=False),
    LayerSpec("dense", "gain", ("gain_gru",), N_BANDS, act="sigmoid", dropout=False),
    LayerSpec("gru", "strength_gru", ("conv2", "gru3"), "strength_gru", dropout=False),
    LayerSpec("dense", "strength", ("strength_gru",), N_BANDS, act="sigmoid", dropout=False),
)
# The network's outputs, in the order of the description's "outputs" (gains, then strengths).
OUTPUTS = ("gain", "strength")

# Widths per size: dense, conv1 (kernel 5), conv2 (kernel 3), the three GRUs, the gain GRU and the
# strength GRU.
SIZES = {
    "headset": dict(dense=32, conv1=32, conv2=32, gru=32, gain_gru=32, strength_gru=16),
    "m7": dict(dense=64, conv1=128, conv2=128, gru=128, gain_gru=128, strength_gru=64),
    "full": dict(dense=128, conv1=512, conv2=512, gru=512, gain_gru=512, strength_gru=128),
}


def widths(size, overrides=None):
    """The size's widths with OVERRIDES ({key: width}) applied; an unknown key is an error."""
    w = dict(SIZES[size])
    for k, v in (overrides or {}).items():
        if k not in w:
            raise ValueError(f"width {k!r}: not a width of the topology ({', '.join(w)})")
        if not (isinstance(v, int) and v > 0):
            raise ValueError(f"width {k}={v!r}: not a positive integer")
        w[k] = v
    return w


def parse_widths(text):
    """'strength_gru=24,dense=40' -> {"strength_gru": 24, "dense": 40} (the tools' --widths)."""
    out = {}
    for item in filter(None, (text or "").split(",")):
        k, _, v = item.partition("=")
        if not v.strip().isdigit():
            raise ValueError(f"--widths {item!r}: write KEY=N (keys: {', '.join(SIZES['headset'])})")
        out[k.strip()] = int(v)
    return out


def outputs_of(w):
    """{layer name: number of outputs} for the widths W (INPUT included)."""
    n = {INPUT: N_FEATURES}
    for L in LAYERS:
        n[L.name] = L.width if isinstance(L.width, int) else w[L.width]
    return n


def input_size(L, n):
    """The size of layer L's (concatenated) input, given outputs_of's N."""
    return sum(n[i] for i in L.inputs)


def build(b, w, features):
    """Every layer of LAYERS on the Builder B (arch.Builder or a subclass) with widths W, from the
    input tensor FEATURES; returns {layer name: output tensor name}."""
    t = {INPUT: features}
    n = outputs_of(w)
    for L in LAYERS:
        if L.kind == "gru":
            t[L.name] = b.gru(L.name, [t[i] for i in L.inputs], n[L.name])
        else:
            assert len(L.inputs) == 1, f"{L.name}: a {L.kind} layer reads one input"
            x = t[L.inputs[0]]
            if L.kind == "dense":
                t[L.name] = b.dense(L.name, x, n[L.name], L.act)
            else:
                t[L.name] = b.conv1d(L.name, x, L.kernel, n[L.name])
    return t
