"""The clean reference as a quality row: a copy delayed by the enhancer's latency, so that
`models.eval.table` scores it with the same alignment as the command rows.

    python -m models.eval.reference_copy CLEAN OUT [--delay 1440]

Its SI-SDR, STOI and PESQ-WB are trivially perfect (it is the reference). Its DNSMOS is not: it is
what a model that reproduced the training target exactly would score, the ceiling of the oracle
row, and it says how much background the test set's own "clean" recordings carry.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np

from models.data import audio


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("clean")
    ap.add_argument("out")
    ap.add_argument("--delay", type=int, default=1440, help="samples at 48 kHz")
    a = ap.parse_args(argv)
    x = audio.load48(a.clean)
    audio.write_wav(a.out, np.concatenate([np.zeros(a.delay, dtype=x.dtype), x]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
