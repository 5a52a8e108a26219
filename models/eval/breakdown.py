"""Where a model wins and loses: a models.eval.table --json file broken down per SNR, per noise
type and dry / reverb, against a peer row, with the worst files and their spectrograms.

    python -m models.eval.breakdown RESULTS.json --set DIR --ours LABEL --peer LABEL --out DIR [--worst 3]

Writes OUT/breakdown.md and OUT/worst-<k>-<id>-{noisy,peer,ours,clean}.png. Besides the metrics it
reports the output level against the clean reference on speech (active RMS, dB; the issue asks for
±1 dB) and STOI against the noisy input's per pair (never below it is the goal).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import soundfile as sf

from ..data import audio
from .report import spectrogram_png

METRICS = ("PESQ-WB", "STOI", "SI-SDR", "SIG", "BAK", "OVRL")


def level_db(wav: str, clean: str, delay: int) -> float:
    y, _ = sf.read(wav, dtype="float64")
    c, _ = sf.read(clean, dtype="float64")
    y = y[delay:delay + len(c)]
    return 20 * np.log10(max(audio.active_rms(y), 1e-9) / max(audio.active_rms(c), 1e-9))


def fmt(v: float, k: str) -> str:
    return f"{v:.3f}" if k == "STOI" else f"{v:.2f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results")
    ap.add_argument("--set", required=True)
    ap.add_argument("--ours", required=True, help="label (or unique prefix) of our row")
    ap.add_argument("--peer", required=True, help="label (or unique prefix) of the row to beat")
    ap.add_argument("--out", required=True)
    ap.add_argument("--worst", type=int, default=3)
    a = ap.parse_args(argv)
    res = json.load(open(a.results))
    index = json.load(open(os.path.join(a.set, "index.json")))
    info = {p["id"]: p for p in index["pairs"]}

    def row(prefix):
        m = [r for r in res if r["label"].startswith(prefix)]
        if len(m) != 1:
            raise SystemExit(f"breakdown: {len(m)} rows start with {prefix!r}")
        return m[0]

    rows = {"noisy": row("noisy"), "peer": row(a.peer), "ours": row(a.ours)}
    val = {k: {it["id"]: it["metrics"] for it in r["pairs"]} for k, r in rows.items()}
    ids = [p["id"] for p in index["pairs"]]
    os.makedirs(a.out, exist_ok=True)
    lv = {k: {i: level_db(os.path.join(rows[k]["est_dir"], f"{i}_noisy.wav") if rows[k]["command"] else os.path.join(a.set, f"{i}_noisy.wav"),
                          os.path.join(a.set, f"{i}_clean.wav"), rows[k]["delay"]) for i in ids} for k in ("peer", "ours")}

    def mean(k, sel, m):
        v = [val[k][i][m] for i in sel if val[k][i][m] is not None]
        return float(np.mean(v)) if v else float("nan")

    def table(title, groups):
        out = [f"## {title}", "", "| group | pairs | " + " | ".join(f"{m} noisy / {a.peer.split()[0]} / ours" for m in ("PESQ-WB", "STOI", "OVRL")) + " | level ours dB | STOI < noisy |",
               "|---|---:|" + "---:|" * 5]
        for name, sel in groups:
            if not sel:
                continue
            cells = [" / ".join(fmt(mean(k, sel, m), m) for k in ("noisy", "peer", "ours")) for m in ("PESQ-WB", "STOI", "OVRL")]
            below = sum(1 for i in sel if val["ours"][i]["STOI"] < val["noisy"][i]["STOI"])
            out.append(f"| {name} | {len(sel)} | " + " | ".join(cells) + f" | {np.mean([lv['ours'][i] for i in sel]):+.1f} | {below} |")
        return out + [""]

    snrs = sorted({info[i]["snr_db"] for i in ids})
    rev = lambda i: bool(info[i].get("reverb"))  # noqa: E731
    lines = [f"# Breakdown: {rows['ours']['label']} against {rows['peer']['label']}", "",
             f"Set `{a.set}` ({len(ids)} pairs). Cells: noisy input / {rows['peer']['label']} / ours. "
             "Level: active RMS of the output against the clean reference on speech (dB). "
             "`STOI < noisy`: pairs where our STOI is below the noisy input's.", ""]
    lines += table("Per SNR, dry", [(f"{s:g} dB", [i for i in ids if info[i]["snr_db"] == s and not rev(i)]) for s in snrs])
    lines += table("Per SNR, reverberant", [(f"{s:g} dB", [i for i in ids if info[i]["snr_db"] == s and rev(i)]) for s in snrs])
    noises = sorted({info[i]["noise"] for i in ids})
    lines += table("Per noise type (dry and reverberant)", [(n, [i for i in ids if info[i]["noise"] == n]) for n in noises])
    speakers = sorted({info[i]["speech"] for i in ids})
    lines += table("Per speech clip", [(s, [i for i in ids if info[i]["speech"] == s]) for s in speakers])
    lines += table("All pairs", [("dry", [i for i in ids if not rev(i)]), ("reverberant", [i for i in ids if rev(i)]), ("all", ids)])
    # the worst files for us: the lowest PESQ-WB margin over the peer
    margin = sorted(ids, key=lambda i: val["ours"][i]["PESQ-WB"] - val["peer"][i]["PESQ-WB"])
    lines += [f"## The {a.worst} worst files for us (PESQ-WB ours − peer)", "",
              "| pair | ours − peer PESQ-WB | ours / peer STOI | noisy STOI | spectrograms (noisy, peer, ours, clean) |", "|---|---:|---:|---:|---|"]
    for k, i in enumerate(margin[: a.worst]):
        pics = []
        for tag, wav, d in (("noisy", os.path.join(a.set, f"{i}_noisy.wav"), 0), ("peer", os.path.join(rows["peer"]["est_dir"], f"{i}_noisy.wav"), rows["peer"]["delay"]),
                            ("ours", os.path.join(rows["ours"]["est_dir"], f"{i}_noisy.wav"), rows["ours"]["delay"]), ("clean", os.path.join(a.set, f"{i}_clean.wav"), 0)):
            png = f"worst-{k + 1}-{i}-{tag}.png"
            spectrogram_png(wav, os.path.join(a.out, png), delay=d)
            pics.append(f"![{tag}]({png})")
        lines.append(f"| {i} | {val['ours'][i]['PESQ-WB'] - val['peer'][i]['PESQ-WB']:+.2f} | {val['ours'][i]['STOI']:.3f} / {val['peer'][i]['STOI']:.3f} | {val['noisy'][i]['STOI']:.3f} | {' '.join(pics)} |")
    lines.append("")
    with open(os.path.join(a.out, "breakdown.md"), "w") as f:
        f.write("\n".join(lines))
    print(f"breakdown: wrote {os.path.join(a.out, 'breakdown.md')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
