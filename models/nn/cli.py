"""percepnet-fw network tools.

  python -m models.nn.cli gen   --size headset|m7|full | --layer dense|dense_sigmoid|conv1d|gru
                                --seed N [--profile realistic|extreme] --frames F --out DIR
                                [--widths strength_gru=24,...]  (with --size: widths changed)
      writes DIR/model.json, DIR/model.bin (the description), DIR/model.tflite,
      DIR/features.npy and DIR/features.i8 (F random int8 frames)
  python -m models.nn.cli run   DIR [--tflite FILE]      TFLM on DIR/features.npy -> DIR/tflm/
  python -m models.nn.cli stats --size S                 weights and MAC per frame
"""
import argparse
import json
import os
import sys

import numpy as np

from . import arch, topology


def cmd_gen(a):
    if a.size:
        try:
            desc, blob = arch.build_model(a.size, a.seed, a.profile, topology.parse_widths(a.widths))
        except ValueError as e:
            raise SystemExit(f"gen: {e}")
    else:
        kw = {}
        if a.n_in:
            kw["n_in"] = a.n_in
        if a.n_out:
            kw["n_out"] = a.n_out
        desc, blob = arch.build_layer(a.layer, a.seed, a.profile, **kw)
    os.makedirs(a.out, exist_ok=True)
    base = os.path.join(a.out, "model")
    arch.save(desc, blob, base)
    from . import export
    fb, io = export.export(desc, blob)
    with open(base + ".tflite", "wb") as f:
        f.write(fb)
    x = arch.random_inputs(desc, a.frames, a.seed)
    np.save(os.path.join(a.out, "features.npy"), x)
    x.tofile(os.path.join(a.out, "features.i8"))
    st = arch.stats(desc)
    print(json.dumps(dict(name=desc["name"], tflite_bytes=len(fb), **st)))
    if a.run:
        cmd_run(argparse.Namespace(dir=a.out, tflite=None))
    return 0


def cmd_run(a):
    from . import tflm_run
    path = a.tflite or os.path.join(a.dir, "model.tflite")
    with open(path, "rb") as f:
        mb = f.read()
    io, res = tflm_run.run(mb, np.load(os.path.join(a.dir, "features.npy")))
    tflm_run.write(os.path.join(a.dir, "tflm"), io, res)
    return 0


def cmd_stats(a):
    for s in ([a.size] if a.size else list(arch.SIZES)):
        desc, _ = arch.build_model(s, 0)
        print(json.dumps(dict(size=s, **arch.stats(desc))))
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    w = g.add_mutually_exclusive_group(required=True)
    w.add_argument("--size", choices=list(arch.SIZES))
    w.add_argument("--layer", choices=["dense", "dense_sigmoid", "conv1d", "gru"])
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--profile", choices=["realistic", "extreme", "pot"], default="realistic")
    g.add_argument("--frames", type=int, default=100)
    g.add_argument("--n-in", type=int)
    g.add_argument("--n-out", type=int)
    g.add_argument("--widths", default="", help="with --size: KEY=N,... widths changed from the size's (topology.SIZES)")
    g.add_argument("--out", required=True)
    g.add_argument("--run", action="store_true", help="also run TFLM (as `run`)")
    r = sub.add_parser("run")
    r.add_argument("dir")
    r.add_argument("--tflite")
    s = sub.add_parser("stats")
    s.add_argument("--size", choices=list(arch.SIZES))
    a = ap.parse_args(argv)
    return {"gen": cmd_gen, "run": cmd_run, "stats": cmd_stats}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
