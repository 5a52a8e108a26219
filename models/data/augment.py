"""The rich training mixture (issue 15): what real recordings do that the first mixer did not.

One pair = `make_rich_pair(manifest, split, seconds, seed, index, opts)`, seeded per (seed, index) so
any pair can be remade alone. Against `mix.make_pair` it adds:
  - continuous speech first: with probability `continuous_prob` the speaker's utterances come from
    Tux Paint's spoken sentences only (the other packages are isolated words and syllables);
  - wide levels: speech active level uniform in `level` (default -45..-3 dBFS), utterances ±6 dB;
  - SNR uniform in `snr` (default -5..30 dB);
  - up to two noises at once (the second -12..+3 dB against the first), and babble: 3-7 other
    *training* speakers summed;
  - mic / EQ colouring: random low and high shelves (±9 dB) on the speech (the target keeps it: a
    suppressor must not undo the microphone) and, independently, on the noise;
  - band-limiting of the whole pair, most often to 8 kHz by a real 16 kHz round trip (resample_poly),
    what a wideband recording upsampled to 48 kHz looks like;
  - reverberation (image-method room, target = direct path + first 50 ms), clipping.
"""
from __future__ import annotations

import os

from fractions import Fraction

import numpy as np
from scipy import signal

from . import audio, rir
from .fetch import CACHE
from .mix import GENERATED, generate_noise, mix_at_snr, pool, clip

FS = audio.FS
_audio: dict[str, tuple[np.ndarray, float]] = {}
_pools: dict[tuple[int, str, str], list[dict]] = {}


def entry_audio(e: dict) -> tuple[np.ndarray, float]:
    """The file as float32 and its active RMS, cached for the process (the train split is ~1.8 GB)."""
    if e["id"] not in _audio:
        x = audio.load48(os.path.join(CACHE, e["audio48"])).astype(np.float32)
        _audio[e["id"]] = (x, audio.active_rms(x))
    return _audio[e["id"]]


def cached_pool(manifest: dict, kind: str, split: str) -> list[dict]:
    key = (id(manifest), kind, split)
    if key not in _pools:
        _pools[key] = pool(manifest, kind, split)
    return _pools[key]


def require_speech(manifest: dict, split: str, tool: str) -> None:
    """One clear line, not a traceback from an empty draw, when a tier has no speech in the split."""
    if not cached_pool(manifest, "speech", split):
        raise SystemExit(f"{tool}: no {split}-split speech in the {manifest.get('tier', '?')} tier's manifest "
                         "(the full tier has it: python -m models.data.fetch --tier full)")


def noise_run(entries: list[dict], n: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """`n` samples of one noise file from a random offset, looped with a 50 ms crossfade."""
    e = entries[int(rng.integers(len(entries)))]
    x, _ = entry_audio(e)
    start = int(rng.integers(0, max(1, len(x))))
    out = np.empty(n, dtype=np.float64)
    pos, at, fade = 0, start, int(0.05 * FS)
    while pos < n:
        m = min(len(x) - at, n - pos)
        out[pos: pos + m] = x[at: at + m]
        pos += m
        at = 0
        if pos < n and pos >= fade and len(x) > 2 * fade:  # crossfade the loop point
            ramp = np.linspace(0, 1, fade)
            out[pos - fade: pos] = out[pos - fade: pos] * (1 - ramp) + x[:fade] * ramp
            at = fade
    return out, {"id": e["id"], "category": e["category"], "offset": start}

DEFAULTS = {
    "snr": (-5.0, 30.0),
    "level": (-45.0, -3.0),
    "continuous_prob": 0.7,
    "reverb_prob": 0.3,
    "second_noise_prob": 0.3,
    "babble_prob": 0.12,
    "generated_prob": 0.12,
    "speech_eq_prob": 0.5,
    "noise_eq_prob": 0.5,
    "bandlimit_prob": 0.3,
    "clip_prob": 0.04,
    # a real noise file played 0.5-2x as fast (pitch and tempo together): new noise kinds from the
    # 70 training files (a river becomes a rumble or a hiss); 0 keeps the rich/1 recipe's mixtures
    "noise_speed_prob": 0.0,
}
SPEEDS = (0.5, 2.0)
# band limits drawn when a pair is band-limited: 8 kHz (16 kHz audio upsampled) most often
BANDLIMITS = ((8000, 0.45), (4000, 0.1), (6000, 0.1), (11025, 0.1), (12000, 0.1), (16000, 0.15))
CONTINUOUS_PACKAGE = "tuxpaint-stamps-default"


def shelf_sos(kind: str, fc: float, gain_db: float) -> np.ndarray:
    """RBJ cookbook low or high shelf (slope 1) as one second-order section."""
    a = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * fc / FS
    alpha = np.sin(w0) / 2 * np.sqrt(2)
    c = np.cos(w0)
    sa = 2 * np.sqrt(a) * alpha
    if kind == "low":
        b = [a * ((a + 1) - (a - 1) * c + sa), 2 * a * ((a - 1) - (a + 1) * c), a * ((a + 1) - (a - 1) * c - sa)]
        d = [(a + 1) + (a - 1) * c + sa, -2 * ((a - 1) + (a + 1) * c), (a + 1) + (a - 1) * c - sa]
    else:
        b = [a * ((a + 1) + (a - 1) * c + sa), -2 * a * ((a - 1) + (a + 1) * c), a * ((a + 1) + (a - 1) * c - sa)]
        d = [(a + 1) - (a - 1) * c + sa, 2 * ((a - 1) - (a + 1) * c), (a + 1) - (a - 1) * c - sa]
    return np.array([[b[0] / d[0], b[1] / d[0], b[2] / d[0], 1.0, d[1] / d[0], d[2] / d[0]]])


def random_eq(rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    lo_fc, lo_g = float(rng.uniform(80, 600)), float(rng.uniform(-9, 9))
    hi_fc, hi_g = float(rng.uniform(2000, 10000)), float(rng.uniform(-9, 9))
    sos = np.vstack([shelf_sos("low", lo_fc, lo_g), shelf_sos("high", hi_fc, hi_g)])
    return sos, {"low_hz": round(lo_fc), "low_db": round(lo_g, 2), "high_hz": round(hi_fc), "high_db": round(hi_g, 2)}


def bandlimit(x: np.ndarray, fc: int) -> np.ndarray:
    if fc == 8000:  # a real 16 kHz round trip (the anti-alias filter of resample_poly)
        return signal.resample_poly(signal.resample_poly(x, 1, 3), 3, 1)[: len(x)]
    sos = signal.butter(8, fc, btype="low", fs=FS, output="sos")
    return signal.sosfiltfilt(sos, x)


_speakers: dict[int, tuple[dict, dict]] = {}


def speakers_of(entries: list[dict]) -> tuple[dict, dict]:
    """{speaker: utterances} over all the pool's packages, and over Tux Paint's sentences only."""
    if id(entries) not in _speakers:
        by_all: dict = {}
        by_cont: dict = {}
        for e in entries:
            by_all.setdefault(e["speaker"], []).append(e)
            if e["package"] == CONTINUOUS_PACKAGE:
                by_cont.setdefault(e["speaker"], []).append(e)
        _speakers[id(entries)] = (by_all, by_cont)
    return _speakers[id(entries)]


def speech_run(entries: list[dict], n: int, rng: np.random.Generator, continuous_prob: float) -> tuple[np.ndarray, list[dict]]:
    """`n` samples of one speaker: utterances in random order at about one level (±6 dB), 50-400 ms
    apart. With probability `continuous_prob` only that speaker's Tux Paint sentences are drawn."""
    by_all, by_cont = speakers_of(entries)
    by = by_cont if by_cont and rng.random() < continuous_prob else by_all
    speakers = sorted(by)
    mine = by[speakers[int(rng.integers(len(speakers)))]]
    out = np.zeros(n)
    pos = int(rng.integers(0, int(0.3 * FS)))
    used = []
    while pos < n:
        e = mine[int(rng.integers(len(mine)))]
        x, rms = entry_audio(e)
        if len(x) > n and rng.random() < 0.7:  # a long sentence: start somewhere inside it
            x = x[int(rng.integers(0, len(x) - n // 2)):]
        x = x * (10 ** ((-26 + rng.uniform(-6, 6)) / 20) / max(rms, 1e-9))
        m = min(len(x), n - pos)
        out[pos: pos + m] = x[:m]
        used.append({"id": e["id"], "start": pos, "samples": int(m)})
        pos += m + int(rng.uniform(0.05, 0.4) * FS)
    return out, used


def unit(x: np.ndarray) -> np.ndarray:
    return x / (np.sqrt(np.mean(x ** 2)) + 1e-12)


def babble(entries: list[dict], n: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    k = int(rng.integers(3, 8))
    x = np.zeros(n)
    ids = []
    for _ in range(k):
        s, used = speech_run(entries, n, rng, 0.5)
        x += unit(s) * 10 ** (rng.uniform(-4, 4) / 20)
        ids += [u["id"] for u in used[:1]]
    return unit(x), {"babble": k, "first_utterances": ids}


def speed_noise_run(noise_pool: list[dict], n: int, rng: np.random.Generator, speed: float) -> tuple[np.ndarray, dict]:
    """`n` samples of a noise file played `speed` times as fast: n * speed samples resampled to n."""
    frac = Fraction(speed).limit_denominator(48)
    m = -(-n * frac.numerator // frac.denominator) + 64
    v, meta = noise_run(noise_pool, m, rng)
    out = signal.resample_poly(v, frac.denominator, frac.numerator)[:n]
    meta["speed"] = round(frac.numerator / frac.denominator, 4)
    return out, meta


def one_noise(speech_pool: list[dict], noise_pool: list[dict], n: int, rng: np.random.Generator, opts: dict,
              srng: np.random.Generator | None = None) -> tuple[np.ndarray, dict]:
    """One noise: babble, generated or a real file. `srng` draws the speed change apart from `rng`, so a
    recipe with and without it gives the same speech, levels and noise files (a matched ablation)."""
    u = rng.random()
    if u < opts["babble_prob"]:
        return babble(speech_pool, n, rng)
    if not noise_pool or u < opts["babble_prob"] + opts["generated_prob"]:
        kind = GENERATED[int(rng.integers(len(GENERATED)))]
        return generate_noise(kind, n, rng)
    speed = None
    if srng is not None:
        p, f = srng.random(), float(np.exp(srng.uniform(np.log(SPEEDS[0]), np.log(SPEEDS[1]))))
        speed = f if p < opts.get("noise_speed_prob", 0.0) else None
    v, meta = speed_noise_run(noise_pool, n, rng, speed) if speed else noise_run(noise_pool, n, rng)
    return unit(v), meta


def make_rich_pair(manifest: dict, split: str, seconds: float, seed: int, index: int, opts: dict | None = None
                   ) -> tuple[np.ndarray, np.ndarray, dict]:
    """Returns (target, noisy, meta): the clean reference the oracle aims at, and the input."""
    o = {**DEFAULTS, **(opts or {})}
    rng = np.random.default_rng([seed, index, 15])
    srng = np.random.default_rng([seed, index, 16])  # the noise speed changes only
    n = int(seconds * FS)
    sp = cached_pool(manifest, "speech", split)
    nz = cached_pool(manifest, "noise", split)
    s, used = speech_run(sp, n, rng, o["continuous_prob"])
    meta: dict = {"recipe": "rich/1", "split": split, "seed": seed, "index": index, "speech": used}
    if rng.random() < o["speech_eq_prob"]:
        sos, meta["speech_eq"] = random_eq(rng)
        s = signal.sosfilt(sos, s)
    target = s
    if rng.random() < o["reverb_prob"]:
        h, rmeta = rir.random_room(rng)
        h = h / max(np.max(np.abs(h)), 1e-12)
        d = rmeta["direct_sample"]
        early = rir.split_early(h, d)
        target = signal.fftconvolve(s, early)[d: d + n]
        s = signal.fftconvolve(s, h)[d: d + n]
        meta["reverb"] = rmeta
    v, meta["noise"] = one_noise(sp, nz, n, rng, o, srng)
    if rng.random() < o["second_noise_prob"]:
        v2, meta["noise2"] = one_noise(sp, nz, n, rng, o, srng)
        rel = float(rng.uniform(-12, 3))
        v = unit(v + v2 * 10 ** (rel / 20))
        meta["noise2"]["relative_db"] = round(rel, 2)
    if rng.random() < o["noise_eq_prob"]:
        sos, meta["noise_eq"] = random_eq(rng)
        v = signal.sosfilt(sos, v)
    snr = float(rng.uniform(*o["snr"]))
    level = float(rng.uniform(*o["level"]))
    s2, y, info = mix_at_snr(s, v, snr, level)
    target = target * 10 ** (info["gain_db"] / 20)
    meta.update(info)
    if rng.random() < o["bandlimit_prob"]:
        fcs, ps = zip(*BANDLIMITS)
        fc = int(rng.choice(fcs, p=np.array(ps) / sum(ps)))
        y, target = bandlimit(y, fc), bandlimit(target, fc)
        meta["bandlimit_hz"] = fc
    if rng.random() < o["clip_prob"]:
        ratio = float(rng.uniform(0.001, 0.03))
        y, thr = clip(y, ratio)
        meta["clip"] = {"ratio": round(ratio, 5), "threshold": round(thr, 5)}
    # int16 as the product reads it (the features see the same rounding the firmware would)
    y = np.clip(np.round(y * 32768), -32768, 32767) / 32768
    target = np.clip(np.round(target * 32768), -32768, 32767) / 32768
    return target.astype(np.float32), y.astype(np.float32), meta
