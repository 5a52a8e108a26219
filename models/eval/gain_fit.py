"""How well does a trained network's gain fit its targets? (issue 15's diagnosis)

  /usr/bin/python3 -m models.eval.gain_fit --run RUN/trained.npz --data FILE.pnft [--shift 2] [--seqs 400]

Runs the float network of a training run (train.py's trained.npz, with its feature normalization)
on `--seqs` windows of 200 frames spread over a .pnft file (training or validation features and
oracle targets) and prints the mean predicted gain per bucket of the target gain, per band group,
per input level and per SNR (the last two from the .pnft's manifest, models.train.rich_features).
A network that has learned to tell speech from noise predicts ~1 where the target is ≥ 0.97 and
~0 where it is < 0.1; a hedging one predicts the middle for both.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))


def predict(run, data, shift, seqs):
    import torch  # training's Python (not the project's .venv); report() and auc() need only numpy
    from models.train import train
    z = np.load(run)
    d = train.load_data(data, (z["mean"], z["std"]), shift)
    x, g, r = train.to_seqs(d, 200, torch.device("cpu"))
    idx = torch.arange(0, x.shape[0], max(1, x.shape[0] // seqs))[:seqs]
    net = train.Net(json.load(open(os.path.join(os.path.dirname(run), "train.json")))["options"]["size"])
    net.load_state_dict({k[2:]: torch.tensor(z[k]) for k in z.files if k.startswith("w/")})
    net.eval()
    xb, gb, _ = train.batch((x, g, r), idx)
    with torch.no_grad():
        gh, _ = net.forward_float(xb)
    return idx.numpy(), gh.numpy(), (gb ** 2).numpy()  # targets are stored as g^0.5


def auc(pos, neg):
    """Probability that a random band-frame of `pos` gets a higher prediction than one of `neg`
    (Mann-Whitney U / (n_pos n_neg), ties by mean rank): how well the network ranks, whatever its scale."""
    _, inv, counts = np.unique(np.concatenate([pos, neg]), return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2.0)[inv]  # 1-based, ties at their mean rank
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def report(idx, pred, target, manifest=None):
    lines = []
    t, p = target.reshape(-1), pred.reshape(-1)
    lines.append("| target gain | band-frames | mean predicted gain |")
    lines.append("|---|---:|---:|")
    edges = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97, 1.01]
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (t >= lo) & (t < hi)
        lines.append(f"| {lo:.2f}..{min(hi, 1):.2f} | {int(m.sum())} | {p[m].mean():.3f} |")
    lines += ["", f"Ranking: AUC {auc(p[t >= 0.97], p[t < 0.1]):.3f} (target ≥ 0.97 against < 0.1). Calibration, the mean target "
              "per predicted gain (a network that hedges predicts below it):", "",
              "| predicted gain | band-frames | mean target gain | share with target ≥ 0.97 |", "|---|---:|---:|---:|"]
    for lo in np.arange(0.0, 1.0, 0.1):
        m = (p >= lo) & (p < lo + 0.1)
        if m.any():
            lines.append(f"| {lo:.1f}..{lo + 0.1:.1f} | {int(m.sum())} | {t[m].mean():.3f} | {np.mean(t[m] >= 0.97):.2f} |")
    lines += ["", "| bands | predicted where target ≥ 0.97 | predicted where target < 0.1 |", "|---|---:|---:|"]
    for b0, b1 in [(0, 5), (5, 15), (15, 25), (25, 34)]:
        tt, pp = target[..., b0:b1].reshape(-1), pred[..., b0:b1].reshape(-1)
        lines.append(f"| {b0}..{b1 - 1} | {pp[tt >= 0.97].mean():.3f} | {pp[tt < 0.1].mean():.3f} |")
    if manifest:
        pairs = manifest["pairs"]
        per = max(1, int(manifest["frames"] // manifest["sequences"]) // 200)
        for key, groups in (("level", [(-46, -35), (-35, -25), (-25, -15), (-15, 0)]), ("snr", [(-6, 5), (5, 15), (15, 31)])):
            v = np.array([pairs[int(i) // per][key] for i in idx])
            lines += ["", f"| {key} | windows | predicted where target ≥ 0.97 | predicted where target < 0.1 |", "|---|---:|---:|---:|"]
            for lo, hi in groups:
                s = (v >= lo) & (v < hi)
                tt, pp = target[s].reshape(-1), pred[s].reshape(-1)
                if s.any():
                    lines.append(f"| {lo}..{hi} | {int(s.sum())} | {pp[tt >= 0.97].mean():.3f} | {pp[tt < 0.1].mean():.3f} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, help="a training run's trained.npz")
    ap.add_argument("--data", required=True, help=".pnft features and targets")
    ap.add_argument("--shift", type=int, default=0, help="the run's --energy-shift")
    ap.add_argument("--seqs", type=int, default=400)
    a = ap.parse_args(argv)
    import torch
    torch.set_num_threads(1)
    idx, pred, target = predict(a.run, a.data, a.shift, a.seqs)
    man = os.path.splitext(a.data)[0] + ".json"
    manifest = json.load(open(man)) if os.path.exists(man) else None
    print(report(idx, pred, target, manifest if manifest and "pairs" in manifest else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
