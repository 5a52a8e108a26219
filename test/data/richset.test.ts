// models.data.richset: the scored WAV sets that pick between training runs. --opt sets the recipe's
// options as rich_features --opt does (the hard-like validation set turns reverb, EQ, babble... off),
// and a tier without the split's speech is one clear line, not a traceback.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PY, REPO, smallManifest } from "./helpers.ts";

function richset(args: string[]): { rc: number; stderr: string } {
  try {
    execFileSync(PY, ["-m", "models.data.richset", ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 120_000 });
    return { rc: 0, stderr: "" };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { rc: err.status, stderr: err.stderr };
  }
}

describe("richset: scored rich mixtures with recipe options", function () {
  this.timeout(180_000);
  let dir = "";
  before(function () {
    smallManifest();
    dir = mkdtempSync(path.join(tmpdir(), "richset-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("--opt reverb_prob=0 --opt bandlimit_prob=1 makes every pair dry and band-limited, and the index records the options", function () {
    const out = path.join(dir, "set");
    const r = richset([out, "--tier", "small", "--split", "test", "--snrs", "0", "5", "--per-snr", "2", "--seconds", "2",
      "--opt", "reverb_prob=0", "--opt", "bandlimit_prob=1"]);
    assert.equal(r.rc, 0, r.stderr);
    const index = JSON.parse(readFileSync(path.join(out, "index.json"), "utf8"));
    assert.equal(index.pairs.length, 4);
    for (const p of index.pairs) {
      assert.equal(p.reverb, false, p.id);
      assert.ok(typeof p.band_hz === "number", `${p.id}: not band-limited`);
      assert.ok(existsSync(path.join(out, `${p.id}_noisy.wav`)));
    }
    assert.deepEqual(index.opts, ["reverb_prob=0", "bandlimit_prob=1"]);
  });

  it("an unknown option or a probability out of range is one line naming it, and nothing is written", function () {
    for (const opt of ["reverb=1", "reverb_prob=2"]) {
      const out = path.join(dir, `bad-${opt}`);
      const r = richset([out, "--tier", "small", "--split", "test", "--opt", opt]);
      assert.equal(r.rc, 1);
      assert.match(r.stderr.trim(), new RegExp(`^richset: --opt ${opt}: `));
      assert.equal(r.stderr.trim().split("\n").length, 1);
      assert.ok(!existsSync(out));
    }
  });

  it("a split with no speech in the tier (the small tier's val) is one line saying where it is, and nothing is written", function () {
    const out = path.join(dir, "val");
    const r = richset([out, "--tier", "small", "--split", "val"]);
    assert.equal(r.rc, 1);
    assert.match(r.stderr.trim(), /^richset: no val-split speech in the small tier's manifest/);
    assert.ok(!existsSync(out));
  });
});
