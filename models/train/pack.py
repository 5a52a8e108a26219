"""Pack a .pnft for transport (the GPU machine takes at most 64 MiB): the prepared training form.

  python -m models.train.pack TRAIN.pnft --out TRAIN.npz [--norm-from OTHER.pnft]

Holds what models.train.train prepares from a .pnft anyway: int8 network inputs (features
normalized by the training set's mean and std, quantized at 1/32), targets g^0.5 and (1 − r)^0.5
in 1/255 steps, sequence lengths, mean and std. Training on the pack equals training on the .pnft.
"""
import argparse
import os
import sys

import numpy as np

from .dataset import prepare


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pnft")
    ap.add_argument("--out", required=True)
    ap.add_argument("--norm-from", help="take mean/std from this .pnft (validation data)")
    a = ap.parse_args(argv)
    norm = None
    if a.norm_from:
        d = prepare(a.norm_from)
        norm = (d["mean"], d["std"])
    D = prepare(a.pnft, norm)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    np.savez_compressed(a.out, **D)
    return 0


if __name__ == "__main__":
    sys.exit(main())
