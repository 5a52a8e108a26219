// The trained model is a build input (sim/engines/model.ts, sim/c-build/spec-build.ts): nothing of it is in spec/;
// --model NAME|DIR picks it, a board's modelSize is the default. A model folder copied outside the
// repository (its manifest renamed, so the build cannot reuse the headset's) builds the product:
// the reference, the host C and the m4f firmware give the headset's bytes. Bad folders are one
// line, and nothing is written. Training nothing.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { wavHeader16 } from "../../sim/audio/wav-input.ts";
import { loadBoard } from "../../sim/boards.ts";
import { resolveModel } from "../../sim/engines/model.ts";

const BIN = path.resolve("bin/percepnet.mjs");

function percepnet(args: string[]) {
  const r = spawnSync("node", [BIN, ...args], { encoding: "utf8", timeout: 600_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");
/** The committed headset's MAC per frame, counted here from its description: rows × cols of every FC
 *  (not read from the manifest, whose figure the product reports and this test checks). */
function headsetMacs(): number {
  let n = 0;
  const walk = (o: unknown): void => {
    if (!o || typeof o !== "object") return;
    const fc = o as { rows?: unknown; cols?: unknown; w?: unknown };
    if (typeof fc.rows === "number" && typeof fc.cols === "number" && fc.w) n += fc.rows * fc.cols;
    Object.values(o).forEach(walk);
  };
  walk(JSON.parse(fs.readFileSync("models/trained/headset/model.json", "utf8")).layers);
  return n;
}
/** The samples of a 16-bit WAV (after its 44-byte header) or raw PCM file. */
const pcm = (f: string) => (f.endsWith(".wav") ? fs.readFileSync(f).subarray(44) : fs.readFileSync(f));

function oneErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], /^percepnet: error: /);
  assert.match(lines[0], pattern);
}

describe("the model is a build input: --model NAME|DIR, the board's size by default", function () {
  this.timeout(900_000);
  let dir: string;
  let input: string;
  let mine: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-model-"));
    input = path.join(dir, "in.wav");
    const n = 48000;
    const x = new Int16Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.round(6000 * Math.sin(i / 13) * Math.sin(i / 4000) + 1500 * Math.sin(i * 0.77));
    fs.writeFileSync(input, Buffer.concat([wavHeader16(n), Buffer.from(x.buffer)]));
    mine = path.join(dir, "my-model");
    fs.cpSync("models/trained/headset", mine, { recursive: true });
    const manifest = path.join(mine, "manifest.json");
    fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifest, "utf8")), name: "my-model" }, null, 1));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("spec/model holds only the module's interface (*.d.ts): nothing generated from a model is in spec/", function () {
    assert.deepEqual(fs.readdirSync("spec/model").filter((f) => !f.endsWith(".d.ts")), []);
  });

  it("without --model a board runs its modelSize (m7 on m7, full on a53, headset on m4f); a name or a folder overrides it", function () {
    assert.equal(resolveModel(undefined, loadBoard("m7").modelSize).name, "m7");
    assert.equal(resolveModel(undefined, loadBoard("a53").modelSize).name, "full");
    assert.equal(resolveModel(undefined, loadBoard("m4f").modelSize).name, "headset");
    assert.equal(resolveModel(undefined).name, "headset");
    assert.equal(resolveModel("headset", "full").dir, path.resolve("models/trained/headset"));
    assert.equal(resolveModel(mine, "full").dir, mine);
  });

  it("a model folder outside the repository builds the product: denoise (ref and host) and the m4f firmware give the headset's bytes and name the folder and its hash", function () {
    const want = path.join(dir, "headset.wav");
    assert.equal(percepnet(["denoise", input, want]).code, 0);
    const hash = resolveModel(mine).sha256;
    assert.notEqual(hash, resolveModel("headset").sha256, "the copy's manifest differs: its build cannot be the headset's");
    for (const engine of ["ref", "host"]) {
      const out = path.join(dir, `mine-${engine}.wav`);
      const r = percepnet(["denoise", input, out, "--model", mine, "--engine", engine]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`trained network my-model \\(${mine.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, sha256 ${hash.slice(0, 16)}\\)`));
      assert.equal(sha(out), sha(want), `${engine} with the copied model differs from the headset's output`);
    }
    const fw = path.join(dir, "mine-m4f.pcm");
    const s = percepnet(["sim", "--board", "m4f", input, "--model", mine, "--out", fw, "--json"]);
    assert.equal(s.code, 0, s.stderr);
    const summary = JSON.parse(s.stdout).boards[0];
    assert.deepEqual(summary.model, { name: "my-model", dir: mine, sha256: hash, macsPerFrame: headsetMacs() });
    assert.ok(pcm(fw).equals(pcm(want)), "the m4f firmware with the copied model differs from denoise");
  });

  it("sim --board m7 runs the m7 model and says so; its output is denoise --model m7's", function () {
    const fw = path.join(dir, "m7.wav");
    const r = percepnet(["sim", "--board", "m7", input, "--out", fw]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^m7 +model m7 \(models\/trained\/m7\), sha256 [0-9a-f]{16}, 703232 MAC\/frame$/m);
    const host = path.join(dir, "m7-host.wav");
    assert.equal(percepnet(["denoise", input, host, "--model", "m7", "--engine", "host"]).code, 0);
    assert.ok(pcm(fw).equals(pcm(host)), "the m7 firmware and the host C with the m7 model differ");
  });

  describe("bad models: one error line, nothing written", function () {
    const refused = (model: string, pattern: RegExp) => {
      const out = path.join(dir, "never.wav");
      const r = percepnet(["denoise", input, out, "--model", model]);
      assert.equal(r.code, 1, r.stdout);
      oneErrorLine(r.stderr, pattern);
      assert.equal(fs.existsSync(out), false);
    };

    it("a name that is not a model, a file, a folder without a manifest", function () {
      refused("tiny", /--model tiny: no such model \(a name under models\/trained\/: full, headset, m7; or a folder/);
      refused(path.join(mine, "model.bin"), /not a folder/);
      const empty = path.join(dir, "empty");
      fs.mkdirSync(empty, { recursive: true });
      refused(empty, /no manifest\.json: not a model folder/);
    });

    it("a weights file changed after export (its sha256 is not the manifest's)", function () {
      const changed = path.join(dir, "changed");
      fs.cpSync(mine, changed, { recursive: true });
      const bin = fs.readFileSync(path.join(changed, "model.bin"));
      bin[100] ^= 1;
      fs.writeFileSync(path.join(changed, "model.bin"), bin);
      refused(changed, /model\.bin: its sha256 is not the one manifest\.json records/);
    });

    it("a description of another format version, with a manifest that matches it", function () {
      const other = path.join(dir, "other-format");
      fs.cpSync(mine, other, { recursive: true });
      const desc = path.join(other, "model.json");
      fs.writeFileSync(desc, fs.readFileSync(desc, "utf8").replace('"percepnet-nn/1"', '"percepnet-nn/2"'));
      const manifest = path.join(other, "manifest.json");
      const m = JSON.parse(fs.readFileSync(manifest, "utf8"));
      m.sha256["model.json"] = sha(desc);
      fs.writeFileSync(manifest, JSON.stringify(m));
      refused(other, /model\.json: description format "percepnet-nn\/2"; the product builds percepnet-nn\/1 descriptions/);
    });

    it("a description that breaks its schema (a GRU's width written as a string): the line names the field", function () {
      const broken = path.join(dir, "broken-description");
      fs.cpSync(mine, broken, { recursive: true });
      const desc = path.join(broken, "model.json");
      const d = JSON.parse(fs.readFileSync(desc, "utf8"));
      d.layers[3].hidden = "32";
      fs.writeFileSync(desc, JSON.stringify(d));
      const manifest = path.join(broken, "manifest.json");
      const m = JSON.parse(fs.readFileSync(manifest, "utf8"));
      m.sha256["model.json"] = sha(desc);
      fs.writeFileSync(manifest, JSON.stringify(m));
      refused(broken, /model\.json: layers\[3\]\.hidden: expected an integer, got "32" \(models\/nn\/description\.schema\.json\)$/);
    });

    it("a user's own .tflite the exporter did not write: the error names what the product does not support", function () {
      const user = path.join(dir, "user");
      fs.mkdirSync(user);
      const py = spawnSync(".venv/bin/python", ["-m", "models.nn.examples", "--seed", "31", "--out", path.join(user, "model.tflite")], { encoding: "utf8" });
      assert.equal(py.status, 0, py.stderr);
      refused(user, /model\.tflite: not written by the percepnet exporter: unsupported fused RELU on FULLY_CONNECTED .*per-tensor weights on FULLY_CONNECTED/);
    });
  });
});
