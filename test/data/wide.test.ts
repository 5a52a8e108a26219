// The wide tier (issue 15): everything of the full tier plus more real noise. The full tier's
// sources, and so manifest-full.json and the committed model's data, must not change with it.
import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { CACHE, fullManifest, pyJson, type Manifest } from "./helpers.ts";

const FULL_IDS = [
  "alsa-utils@1.2.8-1", "audio-lena@3.0.1", "gcin-voice@0~20170223-3", "onsen@0.1.1",
  "minetest-data@5.6.1+dfsg+~1.9.0mt8+dfsg-2", "tuxpaint-stamps-default@2022.06.04-1",
  "klettres-data@4:22.12.3-1", "ktuberling-data@4:22.12.3-1", "hedgewars-data@1.0.2-6", "0ad-data@0.0.26-1",
  "supertuxkart-data@1.4+dfsg-2", "redeclipse-data@1.6.0-1", "wesnoth-1.16-data@1:1.16.9-1",
];
// sha256 of the full tier's source fields (package, registry, version, kind, tiers, licence, select,
// inner_zip, small_limit) as the commit before the wide tier had them
const FULL_SHA = "f5993e3e0ba7b674acac1d17eeb26743341e77cc7dfaed64a8a5f0286476224b";

interface Tiers { full: string[]; wide: string[]; wideOwn: string[]; wideOwnKinds: string[]; fullSha: string; tiers: string[] }

function tiers(): Tiers {
  return pyJson<Tiers>(`import hashlib, json
from models.data.sources import for_tier, SOURCES, TIERS
ids = lambda ss: [f"{s.package}@{s.version}" for s in ss]
full = for_tier("full")
rows = [[s.package, s.registry, s.version, s.kind, list(s.tiers), s.licence, s.select, s.inner_zip, s.small_limit] for s in full]
own = [s for s in SOURCES if "wide" in s.tiers]
print(json.dumps({"full": ids(full), "wide": ids(for_tier("wide")), "wideOwn": ids(own), "wideOwnKinds": sorted({s.kind for s in own}),
                  "fullSha": hashlib.sha256(json.dumps(rows).encode()).hexdigest(), "tiers": list(TIERS)}))`);
}

function wideManifest(): Manifest | null {
  const p = path.join(CACHE, "manifest-wide.json");
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as Manifest) : null;
}

describe("data: wide tier", function () {
  it("the full tier's sources are unchanged, and wide = full followed by its own noise sources", function () {
    const t = tiers();
    assert.deepEqual(t.tiers, ["small", "full", "wide"]);
    assert.deepEqual(t.full, FULL_IDS);
    assert.equal(t.fullSha, FULL_SHA);
    assert.ok(t.wideOwn.length >= 1);
    assert.deepEqual(t.wide, [...FULL_IDS, ...t.wideOwn]);
    assert.deepEqual(t.wideOwnKinds, ["noise"]);
  });

  it("the wide manifest (when fetched) holds every full-tier file unchanged, and no noise category spans two splits", function () {
    const w = wideManifest();
    const f = fullManifest();
    if (!w || !f) this.skip();
    const byId = new Map(w!.files.map((e) => [e.id, e]));
    for (const e of f!.files) {
      const x = byId.get(e.id);
      assert.ok(x, e.id);
      for (const k of ["sha256", "status", "split", "category", "language", "speaker", "duration_s"] as const)
        assert.deepEqual(x![k], e[k], `${e.id}: ${k}`);
    }
    const fullPkgs = new Set(f!.sources.map((s) => s.package));
    const extra = w!.files.filter((e) => !fullPkgs.has(e.package));
    assert.equal(w!.files.length, f!.files.length + extra.length);
    assert.ok(extra.every((e) => e.kind === "noise"));
    assert.ok(extra.some((e) => e.status === "ok" && e.split === "train"));
    const splits = new Map<string, Set<string>>();
    for (const e of w!.files) {
      if (e.status !== "ok" || e.kind !== "noise") continue;
      if (!splits.has(e.category!)) splits.set(e.category!, new Set());
      splits.get(e.category!)!.add(e.split!);
    }
    for (const [c, s] of splits) assert.equal(s.size, 1, `${c}: ${[...s]}`);
  });
});
