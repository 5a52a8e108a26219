"""Speech-quality metrics: SI-SDR, STOI, PESQ-WB and DNSMOS P.835 (SIG, BAK, OVRL).

One pair:
    python -m models.eval.metrics --clean C.wav --est E.wav [--delay SAMPLES] [--json]
A folder of pairs (<id>_clean.wav and <id>_noisy.wav, as models.data.testset writes them):
    python -m models.eval.metrics --set DIR                       # scores the noisy inputs
    python -m models.eval.metrics --set DIR --est OUT --delay 1440 # scores OUT/<id>_noisy.wav
prints a Markdown table (mean per SNR, then over all) and, with --json FILE, every pair's numbers.

--delay N: the estimate is the clean signal's time line delayed by N samples at 48 kHz (the
enhancer's 30 ms = 1440 samples); the estimate's first N samples are dropped and both are cut to
the shorter length before scoring. Every metric is computed on the same aligned pair.
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os
import sys

import numpy as np

from models.data import audio
from . import dnsmos

FS = audio.FS
METRICS = ("SI-SDR", "STOI", "PESQ-WB", "SIG", "BAK", "OVRL")


def si_sdr(ref: np.ndarray, est: np.ndarray) -> float:
    """Scale-invariant SDR (Le Roux et al. 2019), dB, on zero-mean signals."""
    r = ref - ref.mean()
    e = est - est.mean()
    rr = np.dot(r, r)
    if rr <= 0:
        return float("nan")
    t = (np.dot(e, r) / rr) * r
    d = e - t
    return float(10 * np.log10(max(np.dot(t, t), 1e-30) / max(np.dot(d, d), 1e-30)))


def stoi(ref: np.ndarray, est: np.ndarray, fs: int = FS) -> float:
    from pystoi import stoi as _stoi

    return float(_stoi(ref, est, fs, extended=False))


def pesq_wb(ref: np.ndarray, est: np.ndarray, fs: int = FS) -> float:
    """ITU-T P.862.2 wideband PESQ (MOS-LQO) on 16 kHz copies."""
    from pesq import pesq as _pesq

    r16 = audio.resample(ref, fs, 16000)
    e16 = audio.resample(est, fs, 16000)
    try:
        return float(_pesq(16000, r16, e16, "wb"))
    except Exception as ex:  # no utterance found, etc.
        print(f"metrics: PESQ failed: {ex}", file=sys.stderr)
        return float("nan")


def align(ref: np.ndarray, est: np.ndarray, delay: int) -> tuple[np.ndarray, np.ndarray]:
    if delay < 0:
        raise ValueError("delay must be >= 0")
    e = est[delay:]
    n = min(len(ref), len(e))
    if n <= 0:
        raise ValueError("nothing left to compare after the delay")
    return ref[:n], e[:n]


def estimate_lag(ref: np.ndarray, est: np.ndarray, max_lag: int = 4800) -> int:
    """Lag (samples) of est behind ref at the cross-correlation peak: a check on --delay."""
    n = min(len(ref), len(est))
    m = 1 << int(np.ceil(np.log2(2 * n)))
    c = np.fft.irfft(np.fft.rfft(est[:n], m) * np.conj(np.fft.rfft(ref[:n], m)), m)
    lags = np.concatenate([np.arange(0, max_lag + 1), np.arange(-max_lag, 0)])
    vals = np.concatenate([c[: max_lag + 1], c[m - max_lag:]])
    return int(lags[int(np.argmax(np.abs(vals)))])


def score(ref: np.ndarray, est: np.ndarray, delay: int = 0, fs: int = FS, only: tuple[str, ...] = METRICS) -> dict:
    """All metrics (or those named in `only`; the others are NaN) of `est` delayed by `delay` against `ref`."""
    r, e = align(ref, est, delay)
    nan = float("nan")
    out = {k: nan for k in METRICS}
    if "SI-SDR" in only:
        out["SI-SDR"] = si_sdr(r, e)
    if "STOI" in only:
        out["STOI"] = stoi(r, e, fs)
    if "PESQ-WB" in only:
        out["PESQ-WB"] = pesq_wb(r, e, fs)
    if {"SIG", "BAK", "OVRL"} & set(only):
        d = dnsmos.score(e, fs)
        out.update(SIG=d["SIG"], BAK=d["BAK"], OVRL=d["OVRL"])
    out.update(seconds=len(e) / fs, delay=delay, lag_check=estimate_lag(ref, est))
    return out


def _nan_to_null(o):
    """JSON has no NaN: a metric that could not be computed (or was not asked for) is null."""
    if isinstance(o, float) and math.isnan(o):
        return None
    if isinstance(o, dict):
        return {k: _nan_to_null(v) for k, v in o.items()}
    if isinstance(o, list):
        return [_nan_to_null(v) for v in o]
    return o


def load(path: str) -> np.ndarray:
    x, sr = audio.read(path)
    if x.shape[1] != 1:
        raise SystemExit(f"{path}: {x.shape[1]} channels, expected mono")
    return audio.resample(x[:, 0], sr, FS)


def fmt(v: float, k: str) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    return f"{v:.2f}" if k != "STOI" else f"{v:.3f}"


def table(rows: list[tuple[str, dict]], first: str = "set") -> str:
    out = [f"| {first} | " + " | ".join(METRICS) + " |", "|---|" + "---:|" * len(METRICS)]
    for name, m in rows:
        out.append(f"| {name} | " + " | ".join(fmt(m.get(k), k) for k in METRICS) + " |")
    return "\n".join(out)


def _mean(v: list[float]) -> float:
    v = [x for x in v if not (isinstance(x, float) and math.isnan(x))]
    return float(np.mean(v)) if v else float("nan")


def mean_rows(items: list[dict], key) -> list[tuple[str, dict]]:
    groups: dict = {}
    for it in items:
        groups.setdefault(key(it), []).append(it)
    rows = []
    for g in sorted(groups, key=lambda v: (isinstance(v, str), v)):
        its = groups[g]
        rows.append((f"{g:g} dB ({len(its)})" if isinstance(g, (int, float)) else str(g),
                     {k: _mean([it["metrics"][k] for it in its]) for k in METRICS}))
    rows.append((f"all ({len(items)})", {k: _mean([it["metrics"][k] for it in items]) for k in METRICS}))
    return rows


def batch(set_dir: str, est_dir: str | None, delay: int, est_suffix: str, only: tuple[str, ...] = METRICS) -> list[dict]:
    cleans = sorted(glob.glob(os.path.join(set_dir, "*_clean.wav")))
    if not cleans:
        raise SystemExit(f"{set_dir}: no *_clean.wav files")
    snrs = {}
    idx = os.path.join(set_dir, "index.json")
    if os.path.exists(idx):
        with open(idx) as f:
            for p in json.load(f).get("pairs", []):
                snrs[p["id"]] = p.get("snr_db")
    items = []
    for c in cleans:
        pid = os.path.basename(c)[: -len("_clean.wav")]
        e = os.path.join(est_dir or set_dir, pid + est_suffix)
        if not os.path.exists(e):
            raise SystemExit(f"missing estimate {e}")
        m = score(load(c), load(e), delay, only=only)
        items.append({"id": pid, "snr_db": snrs.get(pid), "clean": c, "est": e, "metrics": m})
        print(f"metrics: {pid}: " + " ".join(f"{k}={fmt(m[k], k)}" for k in METRICS), file=sys.stderr)
    return items


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="SI-SDR, STOI, PESQ-WB and DNSMOS P.835 of estimates against clean references.")
    ap.add_argument("--clean", help="clean reference WAV (single mode)")
    ap.add_argument("--est", help="estimate WAV (single mode), or folder of estimates (with --set)")
    ap.add_argument("--set", help="folder of <id>_clean.wav / <id>_noisy.wav pairs (batch mode)")
    ap.add_argument("--est-suffix", default="_noisy.wav", help="estimate file name after <id> (batch mode)")
    ap.add_argument("--delay", type=int, default=0, help="samples at 48 kHz by which the estimate lags the clean signal")
    ap.add_argument("--json", nargs="?", const="-", default=None,
                    help="single mode: print JSON; batch mode: write every pair's numbers to this file")
    ap.add_argument("--label", default=None, help="batch mode: a name for the table's heading")
    ap.add_argument("--only", default=",".join(METRICS),
                    help=f"comma-separated subset of {','.join(METRICS)} (the rest print n/a); default all")
    a = ap.parse_args(argv)
    only = tuple(k.strip() for k in a.only.split(",") if k.strip())
    bad = [k for k in only if k not in METRICS]
    if bad:
        ap.error(f"unknown metric(s) {bad}; choose from {METRICS}")
    if a.set:
        items = batch(a.set, a.est, a.delay, a.est_suffix, only)
        have_snr = all(it["snr_db"] is not None for it in items)
        rows = mean_rows(items, (lambda it: it["snr_db"]) if have_snr else (lambda it: "pairs"))
        label = a.label or (a.est or a.set)
        print(f"Scores of `{label}` against `{a.set}` (delay {a.delay} samples), means per input SNR:\n")
        print(table(rows, "SNR (pairs)"))
        if a.json and a.json != "-":
            with open(a.json, "w") as f:
                json.dump(_nan_to_null({"set": a.set, "est": a.est, "delay": a.delay, "pairs": items,
                                        "means": {n: m for n, m in rows}}), f, indent=1)
        elif a.json == "-":
            print(json.dumps(_nan_to_null({"pairs": items, "means": {n: m for n, m in rows}}), indent=1))
        return 0
    if not (a.clean and a.est):
        ap.error("give --clean and --est, or --set DIR")
    m = score(load(a.clean), load(a.est), a.delay, only=only)
    if a.json:
        print(json.dumps(_nan_to_null(m), indent=1))
    else:
        print(table([(os.path.basename(a.est), m)], "estimate"))
        if abs(m["lag_check"] - a.delay) > 48:
            print(f"note: cross-correlation puts the estimate {m['lag_check']} samples behind the clean signal, "
                  f"not {a.delay}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
