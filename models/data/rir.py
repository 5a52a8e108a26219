"""Room impulse responses for a shoebox room: image method for the early part, statistical tail.

The early part (direct path and every image source arriving within `t_image` seconds, 80 ms by
default) is the image method of Allen & Berkley (1979): each image's delay is placed with a windowed
sinc (fractional delay), attenuated by 1/(4 pi r) and by the wall reflection coefficients raised to
the number of reflections. Wall absorption comes from the requested RT60 by Sabine's formula, the
same for every wall. Past `t_image` the response is Gaussian noise under an exp(-6.9 t / RT60)
envelope whose energy continues the image part's (the image method's late part needs millions of
images and has the same statistics).
"""
from __future__ import annotations

import numpy as np

C = 343.0  # speed of sound, m/s


def sabine_beta(room: np.ndarray, rt60: float) -> float:
    lx, ly, lz = room
    vol = lx * ly * lz
    surf = 2 * (lx * ly + lx * lz + ly * lz)
    alpha = min(0.999, 0.161 * vol / (surf * rt60))
    return float(np.sqrt(1.0 - alpha))


def image_rir(room, src, mic, rt60: float, fs: int = 48000, t_image: float = 0.08,
              rng: np.random.Generator | None = None, taps: int = 33) -> np.ndarray:
    room = np.asarray(room, float)
    src = np.asarray(src, float)
    mic = np.asarray(mic, float)
    rng = rng or np.random.default_rng(0)
    beta = sabine_beta(room, rt60)
    length = int(fs * max(rt60 * 1.2, t_image + 0.02))
    h = np.zeros(length + taps)
    d_direct = float(np.linalg.norm(src - mic))
    t_max = t_image + d_direct / C
    nmax = [int(np.ceil(C * t_max / (2 * L))) + 1 for L in room]
    # image coordinates per axis: x = 2 n L + (1 - 2 q) s, reflections |n - q| + |n|
    coords, refl = [], []
    for ax in range(3):
        n = np.arange(-nmax[ax], nmax[ax] + 1)
        c_list, r_list = [], []
        for q in (0, 1):
            c_list.append(2 * n * room[ax] + (1 - 2 * q) * src[ax] - mic[ax])
            r_list.append(np.abs(n - q) + np.abs(n))
        coords.append(np.concatenate(c_list))
        refl.append(np.concatenate(r_list))
    dx, dy, dz = np.meshgrid(coords[0], coords[1], coords[2], indexing="ij", sparse=True)
    rx, ry, rz = np.meshgrid(refl[0], refl[1], refl[2], indexing="ij", sparse=True)
    dist = np.sqrt(dx ** 2 + dy ** 2 + dz ** 2)
    nref = rx + ry + rz
    keep = dist <= C * t_max
    dist = dist[keep]
    nref = np.broadcast_to(nref, keep.shape)[keep]
    amp = beta ** nref / (4 * np.pi * np.maximum(dist, 0.05))
    delay = dist / C * fs
    # windowed-sinc fractional delays
    half = taps // 2
    base = np.floor(delay).astype(int)
    frac = delay - base
    k = np.arange(-half, half + 1)
    t = k[None, :] - frac[:, None]
    win = 0.5 * (1 + np.cos(np.pi * t / (half + 1)))
    kern = np.sinc(t) * win * amp[:, None]
    idx = base[:, None] + k[None, :] + half
    ok = (idx >= 0) & (idx < h.size)
    np.add.at(h, idx[ok], kern[ok])
    h = h[half: half + length]
    # statistical tail
    n0 = int(round(t_max * fs))
    if n0 < length:
        w = int(0.01 * fs)
        e_ref = np.mean(h[max(0, n0 - w): n0] ** 2) if n0 > 0 else 0.0
        tt = np.arange(length - n0) / fs
        env = np.exp(-6.9078 * tt / rt60)
        tail = rng.standard_normal(length - n0) * env
        h[n0:] += tail * np.sqrt(e_ref)
    return h


def random_room(rng: np.random.Generator, fs: int = 48000) -> tuple[np.ndarray, dict]:
    """A random small-to-medium room, source and mic at least 0.5 m from the walls."""
    room = np.array([rng.uniform(3, 10), rng.uniform(3, 8), rng.uniform(2.5, 4)])
    rt60 = float(rng.uniform(0.2, 1.0))

    def pos():
        return np.array([rng.uniform(0.5, L - 0.5) for L in room])

    src, mic = pos(), pos()
    h = image_rir(room, src, mic, rt60, fs, rng=rng)
    d = float(np.linalg.norm(src - mic))
    meta = {"room_m": [round(float(v), 3) for v in room], "rt60_s": round(rt60, 3),
            "src_m": [round(float(v), 3) for v in src], "mic_m": [round(float(v), 3) for v in mic],
            "distance_m": round(d, 3), "direct_sample": int(round(d / C * fs))}
    return h, meta


def split_early(h: np.ndarray, direct_sample: int, fs: int = 48000, early_ms: float = 50.0) -> np.ndarray:
    """The direct path and early reflections (up to `early_ms` after the direct sound), faded out."""
    n = direct_sample + int(early_ms * fs / 1000)
    e = h.copy()
    fade = int(0.005 * fs)
    if n < e.size:
        e[n: n + fade] *= np.linspace(1, 0, min(fade, e.size - n))
        e[n + fade:] = 0
    return e
