"""The quality report of `percepnet eval`: noisy, RNNoise, our model (through the exact
reference, so the numbers are the firmware's) and the oracle, on a set of test mixtures.

    python -m models.eval.report --set DIR --report OUT [--model headset] [--clips N]

Writes OUT/report.md, OUT/index.html (spectrograms and audio players), OUT/results.json,
OUT/spectrograms/*.png and OUT/audio/*.wav (the clips shown). Metrics per SNR (and over all pairs)
by models.eval.table: SI-SDR, STOI, PESQ-WB, DNSMOS SIG/BAK/OVRL. The cost column reads the
firmware benchmarks (docs/bench/*.report.json, made by scripts/bench.sh) and the model manifest.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import struct
import sys
import zlib

import numpy as np
import soundfile as sf

from . import table

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DELAY = 1440  # the enhancer's latency at 48 kHz; RNNoise's runner aligns to the same


def rows(model: str) -> list[str]:
    py = os.path.join(REPO, ".venv", "bin", "python")
    ours = "node bin/percepnet.mjs denoise {noisy} {out} --engine ref"
    return [
        "noisy=",
        f"RNNoise (pyrnnoise 0.4.5)={py} -m models.train.rnnoise_run {{noisy}} {{out}}",
        f"percepnet {model} (exact reference, the firmware's bits)={ours}",
        "oracle (ideal gains + comb + postfilter)=node bin/percepnet.mjs denoise {noisy} {out} --engine host --oracle {clean}",
    ]


# ---------------------------------------------------------------- spectrograms (PNG, no matplotlib)

def _png(path: str, rgb: np.ndarray) -> None:
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].astype(np.uint8).tobytes() for y in range(h))

    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _colormap(v: np.ndarray) -> np.ndarray:
    """0..1 to a dark-blue → yellow ramp (perceptually ordered, like 'magma' simplified)."""
    stops = np.array([[0, 0, 4], [40, 11, 84], [101, 21, 110], [159, 42, 99], [212, 72, 66], [245, 125, 21], [250, 193, 39], [252, 255, 164]], float)
    x = np.clip(v, 0, 1) * (len(stops) - 1)
    i = np.minimum(x.astype(int), len(stops) - 2)
    t = (x - i)[..., None]
    return stops[i] * (1 - t) + stops[i + 1] * t


def spectrogram_png(wav: str, png: str, seconds: float = 8.0, delay: int = 0) -> None:
    x, fs = sf.read(wav, dtype="float64", always_2d=False)
    x = x[delay:delay + int(seconds * fs)]
    n, hop = 1024, 256
    win = np.hanning(n)
    frames = max(1, (len(x) - n) // hop)
    spec = np.array([np.abs(np.fft.rfft(win * x[k * hop:k * hop + n])) for k in range(frames)]).T
    db = 20 * np.log10(spec + 1e-9)
    img = np.clip((db + 100) / 100, 0, 1)[::-1]  # -100..0 dBFS, low frequencies at the bottom
    img = img[::2]  # 257 rows: 0..24 kHz
    _png(png, _colormap(img))


# --------------------------------------------------------------------------------------- report

def cost_rows(model: str) -> list[str]:
    out = []
    man = os.path.join(REPO, "models", model, "manifest.json")
    weights = macs = None
    if os.path.exists(man):
        m = json.load(open(man))
        weights, macs = m.get("weights"), m.get("macs_per_second")
    for board in ("m4f", "m7", "m55", "a53"):
        p = os.path.join(REPO, "docs", "bench", f"{board}.report.json")
        if not os.path.exists(p):
            continue
        r = json.load(open(p))
        s, b = r["cycles"]["stats"], r["cycles"]["budgetPercent"]
        out.append(f"| {board} ({r['board']['core']}, {r['board']['clockHz'] / 1e6:.0f} MHz) | {weights:,} | {macs / 1e6:.1f} M | "
                   f"{s['mean']:,.0f} | {b['mean']:.1f} % |" if weights else f"| {board} | | | {s['mean']:,.0f} | {b['mean']:.1f} % |")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", required=True, help="test mixtures (models.data.testset)")
    ap.add_argument("--report", required=True, help="output folder")
    ap.add_argument("--model", default="headset")
    ap.add_argument("--clips", type=int, default=3, help="clips shown as spectrograms and audio")
    a = ap.parse_args(argv)
    out = os.path.abspath(a.report)
    os.makedirs(out, exist_ok=True)
    work = os.path.join(out, "runs")
    md_tables = os.path.join(out, "tables.md")
    results = os.path.join(out, "results.json")
    args = ["--set", a.set, "--work", work, "--delay", str(DELAY), "--md", md_tables, "--json", results,
            "--title", f"Quality: noisy, RNNoise, percepnet {a.model}, oracle"]
    for r in rows(a.model):
        args += ["--row", r]
    rc = table.main(args)
    if rc:
        return rc
    res = json.load(open(results))
    # Spectrograms and audio of a few clips: noisy, RNNoise, ours, clean (aligned: outputs skip the delay).
    ids = sorted({p["id"] for p in res[0]["pairs"]}, key=lambda s: (s.split("_")[1], s))[: a.clips]
    os.makedirs(os.path.join(out, "spectrograms"), exist_ok=True)
    os.makedirs(os.path.join(out, "audio"), exist_ok=True)
    shown = []
    for pid in ids:
        versions = [("clean", os.path.join(a.set, f"{pid}_clean.wav"), 0), ("noisy", os.path.join(a.set, f"{pid}_noisy.wav"), 0)]
        for row in res[1:3]:
            versions.append((row["label"].split(" (")[0], os.path.join(row["est_dir"], f"{pid}_noisy.wav"), DELAY))
        items = []
        for name, wav, delay in versions:
            slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
            png = f"spectrograms/{pid}_{slug}.png"
            spectrogram_png(wav, os.path.join(out, png), delay=delay)
            audio = f"audio/{pid}_{slug}.wav"
            shutil.copyfile(wav, os.path.join(out, audio))
            items.append((name, png, audio))
        shown.append((pid, items))
    cost = ["| board | weights | MAC/s | cycles/frame (mean) | % of budget |", "|---|---:|---:|---:|---:|", *cost_rows(a.model)]
    tables_md = open(md_tables).read()
    md = [tables_md.rstrip(), "", "## Cost of percepnet on each board (scripts/bench.sh)", "", *cost, "",
          "RNNoise: upstream RNNoise with its built-in model, as bundled by PyPI pyrnnoise 0.4.5 (librnnoise.so, "
          "rnnoise_model_from_* API of the 0.2 series), run frame by frame on the same 48 kHz input; its 480-sample "
          "delay is padded to ours (1440) so both are scored with the same alignment.", "",
          "## Spectrograms", ""]
    for pid, items in shown:
        md.append(f"### {pid}")
        md.append("")
        md += [f"**{n}**  \n![{n}]({p})  \n" for n, p, _ in items]
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    # The HTML page: the same tables (as preformatted Markdown), pictures and audio players.
    body = [f"<h1>percepnet quality report</h1>", f"<pre id='tables'>{html.escape(tables_md)}</pre>",
            "<h2>Cost per board</h2>", f"<pre id='cost'>{html.escape(chr(10).join(cost))}</pre>"]
    for pid, items in shown:
        body.append(f"<h2>{html.escape(pid)}</h2><div class='clip'>")
        for n, p, au in items:
            body.append(f"<figure><figcaption>{html.escape(n)}</figcaption><img src='{p}' alt='{html.escape(n)} spectrogram' width='640'>"
                        f"<audio controls src='{au}'></audio></figure>")
        body.append("</div>")
    page = ("<!doctype html><html><head><meta charset='utf-8'><title>percepnet quality report</title>"
            "<style>body{font-family:sans-serif;margin:2em}figure{display:inline-block;margin:.5em}img{display:block}</style>"
            "</head><body>" + "\n".join(body) + "</body></html>\n")
    with open(os.path.join(out, "index.html"), "w") as f:
        f.write(page)
    print(f"report: {os.path.join(out, 'report.md')} and {os.path.join(out, 'index.html')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
