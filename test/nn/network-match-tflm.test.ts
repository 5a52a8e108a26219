// The exactness test of issue 7: seeded random weights, scales and inputs (realistic, extreme
// and power-of-two profiles, saturated frames), exported as .tflite and run in TFLM. spec/nn's
// layers, compiled to exact JS and to host C, give TFLM's int8 values for every output and every
// state (GRU hidden states, convolution histories), frame by frame.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildHarness } from "../../sim/engines/harness.ts";
import { compare, loadDescription, loadTflm, nnHarnessInput, readFeatures, RefNet, unpackC, type Layers } from "../../models/nn/ref.ts";
import { GraphNet, loadGraph } from "../../models/nn/graph.ts";
import { compiledDir, nn } from "./exact.ts";
import { py, ROOT, tmpDir } from "./helpers.ts";

let layers: Layers; // spec/nn/layers.ts compiled by the exact-JS backend
let hostExe = ""; // spec/nn compiled by the C backend, in the host harness (its `nn` command)

const FULL_FRAMES = Number(process.env.PN_NN_FULL_FRAMES ?? 100);

/** Also run the exported .tflite operator by operator (parameters read back from the file). */
async function checkGraph(dir: string, frames: number, features: Int8Array, tflm: ReturnType<typeof loadTflm>): Promise<void> {
  py("graph", [`${dir}/model.tflite`, "--frames", "1", "--out", `${dir}/graph`]);
  const { g, blob } = loadGraph(`${dir}/graph`);
  const K = { layers, activations: await nn("activations"), elementwise: await nn("elementwise") };
  for (const r of compare(new GraphNet(g, blob, K).run(features, frames), tflm)) {
    assert.equal(r.agree, r.total, `operator runner, ${r.name}: first mismatch ${JSON.stringify(r.first)}`);
  }
}

async function check(args: string[], frames: number, expectStates: number, graph = true): Promise<void> {
  const dir = tmpDir("net");
  try {
    py("cli", ["gen", ...args, "--frames", String(frames), "--out", dir, "--run"]);
    const { desc, blob } = loadDescription(dir);
    const net = new RefNet(desc, blob, layers);
    const tflm = loadTflm(`${dir}/tflm`);
    const features = readFeatures(dir);
    const res = compare(net.run(features, frames), tflm);
    // The host C of the same spec, on the same network and frames.
    const out = execFileSync(hostExe, ["nn"], { input: nnHarnessInput(desc, blob, features, frames, net.outputNames), maxBuffer: 1 << 28 });
    const resC = compare(unpackC(out, desc, frames, net.outputNames), tflm);
    for (const r of resC) r.name = `host C: ${r.name}`;
    res.push(...resC);
    assert.equal(res.filter((r) => r.name.endsWith(".next")).length, 2 * expectStates, "state outputs");
    for (const r of res) {
      assert.ok(r.total >= frames, `${r.name}: ${r.total} values`);
      if (r.agree !== r.total) {
        assert.fail(`${r.name}: ${r.agree}/${r.total} agree; first mismatch at frame ${r.first!.frame} [${r.first!.index}]: ours ${r.first!.ours}, TFLM ${r.first!.tflm}`);
      }
    }
    for (const o of tflm) assert.equal(o.frames, frames);
    if (graph) await checkGraph(dir, frames, features, tflm);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("nn: exactness against TFLM", function () {
  before(async function () {
    this.timeout(120_000);
    layers = (await nn("layers")) as Layers;
    const dir = compiledDir();
    hostExe = buildHarness(path.join(dir, "c"), path.join(dir, "pn_harness"));
  });

  describe("nn: layers equal TFLM frame by frame", function () {
    this.timeout(120_000);
    for (const profile of ["realistic", "extreme", "pot"]) {
      it(`dense 70→40 + tanh, ${profile}, 100 frames`, () => check(["--layer", "dense", "--n-in", "70", "--seed", "11", "--profile", profile], 100, 0));
      it(`dense 24→34 + logistic, ${profile}, 100 frames`, () => check(["--layer", "dense_sigmoid", "--n-out", "34", "--seed", "12", "--profile", profile], 100, 0));
      it(`conv1d width 5 over time, its history state, ${profile}, 120 frames`, () => check(["--layer", "conv1d", "--seed", "13", "--profile", profile], 120, 1));
      it(`GRU cell and its hidden state, ${profile}, 150 frames`, () => check(["--layer", "gru", "--seed", "14", "--profile", profile], 150, 1));
    }
  });

  describe("nn: whole models equal TFLM frame by frame (every layer output and state)", function () {
    this.timeout(120_000);
    it("headset, realistic, 100 frames", () => check(["--size", "headset", "--seed", "21"], 100, 7));
    it("headset, extreme scales, 100 frames", () => check(["--size", "headset", "--seed", "22", "--profile", "extreme"], 100, 7));
    it("headset, power-of-two scales (rounding ties), 100 frames", () => check(["--size", "headset", "--seed", "25", "--profile", "pot"], 100, 7));
    it("m7, realistic, 100 frames", () => check(["--size", "m7", "--seed", "23"], 100, 7));
    it(`full (~10M weights), realistic, ${FULL_FRAMES} frames`, () => check(["--size", "full", "--seed", "24"], FULL_FRAMES, 7, false));
  });

  describe("nn verify: a .tflite from another writer, operator by operator", function () {
    this.timeout(120_000);
    it("per-tensor weights, fused RELU/RELU6, state paired by name: 150 frames equal TFLM", async () => {
      const dir = tmpDir("foreign");
      try {
        py("examples", ["--seed", "31", "--out", `${dir}/user.tflite`]);
        const lines: string[] = [];
        const { verify } = await import("../../models/nn/verify.ts");
        const rc = await verify({ tflite: `${dir}/user.tflite`, seed: 32, frames: 150, profile: "realistic" }, (s) => lines.push(s));
        assert.equal(rc, 0, lines.join("\n"));
        assert.match(lines.join("\n"), /y\s+3600\/3600/);
        assert.match(lines.join("\n"), /h\.next\s+3600\/3600/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
