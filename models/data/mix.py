"""Mix speech and noise at a given SNR and level, with augmentations, from the manifest's files.

    python -m models.data.mix --tier full --split train --count 2000 --seconds 4 --seed 1 --out DIR

Writes DIR/<id>_clean.wav and DIR/<id>_noisy.wav (48 kHz mono 16-bit PCM), DIR/<id>.json (how the
pair was made) and DIR/index.json. Everything random comes from one seeded generator per pair
(seed, index), so a pair can be remade alone.

SNR definition: 10 log10(sum s^2 / sum n^2) over the whole pair, s the speech as it is in the noisy
signal (reverberant if reverb is on), n the noise as added (after scaling).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
from scipy import signal

from . import audio, rir
from .fetch import CACHE

FS = audio.FS
GENERATED = ("white", "pink", "brown", "hum")
# --generators extended: noise classes the real recordings lack (docs/data.md: little household,
# office, machinery or vehicle-cabin noise): machinery rumble, impulsive crackle, resonant roar.
EXTENDED = GENERATED + ("rumble", "crackle", "roar")


# ---- generated noise -------------------------------------------------------------------------

def _shaped(n: int, rng: np.random.Generator, exponent: float) -> np.ndarray:
    """Gaussian noise with power spectrum ~ 1/f^exponent (0 white, 1 pink, 2 brown), 20 Hz floor."""
    w = rng.standard_normal(n)
    if exponent == 0:
        return w
    spec = np.fft.rfft(w)
    f = np.fft.rfftfreq(n, 1 / FS)
    spec *= 1.0 / np.maximum(f, 20.0) ** (exponent / 2)
    return np.fft.irfft(spec, n)


def _slow_am(n: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """1 + depth sin(2 pi f t): the slow swell of machinery, wind or traffic (0.1-3 Hz, depth 0-0.6)."""
    f, depth = float(rng.uniform(0.1, 3.0)), float(rng.uniform(0.0, 0.6))
    t = np.arange(n) / FS
    return 1 + depth * np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)), {"am_hz": round(f, 3), "am_depth": round(depth, 3)}


def _rumble(n: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Machinery, HVAC, engine or vehicle cabin: brown noise low-passed at 150-1500 Hz, the firing
    harmonics of a 20-120 Hz fundamental that wanders 1 %, slowly swelling."""
    fc = float(np.exp(rng.uniform(np.log(150), np.log(1500))))
    sos = signal.butter(2, fc, "low", fs=FS, output="sos")
    x = signal.sosfilt(sos, _shaped(n, rng, 2))
    x /= np.sqrt(np.mean(x ** 2)) + 1e-12
    f0 = float(rng.uniform(20, 120))
    t = np.arange(n) / FS
    drift = 1 + 0.01 * np.sin(2 * np.pi * rng.uniform(0.05, 0.5) * t)
    phase = 2 * np.pi * f0 * np.cumsum(drift) / FS
    tones = sum(h ** -1.0 * np.sin(h * phase + rng.uniform(0, 2 * np.pi)) for h in range(1, int(rng.integers(2, 12))))
    tone_db = float(rng.uniform(-20, 0))
    x = x + 10 ** (tone_db / 20) * tones / (np.sqrt(np.mean(tones ** 2)) + 1e-12)
    am, m = _slow_am(n, rng)
    return x * am, {"lowpass_hz": round(fc), "f0_hz": round(f0, 2), "tone_db": round(tone_db, 1), **m}


def _crackle(n: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Fire, frying, keyboard, rain on a surface, paper: Poisson clicks (5-300 per second), each a
    0.3-8 ms decaying burst of band-passed noise at a log-normal level, over a pink bed 10-35 dB down."""
    rate = float(np.exp(rng.uniform(np.log(5), np.log(300))))
    k = rng.poisson(rate * n / FS)
    x = np.zeros(n)
    pos = rng.integers(0, n, k)
    amp = np.exp(rng.normal(0, 1.0, k))
    tau = rng.uniform(0.0003, 0.008, k) * FS
    lo = float(np.exp(rng.uniform(np.log(200), np.log(3000))))
    hi = min(float(lo * np.exp(rng.uniform(np.log(2), np.log(20)))), 20000.0)
    burst = signal.sosfilt(signal.butter(2, [lo, hi], "band", fs=FS, output="sos"),
                           rng.standard_normal(int(8 * tau.max(initial=0.0)) + 8))  # no clicks: a short clip at a low rate
    for p, a, tt in zip(pos, amp, tau):
        m = min(int(6 * tt) + 1, n - p)
        off = int(rng.integers(0, len(burst) - m + 1)) if len(burst) > m else 0
        x[p:p + m] += a * burst[off:off + m] * np.exp(-np.arange(m) / tt)
    x /= np.sqrt(np.mean(x ** 2)) + 1e-12
    bed_db = float(rng.uniform(-35, -10))
    return x + 10 ** (bed_db / 20) * _shaped(n, rng, 1) / 1.0, {"clicks_per_s": round(rate, 1), "band_hz": [round(lo), round(hi)], "bed_db": round(bed_db, 1)}


def _roar(n: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Jet, fan, vacuum cleaner, hair dryer, wind, waterfall: pink noise through a resonance at
    300-5000 Hz (Q 0.5-4) over a pink floor, slowly swelling."""
    fc = float(np.exp(rng.uniform(np.log(300), np.log(5000))))
    q = float(rng.uniform(0.5, 4.0))
    b, a = signal.iirpeak(fc, q, fs=FS)
    p = _shaped(n, rng, 1)
    x = signal.lfilter(b, a, p)
    x /= np.sqrt(np.mean(x ** 2)) + 1e-12
    floor_db = float(rng.uniform(-20, -3))
    x = x + 10 ** (floor_db / 20) * p / (np.sqrt(np.mean(p ** 2)) + 1e-12)
    am, m = _slow_am(n, rng)
    return x * am, {"peak_hz": round(fc), "q": round(q, 2), "floor_db": round(floor_db, 1), **m}


def generate_noise(kind: str, n: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    meta: dict = {"generated": kind}
    if kind == "white":
        x = _shaped(n, rng, 0)
    elif kind == "pink":
        x = _shaped(n, rng, 1)
    elif kind == "brown":
        x = _shaped(n, rng, 2)
    elif kind == "hum":
        f0 = float(rng.choice([50.0, 60.0])) * float(rng.uniform(0.995, 1.005))
        nh = int(rng.integers(5, 30))
        t = np.arange(n) / FS
        x = np.zeros(n)
        tilt = rng.uniform(0.5, 1.5)
        for h in range(1, nh + 1):
            a = h ** -tilt * (2.0 if h % 2 else rng.uniform(0.2, 1.0))  # odd harmonics dominate (buzz)
            x += a * np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 2 * np.pi))
        x += 10 ** (rng.uniform(-50, -30) / 20) * rng.standard_normal(n) * np.sqrt(np.mean(x ** 2))
        meta.update(f0_hz=round(f0, 3), harmonics=nh)
    elif kind == "rumble":
        x, extra = _rumble(n, rng)
        meta.update(extra)
    elif kind == "crackle":
        x, extra = _crackle(n, rng)
        meta.update(extra)
    elif kind == "roar":
        x, extra = _roar(n, rng)
        meta.update(extra)
    else:
        raise ValueError(kind)
    x = x - x.mean()
    return x / (np.sqrt(np.mean(x ** 2)) + 1e-12), meta


# ---- core mixing -----------------------------------------------------------------------------

def snr_db(speech: np.ndarray, noise: np.ndarray) -> float:
    return 10 * np.log10(np.sum(speech ** 2) / max(np.sum(noise ** 2), 1e-30))


def mix_at_snr(speech: np.ndarray, noise: np.ndarray, snr: float, level_dbfs: float | None = None,
               level_of: str = "speech", peak: float = 0.99) -> tuple[np.ndarray, np.ndarray, dict]:
    """Scale `noise` so that the pair's SNR is `snr` dB, then scale both so that the active level of
    the speech (or of the mixture) is `level_dbfs`, lowered if needed so the mixture's peak stays
    below `peak`. Returns (speech, noisy, info); noisy = speech + noise exactly, before any clipping.
    """
    n = min(len(speech), len(noise))
    s, v = speech[:n].astype(np.float64), noise[:n].astype(np.float64)
    ps, pv = np.sum(s ** 2), np.sum(v ** 2)
    if ps <= 0 or pv <= 0:
        raise ValueError("speech or noise is silent")
    v = v * np.sqrt(ps / (pv * 10 ** (snr / 10)))
    y = s + v
    g = 1.0
    if level_dbfs is not None:
        ref = audio.active_rms(s if level_of == "speech" else y)
        g = 10 ** (level_dbfs / 20) / max(ref, 1e-12)
    if np.max(np.abs(y)) * g > peak:
        g = peak / np.max(np.abs(y))
    info = {"snr_db": float(snr), "gain_db": round(20 * np.log10(g), 3),
            "speech_level_dbfs": round(20 * np.log10(max(audio.active_rms(s * g), 1e-12)), 3),
            "measured_snr_db": round(snr_db(s * g, v * g), 4)}
    return s * g, y * g, info


def bandlimit(x: np.ndarray, cutoff_hz: float) -> np.ndarray:
    sos = signal.butter(8, cutoff_hz, btype="low", fs=FS, output="sos")
    return signal.sosfiltfilt(sos, x)


def clip(x: np.ndarray, ratio: float) -> tuple[np.ndarray, float]:
    """Hard-clip so that about `ratio` of the samples are clipped; returns (x, threshold)."""
    a = np.abs(x)
    thr = float(np.quantile(a, 1 - ratio)) if ratio > 0 else float(a.max())
    thr = max(thr, 1e-6)
    return np.clip(x, -thr, thr), thr


# ---- drawing material from the manifest ----------------------------------------------------------

def load_manifest(tier: str) -> dict:
    p = os.path.join(CACHE, f"manifest-{tier}.json")
    if not os.path.exists(p):
        raise SystemExit(f"no {p}: run `python -m models.data.fetch --tier {tier}` first")
    with open(p) as f:
        return json.load(f)


def pool(manifest: dict, kind: str, split: str) -> list[dict]:
    return [e for e in manifest["files"] if e["status"] == "ok" and e["kind"] == kind and e["split"] == split]


_cache: dict[str, np.ndarray] = {}


def load_entry(e: dict) -> np.ndarray:
    p = os.path.join(CACHE, e["audio48"])
    if p not in _cache:
        if len(_cache) > 512:
            _cache.clear()
        _cache[p] = audio.load48(p)
    return _cache[p]


def speech_clip(entries: list[dict], n: int, rng: np.random.Generator, target_dbfs: float = -26.0
                ) -> tuple[np.ndarray, list[dict]]:
    """`n` samples of one speaker: utterances in random order, each at about the same active level
    (±3 dB), with 50–300 ms pauses; the last one is cut at n."""
    speakers = sorted({e["speaker"] for e in entries})
    spk = speakers[int(rng.integers(len(speakers)))]
    mine = [e for e in entries if e["speaker"] == spk]
    out = np.zeros(n)
    pos = int(rng.integers(0, int(0.2 * FS)))
    used = []
    while pos < n:
        e = mine[int(rng.integers(len(mine)))]
        x = load_entry(e)
        x = x * 10 ** ((target_dbfs + rng.uniform(-3, 3)) / 20) / max(audio.active_rms(x), 1e-9)
        m = min(len(x), n - pos)
        out[pos: pos + m] = x[:m]
        used.append({"id": e["id"], "start": pos, "samples": int(m)})
        pos += m + int(rng.uniform(0.05, 0.3) * FS)
    return out, used


def noise_clip(entries: list[dict], n: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """`n` samples of one noise file from a random offset, looped with a 50 ms crossfade if short."""
    e = entries[int(rng.integers(len(entries)))]
    x = load_entry(e)
    start = int(rng.integers(0, max(1, len(x))))
    x = np.concatenate([x[start:], x[:start]])  # rotate: the recording from `start`, wrapped
    fade = int(0.05 * FS)
    out = x.copy()
    while len(out) < n:
        ramp = np.linspace(0, 1, fade)
        head = out[-fade:] * (1 - ramp) + x[:fade] * ramp
        out = np.concatenate([out[:-fade], head, x[fade:]])
    return out[:n], {"id": e["id"], "category": e["category"], "offset": start}


def make_pair(manifest: dict, split: str, seconds: float, seed: int, index: int, opts: dict) -> tuple[np.ndarray, np.ndarray, dict]:
    rng = np.random.default_rng([seed, index])
    n = int(seconds * FS)
    sp = pool(manifest, "speech", split)
    nz = pool(manifest, "noise", split)
    if not sp:
        raise SystemExit(f"no speech in split '{split}' of the {manifest['tier']} tier")
    s, used = speech_clip(sp, n, rng)
    meta: dict = {"split": split, "seed": seed, "index": index, "speech": used}
    target = s
    if rng.random() < opts["reverb_prob"]:
        h, rmeta = rir.random_room(rng)
        h = h / max(np.max(np.abs(h)), 1e-12)
        early = rir.split_early(h, rmeta["direct_sample"])
        d = rmeta["direct_sample"]
        s_rev = signal.fftconvolve(s, h)[d: d + n]  # keep the direct sound aligned with the dry speech
        target = signal.fftconvolve(s, early)[d: d + n]
        s = s_rev
        meta["reverb"] = rmeta
        meta["target"] = "direct path + reflections up to 50 ms"
    if not nz or rng.random() < opts["generated_prob"]:
        kinds = EXTENDED if opts.get("generators") == "extended" else GENERATED
        kind = kinds[int(rng.integers(len(kinds)))]
        v, nmeta = generate_noise(kind, n, rng)
    else:
        v, nmeta = noise_clip(nz, n, rng)
    meta["noise"] = nmeta
    snr = float(rng.uniform(*opts["snr"]))
    level = float(rng.uniform(*opts["level"]))
    # scale so the reverberant speech sits at `level`, and the dry target by the same gain
    s2, y, info = mix_at_snr(s, v, snr, level)
    g = 10 ** (info["gain_db"] / 20)
    target = target * g
    meta.update(info)
    if rng.random() < opts["bandlimit_prob"]:
        fc = float(rng.choice([4000, 6000, 8000, 11000, 16000]))
        y, target = bandlimit(y, fc), bandlimit(target, fc)
        meta["bandlimit_hz"] = fc
    if rng.random() < opts["clip_prob"]:
        ratio = float(rng.uniform(0.001, 0.03))
        y, thr = clip(y, ratio)
        meta["clip"] = {"ratio": round(ratio, 5), "threshold": round(thr, 5)}
    return target, y, meta


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Make clean/noisy training or evaluation pairs.")
    ap.add_argument("--tier", choices=["small", "full", "wide"], default="small")
    ap.add_argument("--split", choices=["train", "val", "test"], default="train")
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--snr", type=float, nargs=2, default=[-5.0, 25.0])
    ap.add_argument("--level", type=float, nargs=2, default=[-40.0, -15.0], help="speech active level, dBFS")
    ap.add_argument("--reverb-prob", type=float, default=0.3)
    ap.add_argument("--bandlimit-prob", type=float, default=0.1)
    ap.add_argument("--clip-prob", type=float, default=0.05)
    ap.add_argument("--generated-prob", type=float, default=0.15)
    ap.add_argument("--generators", choices=["basic", "extended"], default="basic",
                    help="generated noise kinds: basic (white, pink, brown, hum) or extended (+ rumble, crackle, roar)")
    a = ap.parse_args(argv)
    m = load_manifest(a.tier)
    opts = {"snr": a.snr, "level": a.level, "reverb_prob": a.reverb_prob, "bandlimit_prob": a.bandlimit_prob,
            "clip_prob": a.clip_prob, "generated_prob": a.generated_prob}
    if a.generators != "basic":  # the basic recipe's index.json keeps its bytes
        opts["generators"] = a.generators
    os.makedirs(a.out, exist_ok=True)
    index = []
    for i in range(a.count):
        clean, noisy, meta = make_pair(m, a.split, a.seconds, a.seed, i, opts)
        pid = f"{a.split}_{a.seed}_{i:06d}"
        audio.write_wav(os.path.join(a.out, f"{pid}_clean.wav"), clean)
        audio.write_wav(os.path.join(a.out, f"{pid}_noisy.wav"), noisy)
        meta["id"] = pid
        with open(os.path.join(a.out, f"{pid}.json"), "w") as f:
            json.dump(meta, f, indent=1)
        index.append({"id": pid, "snr_db": meta["snr_db"], "noise": meta["noise"].get("category") or meta["noise"].get("generated")})
        if (i + 1) % 100 == 0:
            print(f"mix: {i + 1}/{a.count}", file=sys.stderr)
    with open(os.path.join(a.out, "index.json"), "w") as f:
        json.dump({"tier": a.tier, "split": a.split, "seed": a.seed, "seconds": a.seconds, "options": opts,
                   "data_manifest_sha256": audio.sha256_file(os.path.join(CACHE, f"manifest-{a.tier}.json")),
                   "pairs": index}, f, indent=1)
    print(f"mix: wrote {a.count} pairs to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
