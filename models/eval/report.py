"""The quality report of `percepnet eval`: noisy, RNNoise, our model (through the exact
reference, so the numbers are the firmware's), the oracle, and the clean reference itself (its
DNSMOS), on a set of test mixtures.

    python -m models.eval.report --set DIR --report OUT [--model headset] [--also m7,full] [--clips N]

Writes OUT/report.md, OUT/index.html (spectrograms and audio players), OUT/results.json,
OUT/spectrograms/*.png and OUT/audio/*.wav (the clips shown). Metrics per SNR (and over all pairs)
by models.eval.table: SI-SDR, STOI, PESQ-WB, DNSMOS SIG/BAK/OVRL. The cost column reads the
firmware benchmarks (docs/bench/*.report.json, made by scripts/bench.sh; read at report time) and the
model manifest: weights, MAC/s and cycles per frame per board for our row; RNNoise's row quotes
its m4f cycles from issue 15's side-by-side count (RNNOISE_COST). A set with reverberant pairs gets its tables split dry / reverb (models.eval.table).

--model NAME|DIR is the model of our row (`percepnet denoise --engine ref --model`). --also adds a
row per further trained size (models/<size>/): the same signal path and the size's network through
the host C build of the product (`percepnet denoise --engine host --model SIZE`; bit-identical with
the exact reference, so still the firmware's numbers). Its cycles per board are the whole
product's where docs/bench/product-<size>/ has a sim report (`percepnet sim --model SIZE --board B
IN.wav --report docs/bench/product-SIZE`), else the network's alone (docs/bench/networks.md,
scripts/bench-networks.sh).
"""
from __future__ import annotations

import argparse
import html
import json
import os
import shlex
import shutil
import struct
import subprocess
import sys
import zlib

import numpy as np
import soundfile as sf

from . import table

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DELAY = 1440  # the enhancer's latency at 48 kHz; RNNoise's runner aligns to the same


def model_dir(model: str) -> str:
    """--model NAME (a folder of models/trained/) or DIR, as `percepnet denoise --model` takes it."""
    named = os.path.join(REPO, "models", "trained", model)
    return named if os.path.exists(os.path.join(named, "manifest.json")) else os.path.abspath(model)


def model_label(model: str) -> str:
    return os.path.basename(os.path.normpath(model))


def size_label(size: str) -> str:
    return f"percepnet {size} (host C of the spec, the reference's bits)"


def rows(model: str, also: list[str] = ()) -> list[str]:
    py = os.path.join(REPO, ".venv", "bin", "python")
    # the product path for every size: denoise builds the spec with the model (--model NAME|DIR)
    ours = f"node bin/percepnet.mjs denoise {{noisy}} {{out}} --engine ref --model {shlex.quote(model)}"
    return [
        "noisy=",
        f"RNNoise (pyrnnoise 0.4.5)={py} -m models.train.rnnoise_run {{noisy}} {{out}}",
        f"percepnet {model_label(model)} (exact reference, the firmware's bits)={ours}",
        *[f"{size_label(s)}=node bin/percepnet.mjs denoise {{noisy}} {{out}} --engine host --model {shlex.quote(s)}" for s in also],
        "oracle (ideal gains + comb + postfilter)=node bin/percepnet.mjs denoise {noisy} {out} --engine host --oracle {clean}",
        f"clean reference (its DNSMOS: the ceiling of a target that reproduces it)={py} -m models.eval.reference_copy {{clean}} {{out}} --delay {DELAY}",
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

BOARDS = ("m4f", "m7", "m55", "a53")
BENCH_CMD = "bash scripts/bench.sh"
# RNNoise's cost on our cores, from the side-by-side build of issue 15 (upstream RNNoise compiled for the
# simulated m4f with the project's flags and counted by the same QEMU instruction counter; its code is
# not in this repository, so this report quotes the figures instead of measuring them).
RNNOISE_COST = {"weights": "87.5 k (0.1.1) / 2.88 M (pyrnnoise's 0.2 model)",
                "m4f": "2,720,000 (162 %) for 0.1.1; ~16 M (956 %) for the 0.2 model (issue 15's count)"}


def _git_last(path: str) -> str:
    """'<hash> <date>' of the last commit touching path, '+ uncommitted changes' when it differs."""
    try:
        rel = os.path.relpath(path, REPO)
        last = subprocess.run(["git", "log", "-1", "--format=%h %cs", "--", rel], cwd=REPO, capture_output=True,
                              text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", rel], cwd=REPO, capture_output=True,
                               text=True, timeout=30).stdout.strip()
        return (last or "not committed") + (" + uncommitted changes" if dirty and last else "")
    except (OSError, subprocess.SubprocessError):
        return "?"


def bench(board: str, folder: str = "") -> dict | None:
    """One board's benchmark, read now from docs/bench/[FOLDER/]<board>.report.json (made by
    scripts/bench.sh; product-<size>/ by percepnet sim --model SIZE --report docs/bench/product-SIZE)."""
    p = os.path.join(REPO, "docs", "bench", folder, f"{board}.report.json")
    if folder and not os.path.exists(p):
        return None
    rel = os.path.relpath(p, REPO)
    try:
        r = json.load(open(p))
        commit = _git_last(p)
    except (OSError, ValueError):
        # missing or half-written (scripts/bench.sh rewrites docs/bench from scratch): the committed one
        try:
            r = json.loads(subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=REPO, capture_output=True, text=True,
                                          timeout=30, check=True).stdout)
        except (OSError, ValueError, subprocess.SubprocessError):
            return None
        commit = "HEAD; the working copy was missing or unreadable: " + _git_last(p)
    net = ((r.get("profile") or {}).get("network") or {}).get("cyclesPerFrame")
    if isinstance(net, dict):
        net = net.get("mean")
    b = r["board"]
    return {"board": board, "core": b.get("core", "?"), "mhz": b["clockHz"] / 1e6, "mean": r["cycles"]["stats"]["mean"],
            "budget": b["budgetCyclesPerFrame"], "network": net, "sha256": (r.get("output") or {}).get("sha256", ""),
            "file": rel, "commit": commit}


def model_cost(model: str) -> dict | None:
    man = os.path.join(model_dir(model), "manifest.json")
    if not os.path.exists(man):
        return None
    m = json.load(open(man))
    return {"weights": m.get("weights"), "macs_per_frame": m.get("macs_per_frame"), "macs_per_second": m.get("macs_per_second")}


def size_cycles(size: str) -> dict[str, str]:
    """{board: cell} for SIZE: the whole product with that model where docs/bench/product-<size>/ has
    its sim report (percepnet sim --model SIZE), else the network alone (docs/bench/networks.md)."""
    cells = network_alone(size)
    for b in BOARDS:
        r = bench(b, f"product-{size}")
        if r:
            cells[b] = "product " + _cycles_cell(r)
    return cells


def network_alone(size: str) -> dict[str, str]:
    """{board: 'cycles (% of budget)'} for SIZE from docs/bench/networks.md (the network alone)."""
    p = os.path.join(REPO, "docs", "bench", "networks.md")
    out = {}
    if not os.path.exists(p):
        return out
    for line in open(p):
        c = [x.strip() for x in line.strip().strip("|").split("|")]
        if len(c) > 4 and c[0] == size and c[1].split(" ")[0] in BOARDS:
            out[c[1].split(" ")[0]] = f"network alone {c[3]} ({c[4]})"
    return out


def _cycles_cell(b: dict) -> str:
    cell = f"{b['mean']:,.0f} ({100 * b['mean'] / b['budget']:.1f} %)"
    if b["network"] is not None:
        cell += f"; network {b['network']:,.0f}"
    return cell


def cost_cells(label: str, model: str, benches: list[dict], also: list[str] = ()) -> list[str]:
    """Cost cells of a quality row: weights, MAC/s, then cycles/frame (% of budget) per board."""
    n = 2 + len(benches)

    def size_cost(size: str) -> list[str]:
        c = model_cost(size) or {}
        w, mps = c.get("weights"), c.get("macs_per_second")
        mac_s = "?" if not mps else f"{mps / 1e9:.2f} G" if mps >= 1e9 else f"{mps / 1e6:.1f} M"
        return [f"{w:,}" if w else "?", mac_s]
    if label.startswith(f"percepnet {model_label(model)} "):
        return [*size_cost(model), *[_cycles_cell(b) for b in benches]]
    for size in also:
        if label == size_label(size):
            cyc = size_cycles(size)
            return [*size_cost(size), *[cyc.get(b["board"], "does not fit (docs/bench/networks.md)") for b in benches]]
    if label.startswith("RNNoise"):
        return [RNNOISE_COST["weights"], "n/a"] + [RNNOISE_COST.get(b["board"], "not counted") for b in benches]
    if label.startswith("oracle"):
        return ["n/a (needs the clean signal: a bound, not a product)"] + [""] * (n - 1)
    if label.startswith("clean reference"):
        return ["n/a (the reference itself)"] + [""] * (n - 1)
    return ["— (the input)"] + [""] * (n - 1)


def cost_tables(res: list[dict], index: dict, model: str, also: list[str] = ()) -> list[str]:
    """The quality-and-cost summary (one row per quality row) and the per-board detail."""
    benches = [b for b in (bench(x) for x in BOARDS) if b]
    rev = {p["id"]: bool(p.get("reverb") or index.get("reverb")) for p in index["pairs"]}
    kinds = [(k, t) for k, t in ((False, "dry"), (True, "reverb")) if any(v == k for v in rev.values())]
    head = ["row"] + [f"{m} {t}" for _, t in kinds for m in ("PESQ-WB", "OVRL")] + ["weights", "MAC/s"] + \
        [f"{b['board']} cycles/frame (% of budget)" for b in benches]
    out = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for r in res:
        q = []
        for k, _ in kinds:
            for m in ("PESQ-WB", "OVRL"):
                v = [it["metrics"][m] for it in r["pairs"] if rev.get(it["id"]) == k and it["metrics"][m] is not None]
                q.append(f"{sum(v) / len(v):.2f}" if v else "n/a")
        out.append("| " + " | ".join([r["label"], *q, *cost_cells(r["label"], model, benches, also)]) + " |")
    out += ["", "| board | core, clock | budget cycles/frame | cycles/frame (mean) | % of budget | network cycles/frame | "
            "output sha256 | read from (last commit) |", "|---|---|---:|---:|---:|---:|---|---|"]
    for b in benches:
        net = f"{b['network']:,.0f}" if b["network"] is not None else "not profiled"
        out.append(f"| {b['board']} | {b['core']}, {b['mhz']:.0f} MHz | {b['budget']:,} | {b['mean']:,.0f} | "
                   f"{100 * b['mean'] / b['budget']:.1f} % | {net} | `{b['sha256'][:16]}` | `{b['file']}` ({b['commit']}) |")
    if not benches:
        out.append("| (no docs/bench/*.report.json: run `bash scripts/bench.sh`) | | | | | | | |")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", required=True, help="test mixtures (models.data.testset)")
    ap.add_argument("--report", required=True, help="output folder")
    ap.add_argument("--model", default="headset")
    ap.add_argument("--also", default="", help="further trained sizes as rows, comma-separated (e.g. m7,full)")
    ap.add_argument("--clips", type=int, default=3, help="clips shown as spectrograms and audio")
    a = ap.parse_args(argv)
    also = [s for s in a.also.split(",") if s]
    for s in also:
        if not os.path.exists(os.path.join(REPO, "models", "trained", s, "manifest.json")):
            print(f"error: --also {s}: models/trained/{s}/manifest.json does not exist (train and export it: docs/training.md)",
                  file=sys.stderr)
            return 2
    out = os.path.abspath(a.report)
    os.makedirs(out, exist_ok=True)
    work = os.path.join(out, "runs")
    md_tables = os.path.join(out, "tables.md")
    results = os.path.join(out, "results.json")
    args = ["--set", a.set, "--work", work, "--delay", str(DELAY), "--md", md_tables, "--json", results,
            "--title", f"Quality: noisy, RNNoise, percepnet {', '.join([a.model, *also])}, oracle, clean reference"]
    for r in rows(a.model, also):
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
    index = json.load(open(os.path.join(a.set, "index.json")))
    cost = cost_tables(res, index, a.model, also)
    tables_md = open(md_tables).read()
    has_rev = any(p.get("reverb") for p in index["pairs"]) or bool(index.get("reverb"))
    md = [tables_md.rstrip(), "",
          "## Quality and cost per row", "",
          "Quality: means over the dry and over the reverberant pairs. Cost: the model's weights and MAC/s "
          f"(`{os.path.relpath(model_dir(a.model), REPO)}/manifest.json`), and the product firmware's cycles per 10 ms frame on each simulated "
          "board (% of its real-time budget; the network's own share where the benchmark has a profile), read when "
          f"this report was made from `docs/bench/<board>.report.json`, which `{BENCH_CMD}` writes (`percepnet sim "
          "--board m4f --board m7 --board m55 --board a53 .cache/testset/snr05_lena_fire-fire_noisy.wav --report docs/bench`). "
          "RNNoise's cycles are quoted from issue 15's side-by-side count on the m4f (upstream RNNoise built for the "
          "simulated core and counted with this project's QEMU counter; its code is not part of this repository); "
          "the other boards were not counted." + (
              f" The rows of {', '.join(also)} give the whole product's cycles with that model where "
              "`percepnet sim --model SIZE --board B IN.wav --report docs/bench/product-SIZE` ran it, else those of "
              "that network alone, from `docs/bench/networks.md` "
              "(`bash scripts/bench-networks.sh`: seeded random weights of the same shapes; the cycles depend little on "
              "the values: the headset size takes 178,943 there and ~174k in the product's profile); the product adds the signal path's cycles of docs/benchmarks.md. \"does not fit\": the "
              "weights exceed the board's flash." if also else ""), "",
          *cost, "",
          "RNNoise: upstream RNNoise with its built-in model, as bundled by PyPI pyrnnoise 0.4.5 (librnnoise.so, "
          "rnnoise_model_from_* API of the 0.2 series), run frame by frame on the same 48 kHz input; its 480-sample "
          "delay is padded to ours (1440) so both are scored with the same alignment.", ""]
    if has_rev:
        md += ["Reverberant pairs (ids ending in `_rev`, made by `models.data.testset`): the speech went through an "
               "image-method room (RT60 0.2-1.0 s) before the noise was added at the stated SNR (of the reverberant "
               "speech); the reference (\"clean\") is the direct path plus the first 50 ms of reflections, so every row "
               "is also scored on the late reverberation it leaves. Each is the reverberant twin of the dry pair with "
               "the same SNR, speech and noise excerpt.", ""]
    md += ["## Spectrograms", ""]
    for pid, items in shown:
        md.append(f"### {pid}")
        md.append("")
        md += [f"**{n}**  \n![{n}]({p})  \n" for n, p, _ in items]
    table.write_atomic(os.path.join(out, "report.md"), "\n".join(md) + "\n")
    # The HTML page: the same tables (as preformatted Markdown), pictures and audio players.
    body = [f"<h1>percepnet quality report</h1>", f"<pre id='tables'>{html.escape(tables_md)}</pre>",
            "<h2>Quality and cost per row</h2>", f"<pre id='cost'>{html.escape(chr(10).join(cost))}</pre>"]
    for pid, items in shown:
        body.append(f"<h2>{html.escape(pid)}</h2><div class='clip'>")
        for n, p, au in items:
            body.append(f"<figure><figcaption>{html.escape(n)}</figcaption><img src='{p}' alt='{html.escape(n)} spectrogram' width='640'>"
                        f"<audio controls src='{au}'></audio></figure>")
        body.append("</div>")
    page = ("<!doctype html><html><head><meta charset='utf-8'><title>percepnet quality report</title>"
            "<style>body{font-family:sans-serif;margin:2em}figure{display:inline-block;margin:.5em}img{display:block}</style>"
            "</head><body>" + "\n".join(body) + "</body></html>\n")
    table.write_atomic(os.path.join(out, "index.html"), page)
    print(f"report: {os.path.join(out, 'report.md')} and {os.path.join(out, 'index.html')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
