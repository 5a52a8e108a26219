// Outputs are never lost or half-written: written beside the target and renamed; output = input
// refused; problems with the target found before processing; codegen --out replaces only a folder
// it made (marker) and deletes nothing else. Every failure here is one `percepnet: error:` line.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { WaveFile } from "../../sim/audio/pcm.ts";

const BIN = path.resolve("bin/percepnet.mjs");
const CLEAN = path.resolve("test/fixtures/subset/reject/multi/clean.ts");

function percepnet(args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync("node", [BIN, ...args], { encoding: "utf8", cwd, env: { ...process.env, ...env }, timeout: 300_000 });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

function oneErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], /^percepnet: error: /);
  assert.match(lines[0], pattern);
}

function wav(samples: number[]): Buffer {
  const w = new WaveFile();
  w.fromScratch(1, 48000, "16", samples);
  return Buffer.from(w.toBuffer());
}

describe("outputs: atomic, never the input, checked before processing", function () {
  this.timeout(300_000);
  let dir: string;
  let input: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-outputs-"));
    input = path.join(dir, "in.wav");
    fs.writeFileSync(input, wav(Array.from({ length: 9600 }, (_, i) => Math.round(6000 * Math.sin(i / 9)))));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("denoise X X, through a symlink or a hard link, is refused and X is unchanged", function () {
    const before = fs.readFileSync(input);
    fs.symlinkSync(input, path.join(dir, "sym.wav"));
    fs.linkSync(input, path.join(dir, "hard.wav"));
    for (const out of [input, path.join(dir, "sym.wav"), path.join(dir, "hard.wav"), path.join(dir, ".", "in.wav")]) {
      const r = percepnet(["denoise", input, out]);
      assert.equal(r.code, 1, r.stderr);
      oneErrorLine(r.stderr, /the output is the input/);
    }
    assert.ok(fs.readFileSync(input).equals(before));
    assert.deepEqual(fs.readdirSync(dir).sort(), ["hard.wav", "in.wav", "sym.wav"]);
  });

  it("an output that is a folder or under a file fails at once with one line", function () {
    fs.mkdirSync(path.join(dir, "folder.wav"));
    oneErrorLine(percepnet(["denoise", input, path.join(dir, "folder.wav")]).stderr, /is a folder \(EISDIR\)/);
    oneErrorLine(percepnet(["denoise", input, path.join(input, "x.wav")]).stderr, /ENOTDIR|ENOENT|EEXIST/);
    oneErrorLine(percepnet(["denoise", path.join(dir, "missing.wav"), path.join(dir, "o.wav")]).stderr, /missing\.wav: cannot read \(ENOENT\)/);
    fs.symlinkSync("loop-b", path.join(dir, "loop-a"));
    fs.symlinkSync("loop-a", path.join(dir, "loop-b"));
    oneErrorLine(percepnet(["denoise", path.join(dir, "loop-a"), path.join(dir, "o.wav")]).stderr, /ELOOP/);
    assert.equal(fs.existsSync(path.join(dir, "o.wav")), false);
  });

  it("EFBIG (a file size limit) and EACCES (a read-only folder) are found before processing", function () {
    // 10 s of audio: the output needs 960,044 bytes; ulimit -f 200 allows 204,800.
    const long = path.join(dir, "ten.wav");
    fs.writeFileSync(long, wav(Array.from({ length: 480000 }, (_, i) => Math.round(3000 * Math.sin(i / 7)))));
    const t0 = Date.now();
    const r = spawnSync("bash", ["-c", `ulimit -f 200; exec node ${BIN} denoise ${long} ${path.join(dir, "big.wav")}`], { encoding: "utf8" });
    oneErrorLine(r.stderr, /EFBIG/);
    assert.ok(Date.now() - t0 < 60_000);
    assert.equal(fs.existsSync(path.join(dir, "big.wav")), false);
    if (process.getuid?.() === 0 && fs.existsSync("/usr/sbin/runuser")) {
      // root writes anywhere: run as nobody against a folder nobody cannot write
      const ro = path.join(dir, "ro");
      fs.mkdirSync(ro, { mode: 0o755 });
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(input, 0o644);
      const n = spawnSync("/usr/sbin/runuser", ["-u", "nobody", "--", "node", BIN, "denoise", input, path.join(ro, "x.wav")], { encoding: "utf8" });
      oneErrorLine(n.stderr, /cannot write in .*EACCES/);
    }
  });

  it("commander's own errors are one line too", function () {
    oneErrorLine(percepnet(["no-such-command"]).stderr, /unknown command/);
    oneErrorLine(percepnet(["denoise"]).stderr, /missing required argument/);
  });

  it("a run that fails midway leaves the previous output as it was and no temporary file", function () {
    const out = path.join(dir, "prev.wav");
    fs.writeFileSync(out, "the previous result");
    const w = new WaveFile();
    w.fromScratch(1, 48000, "32f", Float32Array.from({ length: 96000 }, (_, i) => (i === 90000 ? NaN : 0.1 * Math.sin(i / 5))) as unknown as number[]);
    fs.writeFileSync(path.join(dir, "nan.wav"), w.toBuffer());
    const r = percepnet(["denoise", path.join(dir, "nan.wav"), out, "--engine", "host"]);
    oneErrorLine(r.stderr, /sample 90000 is NaN/);
    assert.equal(fs.readFileSync(out, "utf8"), "the previous result");
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  });

  it("codegen --out refuses a non-empty folder it did not make, and deletes nothing", function () {
    const work = fs.mkdtempSync(path.join(dir, "cwd-"));
    fs.writeFileSync(path.join(work, "precious.txt"), "keep me");
    for (const out of [".", work]) {
      const r = percepnet(["codegen", "--out", out, CLEAN], work);
      assert.equal(r.code, 1, r.stderr);
      oneErrorLine(r.stderr, /not empty and was not made by percepnet codegen/);
    }
    assert.deepEqual(fs.readdirSync(work), ["precious.txt"]);
  });

  it("codegen --out: a new folder, then the same folder again (marked), replaced; an empty folder filled", function () {
    const out = path.join(dir, "gen");
    for (let k = 0; k < 2; k++) {
      const r = percepnet(["codegen", "--out", out, CLEAN]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(fs.readdirSync(out).sort(), [".percepnet-codegen", "c", "js"]);
    }
    const empty = path.join(dir, "empty");
    fs.mkdirSync(empty);
    assert.equal(percepnet(["codegen", "--out", empty, CLEAN]).code, 0);
    assert.ok(fs.existsSync(path.join(empty, "c")));
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes(".tmp")), []);
  });

  it("codegen --out into its earlier output replaces only the files it wrote: a user's files there (and in c/) are kept", function () {
    const work = fs.mkdtempSync(path.join(dir, "cwd-ours-"));
    assert.equal(percepnet(["codegen", "--out", ".", CLEAN], work).code, 0);
    fs.writeFileSync(path.join(work, "notes.txt"), "mine");
    fs.writeFileSync(path.join(work, "c", "my_main.c"), "int main(void) { return 0; }\n");
    const generated = path.join(work, "c", "clean.c");
    fs.writeFileSync(generated, "/* edited */\n");
    const r = percepnet(["codegen", "--out", ".", CLEAN], work);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(work, "notes.txt"), "utf8"), "mine");
    assert.equal(fs.readFileSync(path.join(work, "c", "my_main.c"), "utf8"), "int main(void) { return 0; }\n");
    assert.notEqual(fs.readFileSync(generated, "utf8"), "/* edited */\n", "the generated file was not replaced");
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes(".tmp")), []);
  });

  it("codegen --out refuses to overwrite a file it did not write, even in its own output folder", function () {
    const out = path.join(dir, "gen-foreign");
    assert.equal(percepnet(["codegen", "--out", out, CLEAN]).code, 0);
    const marker = path.join(out, ".percepnet-codegen");
    fs.writeFileSync(marker, fs.readFileSync(marker, "utf8").replace("c/clean.c\n", ""));
    fs.writeFileSync(path.join(out, "c/clean.c"), "/* a user's file */\n");
    const r = percepnet(["codegen", "--out", out, CLEAN]);
    assert.equal(r.code, 1);
    oneErrorLine(r.stderr, /clean\.c: exists and was not written by percepnet codegen/);
    assert.equal(fs.readFileSync(path.join(out, "c/clean.c"), "utf8"), "/* a user's file */\n");
  });
});
