// The checker's limits: deep nesting is a PN1136 diagnostic at file:line:col (not a JS stack
// overflow), `check` with nothing to check fails, a copy of spec/ outside the repository checks,
// and a program whose constant-folded conversions used to fail gcc -Werror=overflow compiles.
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileToDir } from "../../codegen/src/index.ts";
import { buildHost } from "../../codegen/src/host-build.ts";

const ROOT = path.resolve(".");
const CLI = path.join(ROOT, "bin/percepnet.mjs");
const PRELUDE = path.join(ROOT, "spec/prelude.ts");

function percepnet(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("checker limits and check's inputs", function () {
  this.timeout(300_000);
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pn-limits-"))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const fn = (body: string) => `import { i32 } from "${path.relative(tmp, PRELUDE).split(path.sep).join("/")}";\nexport function f(x: i32): i32 {\n${body}\n}\n`;
  const cases: [string, string][] = [
    ["1,000 nested parentheses", `  return ${"(".repeat(1000)}x${")".repeat(1000)};`],
    ["1,000 unary minus", `  return ${"- ".repeat(1000)}x;`],
    ["1,000 nested -( )", `  return ${"-(".repeat(1000)}x${")".repeat(1000)};`],
    ["1,000 nested if", `${"  if (x > 0) {\n".repeat(1000)}  x = x + 1;\n${"  }\n".repeat(1000)}  return x;`],
    ["a chain of 5,000 `+ 1`", `  return x${" + 1".repeat(5000)};`],
  ];
  for (const [what, body] of cases) {
    it(`${what}: one PN1136 diagnostic with file:line:col, for check and codegen`, function () {
      const file = path.join(tmp, "deep.ts");
      fs.writeFileSync(file, fn(body));
      for (const args of [["check", file], ["codegen", "--out", path.join(tmp, "out"), file]]) {
        const r = percepnet(args);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /deep\.ts:\d+:\d+: error PN1136: the code is nested too deeply/);
        assert.doesNotMatch(r.stderr, /RangeError|Maximum call stack|    at /);
      }
    });
  }

  it("nesting below the limit (170 parentheses, 180 unary minus, 90 nested if) is accepted", function () {
    const file = path.join(tmp, "fine.ts");
    fs.writeFileSync(file, fn(`${"  if (x > 0) {\n".repeat(90)}  x = x + 1;\n${"  }\n".repeat(90)}  return ${"(".repeat(170)}x${")".repeat(170)} + ${"- ".repeat(180)}x;`));
    const r = percepnet(["check", file]);
    assert.equal(r.status, 0, r.stderr);
  });

  it("check on an empty folder, a non-.ts file, a missing path or a symlink loop: one error line, exit 1", function () {
    fs.mkdirSync(path.join(tmp, "empty"));
    fs.symlinkSync("loop-b", path.join(tmp, "loop-a"));
    fs.symlinkSync("loop-a", path.join(tmp, "loop-b"));
    for (const [p, msg] of [
      [path.join(tmp, "empty"), /no spec \.ts files/],
      ["README.md", /not a spec file/],
      [path.join(tmp, "nope"), /no such file or folder/],
      [path.join(tmp, "loop-a"), /symlink loop/],
    ] as const) {
      const r = percepnet(["check", p]);
      assert.equal(r.status, 1, `${p}: ${r.stdout}${r.stderr}`);
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^percepnet: error: /);
      assert.match(lines[0], msg);
    }
  });

  it("a copy of spec/ outside the repository, with its model module generated in, checks clean, from inside and outside it", function () {
    const copy = path.join(tmp, "copy", "spec");
    fs.cpSync(path.join(ROOT, "spec"), copy, { recursive: true });
    // spec/model holds the network module's interface only; a build generates the module (sim/c-build/spec-build.ts)
    for (const f of fs.readdirSync(path.join(copy, "model"))) fs.rmSync(path.join(copy, "model", f));
    execFileSync(path.join(ROOT, ".venv/bin/python"), ["-m", "models.model_module", "models/trained/headset", "--out", path.join(copy, "model")], { cwd: ROOT });
    const r = percepnet(["check", copy]);
    assert.equal(r.status, 0, r.stderr.split("\n").slice(0, 5).join("\n"));
    assert.match(r.stdout, /ok: \d+ files/);
    assert.equal(percepnet(["check"], path.dirname(copy)).status, 0);
  });

  it("fuzzer seed 426824's conversions (i32(u) | i32(~u)) compile under gcc -Werror", function () {
    const file = path.join(tmp, "wrap.ts");
    const rel = path.relative(tmp, PRELUDE).split(path.sep).join("/");
    fs.writeFileSync(
      file,
      `import { i32, u32, i16, i8 } from "${rel}";\n` +
        `export function run_wrap(xi: Int32Array, oi: Int32Array): void {\n` +
        `  const u: u32 = (~u32(1) & u32(xi[41]));\n` +
        `  oi[0] = i32(u) | i32(~u);\n` +
        `  oi[1] = (i32(u) >> 31) | i32(~u);\n` +
        `  oi[2] = i32(i16(u) | i16(~u));\n` +
        `  oi[3] = i32(i8(xi[0]) | i8(~xi[0]));\n` +
        `}\n`,
    );
    const out = path.join(tmp, "wrap-out");
    compileToDir([file], out);
    const drv = path.join(tmp, "drv.c");
    fs.writeFileSync(drv, `#include "wrap.h"\nint main(void) { int32_t xi[64] = {0}, oi[4]; pn_run_wrap(xi, oi); return oi[0] == -1 && oi[2] == -1 && oi[3] == -1 ? 0 : 1; }\n`);
    const exe = buildHost({ cDir: path.join(out, "c"), extra: [drv], exe: path.join(tmp, "wrap.exe") });
    assert.equal(spawnSync(exe).status, 0);
  });
});
