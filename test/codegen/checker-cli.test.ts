// The command line as a user runs it: `node bin/percepnet.mjs check|codegen …` in a child process.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(".");
const CLI = path.join(ROOT, "bin/percepnet.mjs");
const THREE = "test/fixtures/subset/reject/multi/three-violations.ts";
const CLEAN = "test/fixtures/subset/reject/multi/clean.ts";
const DIAGNOSTIC = /^(.+):(\d+):(\d+): error (PN\d{4}): (.+) — (.+)$/;

function percepnet(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("percepnet CLI: check and codegen", function () {
  let tmp: string;
  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pn-cli-"));
  });
  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("check on a file with three violations prints three file:line:col diagnostics and exits 1", function () {
    const r = percepnet("check", THREE);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const lines = (r.stdout + r.stderr).split("\n").filter((l) => DIAGNOSTIC.test(l));
    assert.equal(lines.length, 3, r.stdout + r.stderr);
    const parsed = lines.map((l) => DIAGNOSTIC.exec(l)!);
    assert.deepEqual(
      parsed.map((m) => [m[1], Number(m[2]), Number(m[3]), m[4]]),
      [
        [THREE, 4, 27, "PN1002"],
        [THREE, 5, 23, "PN1106"],
        [THREE, 6, 8, "PN1126"],
      ],
    );
    // Every line says what is wrong and what to write instead, around the dash.
    for (const m of parsed) assert.ok(m[5].length > 0 && m[6].length > 0, m[0]);
  });

  it("check on a folder checks every file in it and reports paths relative to the working directory", function () {
    const r = percepnet("check", path.dirname(THREE));
    assert.equal(r.status, 1);
    const files = new Set(
      (r.stdout + r.stderr)
        .split("\n")
        .map((l) => DIAGNOSTIC.exec(l)?.[1])
        .filter((f): f is string => f !== undefined),
    );
    assert.deepEqual([...files], [THREE]);
  });

  it("check on a clean file exits 0 and prints no diagnostic", function () {
    const r = percepnet("check", CLEAN);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(!/error PN\d{4}/.test(r.stdout + r.stderr), r.stdout + r.stderr);
  });

  it("codegen on a bad file writes nothing and exits 1", function () {
    const out = path.join(tmp, "bad-out");
    const r = percepnet("codegen", "--out", out, THREE);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal((r.stdout + r.stderr).split("\n").filter((l) => DIAGNOSTIC.test(l)).length, 3);
    assert.equal(fs.existsSync(out), false, "the output folder exists after a failed codegen");
    // No temporary folder is left behind either.
    assert.deepEqual(fs.readdirSync(tmp), []);
  });

  it("codegen on a good file writes js/ and c/", function () {
    const out = path.join(tmp, "good-out");
    const r = percepnet("codegen", "--out", out, CLEAN);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const js = fs.readdirSync(path.join(out, "js")).sort();
    const c = fs.readdirSync(path.join(out, "c")).sort();
    assert.deepEqual(js, ["clean.mjs", "prelude.mjs"]);
    assert.deepEqual(c, ["clean.c", "clean.h"]);
    assert.match(fs.readFileSync(path.join(out, "c/clean.c"), "utf8"), /float pn_rms\(const float \*xs, int32_t n\)/);
    assert.match(fs.readFileSync(path.join(out, "js/clean.mjs"), "utf8"), /export function rms\(xs, n\)/);
  });

  it("codegen over an existing output folder replaces it only when the input is good", function () {
    const out = path.join(tmp, "kept-out");
    assert.equal(percepnet("codegen", "--out", out, CLEAN).status, 0);
    const before = fs.readFileSync(path.join(out, "c/clean.c"), "utf8");
    assert.equal(percepnet("codegen", "--out", out, THREE).status, 1);
    assert.equal(fs.readFileSync(path.join(out, "c/clean.c"), "utf8"), before, "a failed codegen touched the previous output");
  });
});
