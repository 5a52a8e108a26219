// The quality report's files (report.md, index.html, tables.md, results.json) appear whole or not at
// all, as every other output of the CLI (issue 19): models.eval.table.write_atomic writes beside
// the target and renames; a failure leaves the previous file and no temporary file.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

function writeAtomic(target: string, text: string): { status: number | null; stderr: string } {
  const code = "import sys; from models.eval.table import write_atomic; write_atomic(sys.argv[1], sys.argv[2])";
  const r = spawnSync(".venv/bin/python", ["-c", code, target, text], { encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

describe("eval report files are written atomically", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-atomic-report-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("replaces an existing report file whole and leaves no temporary file", function () {
    const f = path.join(dir, "report.md");
    fs.writeFileSync(f, "old");
    assert.equal(writeAtomic(f, "new report").status, 0);
    assert.equal(fs.readFileSync(f, "utf8"), "new report");
    assert.deepEqual(fs.readdirSync(dir), ["report.md"]);
  });

  it("a failed rename keeps what was there and removes its temporary file", function () {
    const f = path.join(dir, "index.html");
    fs.mkdirSync(f); // the target is a folder: the rename fails
    fs.writeFileSync(path.join(f, "keep"), "x");
    const r = writeAtomic(f, "page");
    assert.notEqual(r.status, 0);
    assert.deepEqual(fs.readdirSync(dir), ["index.html"]);
    assert.deepEqual(fs.readdirSync(f), ["keep"]);
  });
});
