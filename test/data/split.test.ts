// The split is speaker-disjoint: a language never sits in two of train/val/test, across all
// packages; a noise category never sits in two splits; synthetic speech never reaches test.
import * as assert from "node:assert/strict";
import { fullManifest, pyJson, smallManifest, type Manifest } from "./helpers.ts";

function splitsBy(m: Manifest, kind: "speech" | "noise"): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of m.files) {
    if (e.status !== "ok" || e.kind !== kind) continue;
    const key = kind === "speech" ? e.language! : e.category!;
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)!.add(e.split!);
  }
  return out;
}

describe("data split", function () {
  it("no language is in more than one split in the small tier", function () {
    const langs = splitsBy(smallManifest(), "speech");
    assert.ok(langs.size >= 2);
    for (const [lang, s] of langs) assert.equal(s.size, 1, `${lang}: ${[...s]}`);
  });

  it("no noise category is in both train and test in the small tier, and both have noise", function () {
    const cats = splitsBy(smallManifest(), "noise");
    for (const [c, s] of cats) assert.equal(s.size, 1, `${c}: ${[...s]}`);
    const all = new Set([...cats.values()].flatMap((s) => [...s]));
    assert.ok(all.has("train") && all.has("test"));
  });

  it("no language is in both train and test in the full tier, and the doc's hold-outs are in test", function () {
    const f = fullManifest();
    if (!f) this.skip();
    const langs = splitsBy(f!, "speech");
    for (const [lang, s] of langs) assert.equal(s.size, 1, `${lang}: ${[...s]}`);
    for (const l of ["ro", "uk", "zh", "en"]) assert.deepEqual([...(langs.get(l) ?? [])], ["test"], l);
    assert.ok([...langs.values()].some((s) => s.has("train")));
    for (const [c, s] of splitsBy(f!, "noise")) assert.equal(s.size, 1, c);
  });

  it("synthetic speech goes to train even in a test language, real speech follows its language", function () {
    const r = pyJson<string[]>(`import json
from models.data.split import speech_split
print(json.dumps([speech_split('en', synthetic=True), speech_split('ro', synthetic=True), speech_split('en'), speech_split('fr'), speech_split('lt')]))`);
    assert.deepEqual(r, ["train", "train", "test", "train", "val"]);
  });
});
