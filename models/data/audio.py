"""Audio I/O and measurements shared by the data tool and the metrics.

Everything inside the project runs at 48 kHz mono float64 in [-1, 1]. Files on disk are read with
libsndfile (through `soundfile`: WAV, AIFF, FLAC, Ogg Vorbis and Ogg Opus).
"""
from __future__ import annotations

import hashlib
import os
from math import gcd

import numpy as np
import soundfile as sf
from scipy import signal

FS = 48000


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read(path: str) -> tuple[np.ndarray, int]:
    """Decoded samples as float64 [frames, channels] and the file's sample rate."""
    x, sr = sf.read(path, dtype="float64", always_2d=True)
    return x, int(sr)


def to_mono(x: np.ndarray) -> np.ndarray:
    return x.mean(axis=1) if x.ndim == 2 else x


def resample(x: np.ndarray, sr_in: int, sr_out: int) -> np.ndarray:
    if sr_in == sr_out:
        return x.astype(np.float64, copy=False)
    g = gcd(sr_in, sr_out)
    return signal.resample_poly(x, sr_out // g, sr_in // g).astype(np.float64)


def load48(path: str) -> np.ndarray:
    """Mono, 48 kHz, float64."""
    x, sr = read(path)
    return resample(to_mono(x), sr, FS)


def write_wav(path: str, x: np.ndarray, sr: int = FS) -> None:
    """16-bit PCM WAV, written to a temporary name and renamed, so no half-written file remains."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".part"
    sf.write(tmp, np.clip(x, -1.0, 32767 / 32768), sr, subtype="PCM_16", format="WAV")
    os.replace(tmp, path)


def clip_ratio(x: np.ndarray, thresh: float = 0.985) -> float:
    """Fraction of samples (any channel) at or beyond `thresh` of full scale.

    Decoded Vorbis overshoots slightly around a clipped run, so the threshold is a little below 1.
    """
    if x.size == 0:
        return 0.0
    return float(np.mean(np.abs(x) >= thresh))


def bandwidth_hz(x: np.ndarray, sr: int) -> float:
    """Measured audio bandwidth: the frequency of the lowest spectral *cliff* above 3 kHz.

    Lossy codecs and band-limited (upsampled or low-passed) recordings show a cliff: above the
    cut-off the long-term spectrum never comes back near its level just below it. Speech and most
    noise fall off gradually instead. On the smoothed (200 Hz) Welch spectrum, a cliff at f is
    either a sharp one (everything from f + 500 Hz up to Nyquist is 35 dB or more below f) or a
    steep one (everything from f + 3 kHz up is 45 dB or more below f, as after a high-order low-pass).
    The reported edge is the first frequency 10 dB below the level at f. Without a cliff, the
    highest frequency 10 dB above the spectrum's minimum.
    """
    x = to_mono(x)
    if x.size < 1024:
        return 0.0
    nper = 2048 if x.size >= 2048 else 1024
    f, p = signal.welch(x, fs=sr, nperseg=nper, noverlap=nper // 2, window="hann", detrend=False)
    df = f[1] - f[0]
    k = max(1, int(round(200.0 / df)))
    db = 10 * np.log10(np.convolve(p, np.ones(k) / k, mode="same") + 1e-30)
    # ignore the smoothing's edge effect in the last bins
    db = db[: len(db) - k // 2] if len(db) > k else db
    f = f[: len(db)]
    tail_max = np.maximum.accumulate(db[::-1])[::-1]
    w_sharp = max(1, int(round(500.0 / df)))
    w_steep = max(1, int(round(3000.0 / df)))
    for i in range(len(db) - w_sharp):
        if f[i] < 3000:
            continue
        sharp = db[i] - tail_max[i + w_sharp] >= 35.0
        steep = i + w_steep < len(db) and db[i] - tail_max[i + w_steep] >= 45.0
        if sharp or steep:
            j = i
            while j < len(db) - 1 and db[j] > db[i] - 10.0:
                j += 1
            return float(f[j])
    above = np.nonzero(db >= db.min() + 10)[0]
    return float(f[above[-1]]) if above.size else 0.0


def active_rms(x: np.ndarray, sr: int = FS, frame_ms: float = 20.0, rel_db: float = -40.0) -> float:
    """RMS over frames whose energy is within `rel_db` of the loudest frame (a simple active level)."""
    n = int(sr * frame_ms / 1000)
    m = len(x) // n
    if m == 0:
        return float(np.sqrt(np.mean(x ** 2))) if x.size else 0.0
    e = np.mean(x[: m * n].reshape(m, n) ** 2, axis=1)
    if e.max() <= 0:
        return 0.0
    keep = e >= e.max() * 10 ** (rel_db / 10)
    return float(np.sqrt(e[keep].mean()))


def db(x: float) -> float:
    return float(10 * np.log10(max(x, 1e-30)))
