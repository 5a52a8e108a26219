"""Run a .tflite in TFLM (PyPI tflite-micro's host build of the reference kernels), frame by frame.

Usage: python -m models.nn.tflm_run MODEL.tflite --inputs FEATURES.npy --out DIR

FEATURES.npy holds int8 frames [F, n] for the first graph input. Every state input starts at
zero; after each frame the output that holds a state's next value is copied to that state input.
The pairing comes from the model's "percepnet_io" metadata, or else from tensor names (output
"<s>.next" feeds input "<s>"). DIR receives manifest.json and, per graph output, a raw
little-endian file [F, n] of its values, frame after frame.
"""
import argparse
import json
import os
import sys

import numpy as np

from tflite_micro.python.tflite_micro import runtime
from tflite_micro.tensorflow.lite.micro.compression import model_editor as me

NP = {np.dtype(np.int8): "int8", np.dtype(np.int16): "int16", np.dtype(np.int32): "int32",
      np.dtype(np.float32): "float32", np.dtype(np.uint8): "uint8"}


def io_map(model_bytes):
    m = me.read(model_bytes)
    if "percepnet_io" in m.metadata:
        return json.loads(m.metadata["percepnet_io"].decode())
    sg = m.subgraphs[0]
    ins = [t.name for t in sg.inputs]
    outs = [t.name for t in sg.outputs]
    states = {i: i + ".next" for i in ins if i + ".next" in outs}
    return dict(inputs=ins, outputs=outs, states=states)


def run(model_bytes, features, arena=None):
    """Returns (io map, {output name: array [F, n]})."""
    io = io_map(model_bytes)
    it = runtime.Interpreter.from_bytes(model_bytes, arena_size=arena or max(1 << 20, len(model_bytes) * 4))
    n_in = len(io["inputs"])
    details = [it.get_input_details(i) for i in range(n_in)]
    values = [np.zeros(d["shape"], d["dtype"]) for d in details]
    out_index = {name: i for i, name in enumerate(io["outputs"])}
    frames = features.shape[0]
    results = {name: [] for name in io["outputs"]}
    for f in range(frames):
        values[0] = features[f].reshape(details[0]["shape"]).astype(details[0]["dtype"])
        for i in range(n_in):
            it.set_input(values[i], i)
        it.invoke()
        outs = [np.array(it.get_output(i)).copy() for i in range(len(io["outputs"]))]
        for name, i in out_index.items():
            results[name].append(outs[i].reshape(-1))
        for i, name in enumerate(io["inputs"]):
            nxt = io["states"].get(name)
            if nxt is not None:
                values[i] = outs[out_index[nxt]].reshape(details[i]["shape"])
    return io, {k: np.stack(v) for k, v in results.items()}


def write(out_dir, io, results):
    os.makedirs(out_dir, exist_ok=True)
    manifest = dict(io=io, outputs=[])
    for k, (name, a) in enumerate(results.items()):
        fn = f"out{k:03d}.{NP[a.dtype]}"
        a.astype(a.dtype.newbyteorder("<")).tofile(os.path.join(out_dir, fn))
        manifest["outputs"].append(dict(name=name, file=fn, dtype=NP[a.dtype], shape=list(a.shape)))
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    with open(a.model, "rb") as f:
        mb = f.read()
    io, res = run(mb, np.load(a.inputs))
    write(a.out, io, res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
