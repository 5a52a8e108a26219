// The data tool's measurement cache: a rerun of `models.data.fetch` reuses a file's cached
// measurements only while their verdict agrees with its source's known_bad rule today, so a rule
// added (or removed) in sources.py takes effect without bumping MEASURE_VERSION.
import * as assert from "node:assert/strict";
import { pyJson, smallManifest } from "./helpers.ts";

describe("data fetch cache", function () {
  it("drops a cached 'ok' file that a new known_bad rule names, and remeasures one a removed rule named", function () {
    const got = pyJson<Record<string, boolean>>(`
import json
from models.data.fetch import cached_verdict_holds as h
ok = {"status": "ok", "drop_reason": None}
ruled = {"status": "dropped", "drop_reason": "music (war drums)"}
short = {"status": "dropped", "drop_reason": "shorter than 0.5 s"}
clip = {"status": "dropped", "drop_reason": "clipped (0.20% of samples at full scale)"}
print(json.dumps({
  "ok, no rule": h(ok, None),
  "ok, new rule": h(ok, "music (war drums)"),
  "ruled, same rule": h(ruled, "music (war drums)"),
  "ruled, rule changed": h(ruled, "synthetic noise, not speech"),
  "ruled, rule removed": h(ruled, None),
  "filtered, no rule": h(short, None) and h(clip, None),
  "filtered, new rule": h(short, "music (war drums)"),
}))`);
    assert.deepEqual(got, {
      "ok, no rule": true,
      "ok, new rule": false,
      "ruled, same rule": true,
      "ruled, rule changed": false,
      "ruled, rule removed": false,
      "filtered, no rule": true,
      "filtered, new rule": false,
    });
  });

  it("every entry of the small tier's manifest agrees with today's rules (a rerun remeasures nothing)", function () {
    const m = smallManifest();
    const stale = pyJson<string[]>(`
import json
from models.data.fetch import cached_verdict_holds
from models.data.sources import for_tier
m = json.load(open(".cache/data/manifest-small.json"))
src = {s.package: s for s in for_tier("small")}
print(json.dumps([e["id"] for e in m["files"] if not cached_verdict_holds(e, src[e["package"]].known_bad(e["path"]))]))`);
    assert.ok(m.files.length > 0);
    assert.deepEqual(stale, []);
  });
});
