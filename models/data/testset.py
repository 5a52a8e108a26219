"""The fixed test mixtures for the oracle table and the quality report.

    python -m models.data.testset OUT_DIR [--seed 2026] [--per-snr 4] [--snrs 0 5 10 15 20] [--reverb-per-snr 1]

The hard split (issue 15; full tier): continuous speech of held-out speakers, test noises never
used in training, -5..15 dB, each clip dry and reverberant:
    python -m models.data.testset .cache/hardset --tier full --continuous --snrs -5 0 5 10 15 --reverb-per-snr 7

The fixed set (scripts/setup.d/testset.sh, .cache/testset; the quality report, the oracle table):
    python -m models.data.testset .cache/testset --reverb-per-snr 1
20 dry pairs (4 clips x 0/5/10/15/20 dB) and 5 reverberant ones (one per SNR, clips rotated).

Real speech + real noise from the small tier's *test* split only (run `python -m models.data.fetch
--tier small` first; `scripts/setup.sh` does). Four speech clips, every one at every SNR:
    lena      audio-lena's 12.3 s clip (en, uncompressed 44.1 kHz)
    alsa      the 8 alsa-utils channel prompts in order, 0.3 s apart (en, uncompressed 48 kHz)
    gcin3 / gcin5  Mandarin syllables of each gcin-voice speaker, seeded order, about 10 s
Noise, rotated over the clips: onsen's water/rain, Minetest's furnace and fire loops (test-split
categories; looped with a 50 ms crossfade where shorter than the clip). Clean active speech level
-26 dBFS; the noise is scaled for the SNR (whole-clip energy ratio); the pair is turned down
together if the mixture would peak above 0.99. Deterministic: same inputs and seed, same bytes.

Reverberant pairs (--reverb: every pair; --reverb-per-snr K: K more per SNR, ids ending in _rev):
the speech goes through a seeded image-method room (RT60 0.2-1.0 s); the noisy input holds the
reverberant speech (the SNR and level refer to it), and the clean reference is the direct path plus
the reflections of the first 50 ms, aligned with the dry speech (dereverberating the late tail is
part of the task). A --reverb-per-snr pair is the reverberant twin of the dry pair with the same
SNR and clip (same noise excerpt), so the two compare directly.

Files: <id>_clean.wav, <id>_noisy.wav (48 kHz mono PCM16), <id>.json, and index.json (each pair's
entry has "reverb": true where reverberant).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

import numpy as np

from scipy import signal

from . import audio, rir
from .fetch import CACHE
from .mix import load_entry, load_manifest, mix_at_snr, noise_clip

FS = audio.FS
LEVEL_DBFS = -26.0


def _place(parts: list[np.ndarray], gap_s: float, lead_s: float = 0.2, tail_s: float = 0.2) -> np.ndarray:
    gap = np.zeros(int(gap_s * FS))
    out = [np.zeros(int(lead_s * FS))]
    for i, p in enumerate(parts):
        if i:
            out.append(gap)
        out.append(p)
    out.append(np.zeros(int(tail_s * FS)))
    return np.concatenate(out)


def _norm(x: np.ndarray, dbfs: float = LEVEL_DBFS) -> np.ndarray:
    return x * 10 ** (dbfs / 20) / max(audio.active_rms(x), 1e-12)


def speech_clips(m: dict, seed: int) -> list[tuple[str, np.ndarray, list[str]]]:
    test = [e for e in m["files"] if e["status"] == "ok" and e["kind"] == "speech" and e["split"] == "test"]
    by_pkg: dict[str, list[dict]] = {}
    for e in test:
        by_pkg.setdefault(e["package"], []).append(e)
    clips = []
    lena = by_pkg.get("audio-lena", [])
    if lena:
        clips.append(("lena", _place([load_entry(lena[0])], 0), [lena[0]["id"]]))
    alsa = sorted(by_pkg.get("alsa-utils", []), key=lambda e: e["path"])
    if alsa:
        # each prompt to the same level first: they were recorded at slightly different gains
        clips.append(("alsa", _place([_norm(load_entry(e)) for e in alsa], 0.3), [e["id"] for e in alsa]))
    gcin = by_pkg.get("gcin-voice", [])
    for spk in sorted({e["speaker"] for e in gcin}):
        mine = sorted((e for e in gcin if e["speaker"] == spk), key=lambda e: e["path"])
        rng = np.random.default_rng([seed, 7, int(spk.rsplit(":", 1)[-1])])
        order = rng.permutation(len(mine))
        parts, ids, total = [], [], 0.4
        for k in order:
            x = load_entry(mine[k])
            if total + len(x) / FS + 0.15 > 10.0:
                continue
            parts.append(_norm(x))
            ids.append(mine[k]["id"])
            total += len(x) / FS + 0.15
        clips.append((f"gcin{spk.rsplit(':', 1)[-1]}", _place(parts, 0.15), ids))
    if not clips:
        raise SystemExit("no test-split speech in the small tier manifest")
    return clips


def more_speakers(m: dict, seed: int, taken: set[str]) -> list[tuple[str, np.ndarray, list[str]]]:
    """Full tier: one ~10 s clip per other test-split speaker (seeded choice and order of utterances)."""
    test = [e for e in m["files"] if e["status"] == "ok" and e["kind"] == "speech" and e["split"] == "test"
            and e["package"] not in ("audio-lena", "alsa-utils", "gcin-voice") and e["speaker"] not in taken]
    clips = []
    for spk in sorted({e["speaker"] for e in test}):
        mine = sorted((e for e in test if e["speaker"] == spk), key=lambda e: e["id"])
        rng = np.random.default_rng([seed, 8, int.from_bytes(spk.encode()[:8].ljust(8, b"\0"), "little") % (1 << 31)])
        parts, ids, total = [], [], 0.4
        for k in rng.permutation(len(mine)):
            x = load_entry(mine[k])
            if len(x) / FS > 6.0 or total + len(x) / FS + 0.15 > 10.0:
                continue
            parts.append(_norm(x))
            ids.append(mine[k]["id"])
            total += len(x) / FS + 0.15
        if total >= 9.1:  # longer than DNSMOS's window
            name = re.sub(r"[^A-Za-z0-9]+", "-", spk).strip("-").lower()
            clips.append((name, _place(parts, 0.15), ids))
    return clips


CONTINUOUS = (("tuxpaint-stamps-default", 4), ("hedgewars-data", 2))  # (package, clips) of test-split speech


def continuous_clips(m: dict, seed: int) -> list[tuple[str, np.ndarray, list[str]]]:
    """The hard split's speech: continuous speech of held-out speakers only. Tux Paint's spoken
    sentences (Romanian, a test language) and Hedgewars' English voice lines, ~10-14 s per clip
    (whole utterances in a seeded order, 0.3 s apart), and audio-lena's English read passage."""
    test = [e for e in m["files"] if e["status"] == "ok" and e["kind"] == "speech" and e["split"] == "test"]
    clips = []
    for pkg, count in CONTINUOUS:
        mine = sorted((e for e in test if e["package"] == pkg and e["duration_s"] >= 1.0), key=lambda e: e["id"])
        if not mine:
            continue
        order = np.random.default_rng([seed, 9, len(clips)]).permutation(len(mine))
        k = 0
        for c in range(count):
            parts, ids, total = [], [], 0.4
            while total < 10.0 and k < len(order):
                e = mine[order[k]]
                k += 1
                if len(load_entry(e)) / FS > 8.0:
                    continue
                parts.append(_norm(load_entry(e)))
                ids.append(e["id"])
                total += len(load_entry(e)) / FS + 0.3
            if total >= 9.1:
                clips.append((f"{pkg.split('-')[0]}-{mine[0]['language']}{c + 1}", _place(parts, 0.3), ids))
    lena = [e for e in test if e["package"] == "audio-lena"]
    if lena:
        clips.append(("lena", _place([load_entry(lena[0])], 0), [lena[0]["id"]]))
    if not clips:
        raise SystemExit("no continuous test-split speech: the hard split needs the full tier")
    return clips


def noise_entries(m: dict) -> list[dict]:
    test = [e for e in m["files"] if e["status"] == "ok" and e["kind"] == "noise" and e["split"] == "test"]
    if not test:
        raise SystemExit("no test-split noise in the small tier manifest")
    # one file per category (the longest), in a fixed order
    best: dict[str, dict] = {}
    for e in sorted(test, key=lambda e: e["id"]):
        if e["category"] not in best or e["duration_s"] > best[e["category"]]["duration_s"]:
            best[e["category"]] = e
    return [best[c] for c in sorted(best)]


def reverberate(s: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, dict]:
    """(reverberant speech, target = direct path + 50 ms of reflections, room) aligned to the dry speech."""
    h, rmeta = rir.random_room(rng)
    h = h / max(np.max(np.abs(h)), 1e-12)
    d, n = rmeta["direct_sample"], len(s)
    wet = signal.fftconvolve(s, h)[d: d + n]
    early = signal.fftconvolve(s, rir.split_early(h, d))[d: d + n]
    return wet, early, rmeta


def _write_pair(out: str, seed: int, j: int, i: int, snr: float, clip: tuple[str, np.ndarray, list[str]],
                noises: list[dict], reverb: bool) -> dict:
    """Pair (SNR index j, clip index i): noise noises[(i + j) % n] from rng [seed, j, i]; with reverb, the
    room from rng [seed, 99, j, i]. A reverberant pair has the same speech, noise excerpt and SNR as
    the dry pair of the same (j, i): only the room differs."""
    name, s, ids = clip
    ne = noises[(i + j) % len(noises)]
    rng = np.random.default_rng([seed, j, i])
    v, nmeta = noise_clip([ne], len(s), rng)
    extra: dict = {}
    if reverb:
        wet, early, rmeta = reverberate(_norm(s), np.random.default_rng([seed, 99, j, i]))
        # the level and the SNR refer to the reverberant speech; the target gets the same gain
        wet_scaled, noisy, info = mix_at_snr(wet, v, snr, LEVEL_DBFS)
        clean = early * 10 ** (info["gain_db"] / 20)
        extra = {"reverb": rmeta, "target": "direct path + reflections up to 50 ms",
                 "note": "snr_db and speech_level_dbfs refer to the reverberant speech"}
    else:
        clean, noisy, info = mix_at_snr(_norm(s), v, snr, LEVEL_DBFS)
    ncat = ne["category"].split(":", 1)[-1].replace("_", "-")
    pid = f"snr{int(round(snr)):02d}_{name}_{ncat}" + ("_rev" if reverb else "")
    audio.write_wav(os.path.join(out, f"{pid}_clean.wav"), clean)
    audio.write_wav(os.path.join(out, f"{pid}_noisy.wav"), noisy)
    meta = {"id": pid, "speech": ids, "noise": nmeta, "seconds": round(len(clean) / FS, 4), **info, **extra}
    with open(os.path.join(out, f"{pid}.json"), "w") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
    return {"id": pid, "snr_db": snr, "speech": name, "noise": ne["category"],
            "seconds": meta["seconds"], **({"reverb": True} if reverb else {})}


def build(out: str, seed: int, snrs: list[float], per_snr: int | None, tier: str = "small",
          reverb: bool = False, reverb_per_snr: int = 0, continuous: bool = False) -> dict:
    m = load_manifest(tier)
    if continuous:
        clips = continuous_clips(m, seed)
    else:
        clips = speech_clips(m, seed)
        if tier == "full":
            clips += more_speakers(m, seed, set())
    clips = clips[: per_snr or None]
    noises = noise_entries(m)
    os.makedirs(out, exist_ok=True)
    pairs = []
    for j, snr in enumerate(snrs):
        for i, clip in enumerate(clips):
            pairs.append(_write_pair(out, seed, j, i, snr, clip, noises, reverb))
    if reverb_per_snr and not reverb:
        # a few reverberant pairs next to the dry ones: at SNR index j, clips j, j+1, ... (rotating,
        # so each SNR gets another speaker); each is the reverberant twin of a dry pair above
        for j, snr in enumerate(snrs):
            for r in range(min(reverb_per_snr, len(clips))):
                i = (j + r) % len(clips)
                pairs.append(_write_pair(out, seed, j, i, snr, clips[i], noises, True))
    index = {
        "tool": "models.data.testset", "seed": seed, "snrs": snrs, "level_dbfs": LEVEL_DBFS,
        "sample_rate": FS,
        "data_manifest_sha256": audio.sha256_file(os.path.join(CACHE, f"manifest-{tier}.json")),
        **({"tier": tier} if tier != "small" else {}), **({"reverb": True} if reverb else {}),
        **({"reverb_per_snr": reverb_per_snr} if reverb_per_snr and not reverb else {}),
        **({"split": "continuous speech of held-out speakers, test-split noises"} if continuous else {}),
        "total_seconds": round(sum(p["seconds"] for p in pairs), 3), "pairs": pairs,
    }
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
    return index


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write the fixed real-speech + real-noise test mixtures.")
    ap.add_argument("out", help="output folder")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--snrs", type=float, nargs="+", default=[0, 5, 10, 15, 20])
    ap.add_argument("--per-snr", type=int, default=None, help="use only the first N speech clips (default: all)")
    ap.add_argument("--tier", choices=["small", "full"], default="small",
                    help="full: also one clip per other test-split speaker, and all test-split noise categories")
    ap.add_argument("--reverb", action="store_true",
                    help="reverberant speech (image-method room per pair); clean = direct path + 50 ms of reflections")
    ap.add_argument("--reverb-per-snr", type=int, default=0, metavar="K",
                    help="also K reverberant pairs per SNR next to the dry ones (clips rotated over the SNRs); "
                         "the fixed set of scripts/setup.d/testset.sh uses 1")
    ap.add_argument("--continuous", action="store_true",
                    help="the hard split (full tier): continuous speech of held-out speakers only (Tux Paint ro "
                         "sentences, Hedgewars en voices, lena); use with --snrs -5 0 5 10 15 --reverb-per-snr 7")
    a = ap.parse_args(argv)
    idx = build(a.out, a.seed, a.snrs, a.per_snr, a.tier, a.reverb, a.reverb_per_snr, a.continuous)
    print(f"testset: {len(idx['pairs'])} pairs, {idx['total_seconds']:.1f} s, in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
