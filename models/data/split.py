"""Speaker-disjoint train/val/test assignment.

Speech: by *language across all packages*. Each language in the KDE and Tux Paint packages seems to
be one volunteer, who may have recorded it for several packages, so a language is never split.
Test languages: en (alsa-utils, audio-lena, and every other package's English), zh (gcin-voice),
ro and uk. Validation: lt. Everything else trains. Synthetic speech is never in val or test.

Noise: by whole category (a file's stem without its numbering, per package), so segments or
variants of one recording never sit on both sides. The small tier's categories are fixed by name;
the rest fall into buckets by a hash of the category.
"""
from __future__ import annotations

import hashlib

TEST_LANGS = frozenset({"en", "zh", "ro", "uk"})
VAL_LANGS = frozenset({"lt"})

NOISE_FIXED = {
    "onsen:water": "test",
    "minetest:fire_fire": "test",
    "minetest:fire_large": "test",
    "minetest:fire_small": "test",
    "minetest:default_furnace_active": "test",
    "minetest:env_sounds_water": "train",
    "minetest:env_sounds_lava": "train",
}


def speech_split(language: str | None, synthetic: bool = False) -> str:
    if synthetic:
        return "train"
    if language is None:
        return "unused"
    if language in TEST_LANGS:
        return "test"
    if language in VAL_LANGS:
        return "val"
    return "train"


def noise_split(category: str | None) -> str:
    if category is None:
        return "unused"
    if category in NOISE_FIXED:
        return NOISE_FIXED[category]
    b = int(hashlib.sha256(("percepnet-noise-split:" + category).encode()).hexdigest(), 16) % 10
    return "test" if b < 2 else "val" if b == 2 else "train"


def assign(entry: dict) -> str:
    if entry["kind"] == "speech":
        return speech_split(entry.get("language"), entry.get("synthetic", False))
    return noise_split(entry.get("category"))


def check(entries: list[dict]) -> list[str]:
    """Problems with a split: a language or noise category in more than one split, synthetic in test."""
    problems = []
    seen: dict[tuple[str, str], set[str]] = {}
    for e in entries:
        if e.get("status") != "ok" or e.get("split") in (None, "unused"):
            continue
        key = ("lang", e["language"]) if e["kind"] == "speech" else ("noise", e["category"])
        seen.setdefault(key, set()).add(e["split"])
        if e.get("synthetic") and e["split"] in ("val", "test"):
            problems.append(f"synthetic speech {e['path']} in {e['split']}")
    for key, splits in sorted(seen.items()):
        if len(splits) > 1:
            problems.append(f"{key[0]} '{key[1]}' is in {sorted(splits)}")
    return problems
