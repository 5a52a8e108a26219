"""DNSMOS P.835 (SIG, BAK, OVRL) with the ONNX model in ../shared/eval/dnsmos.

The procedure is the one the models' README gives (the published DNSMOS scoring):
1. resample to 16 kHz; while shorter than 144160 samples, append the clip to itself;
2. segments of 144160 samples start every 16000 samples, trunc(len/16000 - 9.01) + 1 of them;
3. each segment's raw [SIG, BAK, OVRL] is mapped by the README's polynomials;
4. the clip's score is the mean over segments.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache

import numpy as np

from models.data import audio

SR = 16000
INPUT_LENGTH = 9.01
LEN_SAMPLES = int(INPUT_LENGTH * SR)  # 144160

P_SIG = np.poly1d([-0.08397278, 1.22083953, 0.0052439])
P_BAK = np.poly1d([-0.13166888, 1.60915514, -0.39604546])
P_OVR = np.poly1d([-0.06766283, 1.11546468, 0.04602535])

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def model_dir() -> str:
    """../shared/eval/dnsmos relative to the repository root (PERCEPNET_DNSMOS_DIR overrides)."""
    d = os.environ.get("PERCEPNET_DNSMOS_DIR") or os.path.normpath(os.path.join(REPO, "..", "shared", "eval", "dnsmos"))
    if not os.path.exists(os.path.join(d, "sig_bak_ovr.onnx")):
        raise FileNotFoundError(f"DNSMOS models not found in {d} (expected ../shared/eval/dnsmos beside the repo)")
    return d


def _verify(d: str) -> None:
    sums = os.path.join(d, "SHA256SUMS")
    if not os.path.exists(sums):
        return
    with open(sums) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[1].lstrip("*") == "sig_bak_ovr.onnx":
                got = hashlib.sha256(open(os.path.join(d, "sig_bak_ovr.onnx"), "rb").read()).hexdigest()
                if got != parts[0]:
                    raise RuntimeError(f"sig_bak_ovr.onnx sha256 {got} != SHA256SUMS {parts[0]}")


@lru_cache(maxsize=1)
def _session():
    import onnxruntime as ort

    d = model_dir()
    _verify(d)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    return ort.InferenceSession(os.path.join(d, "sig_bak_ovr.onnx"), so, providers=["CPUExecutionProvider"])


def score16k(x16: np.ndarray) -> dict:
    """DNSMOS P.835 of a 16 kHz mono clip."""
    a = np.asarray(x16, dtype=np.float32)
    if a.size == 0:
        raise ValueError("empty clip")
    while len(a) < LEN_SAMPLES:
        a = np.append(a, a)
    num = int(len(a) / SR - INPUT_LENGTH) + 1
    sess = _session()
    sig, bak, ovr = [], [], []
    for i in range(num):
        seg = a[i * SR: i * SR + LEN_SAMPLES]
        if len(seg) < LEN_SAMPLES:
            continue
        raw = sess.run(None, {"input_1": seg[np.newaxis, :]})[0][0]
        sig.append(P_SIG(raw[0]))
        bak.append(P_BAK(raw[1]))
        ovr.append(P_OVR(raw[2]))
    return {"SIG": float(np.mean(sig)), "BAK": float(np.mean(bak)), "OVRL": float(np.mean(ovr)), "segments": len(sig)}


def score(x: np.ndarray, fs: int = audio.FS) -> dict:
    return score16k(audio.resample(np.asarray(x, np.float64), fs, SR))
